// Opening a story in the admin asks the server once for everything its panels show
// (GET /api/articles/:id/editorial-panels): the same verdicts as the separate endpoints, with the caller's access,
// names instead of ids, and a readable 4xx for anything else.
import type { TypedUser } from 'payload'

import { transitionArticle } from '../../src/workflow/transitionArticle'
import { createMedia } from '../helpers/content'
import { creditedStory } from '../helpers/contentApiFixtures'
import { deskEditor } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'
import { apiKeyCaller } from '../helpers/http'
import { databasePool } from '../../src/db/closePayload'

const ctx = testServerOfThisFile()

type Person = { user: TypedUser; headers: Record<string, string> }
// Machine readers never sign in with a password: they send their API key.
const signIn = async (user: { id: number; email: string; role?: string | null }): Promise<Person> => ({
  user: { ...user, collection: 'users' } as TypedUser,
  headers: user.role === 'api' ? (await apiKeyCaller(ctx.payload, user)).headers : await loginHeaders(ctx.baseUrl, user.email),
})

let editor: Person
let otherWriter: Person
let api: Person

beforeAll(async () => {
  editor = await signIn(await createUser(ctx.payload, 'editor', 'Panel Editor'))
  otherWriter = await signIn(await createUser(ctx.payload, 'writer', 'Another Writer'))
  api = await signIn(await createUser(ctx.payload, 'api', 'Feed Reader'))
})

const get = async (person: Person | null, path: string) => {
  const response = await fetch(`${ctx.baseUrl}${path}`, { headers: person?.headers ?? {} })
  return { status: response.status, body: (await response.json().catch(() => null)) as any }
}

/** A story with an uncredited body photo besides the fixture's credited ones, submitted by its writer, with a note. */
async function storyInReview() {
  const fixture = await creditedStory(ctx.payload, { title: `Panels ${Date.now()}` })
  const uncredited = await createMedia(ctx.payload, { alt: 'A crowd outside the courthouse' })
  const body = fixture.story.body as { root: { children: unknown[] } }
  await ctx.payload.update({
    collection: 'articles',
    id: fixture.story.id,
    draft: true,
    data: {
      body: { ...body, root: { ...body.root, children: [...body.root.children, { type: 'upload', version: 3, format: '', id: 'n-uncredited', fields: {}, relationTo: 'media', value: uncredited.id }] } } as never,
    },
    overrideAccess: true,
  })
  const writer = await signIn(fixture.author)
  await transitionArticle({ payload: ctx.payload, articleId: fixture.story.id, to: 'in-review', user: writer.user, note: 'Ready for a read.' })
  await ctx.payload.create({ collection: 'editorial-notes', data: { article: fixture.story.id, text: 'Check the second photo.' }, user: editor.user, overrideAccess: false })
  return { ...fixture, uncredited, writer }
}

