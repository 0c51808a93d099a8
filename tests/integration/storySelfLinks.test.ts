// A story's body does not link to the story itself: the admin's link picker leaves it out, and the server refuses
// to publish a body that holds such a link anyway (written over the API, or saved in an older draft), in a sentence.
// The writer writes the draft; an editor who wrote nothing approves and publishes it.
import { paragraph, storyBody } from '../../src/lexical/lexicalBuilders'
import { creditedStory } from '../helpers/contentApiFixtures'
import { approveStory, deskEditor } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'
import { loginHeaders } from '../helpers/users'

const ctx = testServerOfThisFile()

const linkTo = (id: number, label: string) => ({
  type: 'link',
  version: 3,
  format: '',
  indent: 0,
  direction: 'ltr',
  id: `link-${id}-${label.length}`,
  children: [{ type: 'text', version: 1, text: label, format: 0, style: '', mode: 'normal', detail: 0 }],
  fields: { linkType: 'internal', newTab: false, doc: { relationTo: 'articles', value: id } },
})

async function editorHeaders() {
  return loginHeaders(ctx.baseUrl, (await deskEditor(ctx.payload)).email)
}

const patch = async (headers: Record<string, string>, path: string, data: unknown) => {
  const response = await fetch(`${ctx.baseUrl}${path}`, { method: 'PATCH', headers, body: JSON.stringify(data) })
  return { status: response.status, body: (await response.json()) as any }
}

const readable = (body: { errors?: { message?: string; data?: { errors?: { message?: string }[] } }[] }) =>
  [body.errors?.[0]?.message, ...(body.errors?.[0]?.data?.errors ?? []).map((error) => error.message)].join(' ')

/** The author drafts a link to story `target` (accepted in a draft), the desk approves, an editor publishes: the answer. */
async function publishWithLink({ story, author }: { story: { id: number }; author: { email: string } }, { target, text }: { target: number; text: string }) {
  const drafted = await patch(await loginHeaders(ctx.baseUrl, author.email), `/api/articles/${story.id}?draft=true`, { body: storyBody(paragraph('Read ', linkTo(target, text), '.')) })
  expect(drafted.status).toBe(200)
  await approveStory(ctx.payload, story.id)
  return patch(await editorHeaders(), `/api/articles/${story.id}`, { _status: 'published' })
}

describe('a story that links to itself', () => {
  it('may hold the link in a draft, but is refused publication with a sentence naming the link, and stays unpublished', async () => {
    const { story, author } = await creditedStory(ctx.payload, { title: `Self link ${Date.now()}` })
    const published = await publishWithLink({ story, author }, { target: story.id, text: 'our own story' })
    expect(published.status).toBe(400)
    expect(readable(published.body)).toContain('The story links to itself (“our own story”): link to another story, or remove the link.')
    const live = await ctx.payload.find({ collection: 'articles', where: { id: { equals: story.id } }, draft: false, overrideAccess: true })
    expect(live.docs[0]?._status ?? 'draft').not.toBe('published')
  })

  it('publishes once the link points at another story', async () => {
    const { story, author } = await creditedStory(ctx.payload, { title: `Linking story ${Date.now()}` })
    const { story: other } = await creditedStory(ctx.payload, { title: `Linked story ${Date.now()}` })
    const published = await publishWithLink({ story, author }, { target: other.id, text: 'the other story' })
    expect(published.status).toBe(200)
    expect(published.body.doc._status).toBe('published')
  })
})
