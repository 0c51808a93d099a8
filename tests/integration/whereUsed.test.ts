// "Where used" lists on photos and calls to action: a story readers can see is shown as live, whatever stage its
// latest draft is in, and stages read as people say them.
import type { JoinField, Payload, SelectField, TypedUser } from 'payload'

import { createCredit, createMedia } from '../helpers/content'
import { deskEditor, publishStory, unpublishStory } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'
import { STAGE_LABELS, STAGES } from '../../src/workflow/stages'

let ctx: TestServer
let payload: Payload
let editorHeaders: Record<string, string>
let writer: TypedUser

beforeAll(async () => {
  ctx = await startTestServer()
  payload = ctx.payload
  editorHeaders = await loginHeaders(ctx.baseUrl, (await deskEditor(payload)).email)
  writer = { ...(await createUser(payload, 'writer', 'Where Used Writer')), collection: 'users' } as TypedUser
})

afterAll(async () => {
  await ctx?.close()
})

type ListedStory = { id: number; title: string; isLive?: boolean | null; stage?: string | null; _status?: string | null }

/** The photo's "Used in stories" list as the admin's edit view reads it: the latest drafts (`draft=true`). */
async function usedIn(mediaId: number): Promise<ListedStory[]> {
  const response = await fetch(`${ctx.baseUrl}/api/media/${mediaId}?draft=true&depth=1`, { headers: editorHeaders })
  expect(response.status).toBe(200)
  return ((await response.json()).usedIn?.docs ?? []) as ListedStory[]
}

async function creditedPhoto() {
  const credit = await createCredit(payload, { photographer: 'Where Used Photographer' })
  return createMedia(payload, { credit: credit.id, alt: 'A crowd outside the courthouse' })
}

describe('a photo’s “where used” list', () => {
  it('shows a live story as live while a writer’s new revision of it is in draft, and a story never published as not live', async () => {
    const photo = await creditedPhoto()
    const live = await payload.create({ collection: 'articles', data: { title: 'Live story', heroImage: photo.id, authors: [writer.id] } })
    await publishStory(payload, live.id)
    // The writer's edit starts a new revision: the latest draft is a "Draft", the story is still live.
    await payload.update({ collection: 'articles', id: live.id, data: { dek: 'A new paragraph on the verdict.' }, draft: true, user: writer, overrideAccess: false })
    const neverPublished = await payload.create({ collection: 'articles', data: { title: 'Unpublished story', heroImage: photo.id } })

    const listed = await usedIn(photo.id)
    const byId = new Map(listed.map((story) => [story.id, story]))
    expect(byId.get(live.id)).toMatchObject({ stage: 'draft', isLive: true })
    expect(byId.get(neverPublished.id)).toMatchObject({ isLive: false })
  })

  it('stops showing a story as live once it is unpublished, and shows an editor’s pending correction as live', async () => {
    const photo = await creditedPhoto()
    const story = await payload.create({ collection: 'articles', data: { title: 'Corrected story', heroImage: photo.id } })
    await publishStory(payload, story.id)
    const editor = await deskEditor(payload)
    await payload.update({ collection: 'articles', id: story.id, data: { dek: 'Corrected spelling.' }, draft: true, user: editor, overrideAccess: false })
    expect((await usedIn(photo.id))[0]).toMatchObject({ id: story.id, isLive: true })

    await unpublishStory(payload, story.id)
    expect((await usedIn(photo.id))[0]).toMatchObject({ id: story.id, isLive: false })
  })

  it('ignores a client that claims a story is live, on create and on update', async () => {
    const photo = await creditedPhoto()
    const created = await fetch(`${ctx.baseUrl}/api/articles?draft=true`, {
      method: 'POST',
      headers: editorHeaders,
      body: JSON.stringify({ title: 'Claims to be live', heroImage: photo.id, isLive: true }),
    })
    expect(created.status).toBe(201)
    const { doc } = await created.json()
    const patched = await fetch(`${ctx.baseUrl}/api/articles/${doc.id}?draft=true`, { method: 'PATCH', headers: editorHeaders, body: JSON.stringify({ isLive: true }) })
    expect(patched.status).toBe(200)
    expect((await usedIn(photo.id)).map((story) => story.isLive)).toEqual([false])
  })

  it('lists title, whether readers see the story, and its stage, for photos, calls to action and organizations', () => {
    const joinsOnStories = ['media', 'calls-to-action', 'organizations']
      .flatMap((slug) => payload.collections[slug as 'media'].config.fields)
      .filter((field): field is JoinField => field.type === 'join' && field.collection === 'articles')
    expect(joinsOnStories.length).toBeGreaterThanOrEqual(5)
    for (const join of joinsOnStories) {
      expect({ join: join.name, columns: join.admin?.defaultColumns }).toEqual({ join: join.name, columns: ['title', 'isLive', 'stage', 'updatedAt'] })
    }
  })

  it('names stages as people read them (“Changes requested”), in stories and in the stage log', () => {
    const stageFields = [
      payload.collections.articles.config.fields.find((field) => 'name' in field && field.name === 'stage'),
      ...payload.collections['article-transitions'].config.fields.filter((field) => 'name' in field && ['from', 'to'].includes(field.name)),
    ] as SelectField[]
    expect(stageFields).toHaveLength(3)
    for (const field of stageFields) {
      expect(field.options).toEqual(STAGES.map((stage) => ({ label: STAGE_LABELS[stage], value: stage })))
    }
    expect(STAGE_LABELS['changes-requested']).toBe('Changes requested')
  })
})