describe('the story page’s panels in one answer', () => {
  it('gives the draft’s workflow facts, the gate’s verdict, every image with its credit line, notes, the stage log and names', async () => {
    const { story, bodyImage, uncredited, author } = await storyInReview()
    const { status, body } = await get(editor, `/api/articles/${story.id}/editorial-panels`)
    expect(status).toBe(200)

    expect(body.story).toMatchObject({ id: story.id, stage: 'in-review', authors: [author.id] })
    // The panels need the workflow facts, not the text: the body and internal fields stay on the server.
    expect(Object.keys(body.story)).not.toEqual(expect.arrayContaining(['body']))
    expect(body.story).not.toHaveProperty('searchText')
    expect(body.story).not.toHaveProperty('contentHash')

    expect(body.readiness).toMatchObject({ ready: false, stage: 'in-review' })
    expect(body.readiness.problems.map((problem: { mediaId: number; missing: string[] }) => [problem.mediaId, problem.missing])).toEqual([[uncredited.id, ['credit']]])
    const credited = body.images.find((image: { mediaId: number }) => image.mediaId === bodyImage.id)
    expect(credited.media).toMatchObject({ filename: bodyImage.filename, caption: 'The default body caption.', creditLine: expect.stringContaining('Aaron Hooper') })
    expect(credited.missing).toEqual([])
    const missing = body.images.find((image: { mediaId: number }) => image.mediaId === uncredited.id)
    expect(missing).toMatchObject({ missing: ['credit'], media: { alt: 'A crowd outside the courthouse' } })
    expect(missing.media.creditLine ?? null).toBeNull()

    expect(body.notes.map((note: { text: string; author: number }) => [note.text, body.people[String(note.author)]])).toEqual([['Check the second photo.', 'Panel Editor']])
    expect(body.stageChanges[0]).toMatchObject({ from: 'draft', to: 'in-review', note: 'Ready for a read.' })
    expect(body.people[String(body.stageChanges[0].by)]).toBe(author.name)
    expect(body.people[String(author.id)]).toBe(author.name)
  })

  it('says what the separate readiness and edit-warning endpoints say, for editors and writers alike', async () => {
    const { story, writer } = await storyInReview()
    for (const person of [editor, writer]) {
      const panels = await get(person, `/api/articles/${story.id}/editorial-panels`)
      const readiness = await get(person, `/api/articles/${story.id}/publish-readiness`)
      const warning = await get(person, `/api/articles/${story.id}/edit-warning`)
      expect(panels.status).toBe(200)
      expect(panels.body.readiness).toEqual(readiness.body)
      expect(panels.body.editWarning).toEqual(warning.body)
    }
  })

  it('offers reviewers only to someone who may submit the story now, without the story’s own writers', async () => {
    const fixture = await creditedStory(ctx.payload, { title: `Draft panels ${Date.now()}` })
    const writer = await signIn(fixture.author)
    const asWriter = await get(writer, `/api/articles/${fixture.story.id}/editorial-panels`)
    expect(asWriter.status).toBe(200)
    expect(asWriter.body.reviewers.map((reviewer: { name: string }) => reviewer.name)).toContain('Panel Editor')
    expect(asWriter.body.reviewers.every((reviewer: { id: number }) => reviewer.id !== writer.user.id)).toBe(true)

    const desk = await deskEditor(ctx.payload)
    await transitionArticle({ payload: ctx.payload, articleId: fixture.story.id, to: 'in-review', user: desk })
    const inReview = await get(writer, `/api/articles/${fixture.story.id}/editorial-panels`)
    expect(inReview.body.reviewers).toEqual([])
  })

  it('tells a writer who is not among the story’s authors why the verdict is not theirs, and still shows the workflow', async () => {
    const { story } = await storyInReview()
    const { status, body } = await get(otherWriter, `/api/articles/${story.id}/editorial-panels`)
    expect(status).toBe(200)
    expect(body.readiness).toBeNull()
    expect(body.readinessRefusal).toBe('Only editors and the story’s authors can check it.')
    expect(body.story.stage).toBe('in-review')
  })

  it('says how long its handler took, step by step, in a Server-Timing header, as the readiness endpoint does', async () => {
    const { story } = await storyInReview()
    const timingOf = async (path: string) => {
      const response = await fetch(`${ctx.baseUrl}${path}`, { headers: editor.headers })
      await response.arrayBuffer()
      expect(response.status).toBe(200)
      return response.headers.get('server-timing') ?? ''
    }
    expect(await timingOf(`/api/articles/${story.id}/editorial-panels`)).toMatch(/^story;dur=[\d.]+, panels;dur=[\d.]+, people;dur=[\d.]+, total;dur=[\d.]+$/)
    expect(await timingOf(`/api/articles/${story.id}/publish-readiness`)).toMatch(/^story;dur=[\d.]+, readiness;dur=[\d.]+, total;dur=[\d.]+$/)
  })

  it('answers the anonymous with 401 and machine readers with 403, in sentences', async () => {
    const { story } = await storyInReview()
    const anonymous = await get(null, `/api/articles/${story.id}/editorial-panels`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.errors[0].message).toBe('Sign in to open stories.')
    const machine = await get(api, `/api/articles/${story.id}/editorial-panels`)
    expect(machine.status).toBe(403)
    expect(machine.body.errors[0].message).toBe('Only newsroom staff open stories in the admin.')
  })

  it('opens a story whose body (written in SQL) points an image at an id that is no row id: the panels and the readiness answer, never a 500', async () => {
    const { story } = await storyInReview()
    const body = story.body as { root: { children: unknown[] } }
    const broken = { ...body, root: { ...body.root, children: [...body.root.children, { type: 'upload', version: 3, format: '', id: 'n-broken', fields: {}, relationTo: 'media', value: 'not-an-id' }] } }
    await databasePool(ctx.payload).query(`update _articles_v set version_body = $2 where parent_id = $1 and latest`, [story.id, JSON.stringify(broken)])
    const panels = await get(editor, `/api/articles/${story.id}/editorial-panels`)
    expect(panels.status).toBe(200)
    const readiness = await get(editor, `/api/articles/${story.id}/publish-readiness`)
    expect(readiness.status).toBe(200)
    // The gate still sees the node, and says it points at nothing.
    expect(readiness.body.ready).toBe(false)
    expect(readiness.body.problems).toEqual([expect.objectContaining({ mediaId: 'not-an-id', location: 'body, image 3', message: expect.stringMatching(/no longer exists/) })])
    expect(panels.body.readiness).toEqual(readiness.body)
  })

  it.each([
    ['a word', 'abc'],
    ['zero', '0'],
    ['a negative number', '-1'],
    ['a number in exponent form', '1e3'],
    ['a number too large for the database', '99999999999999999999'],
    ['a story that does not exist', '2147480000'],
    ['invisible characters', '%E2%80%8B'],
  ])('answers %s as a story id with a 404 that names it, never a 500', async (_, id) => {
    const { status, body } = await get(editor, `/api/articles/${id}/editorial-panels`)
    expect(status).toBe(404)
    expect(body.errors[0].message).toMatch(/^There is no story .* you can read\.$/)
  })
})
