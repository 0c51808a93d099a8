// Separation of duties, tried as an insider would: self-approval by the back door, cancelling an editor's
// schedule as a writer, and widening a preview link that was meant to be narrow.
import type { Payload, TypedUser } from 'payload'

import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'

let ctx: TestServer
let payload: Payload

type Person = { user: TypedUser; headers: Record<string, string> }
const people = {} as Record<'writer' | 'editor' | 'otherEditor' | 'admin', Person>

beforeAll(async () => {
  ctx = await startTestServer()
  payload = ctx.payload
  for (const [name, role] of [
    ['writer', 'writer'],
    ['editor', 'editor'],
    ['otherEditor', 'editor'],
    ['admin', 'admin'],
  ] as const) {
    const user = await createUser(payload, role, `Duties ${name}`)
    people[name] = { user: { ...user, collection: 'users' } as TypedUser, headers: await loginHeaders(ctx.baseUrl, user.email) }
  }
}, 60_000)

afterAll(async () => {
  await ctx?.close()
})

const draftStory = async (title = `Story ${Math.random()}`) =>
  payload.create({ collection: 'articles', data: { title, authors: [people.writer.user.id] }, overrideAccess: true })

describe('preview links only ever narrow', () => {
  const newLink = async () => {
    const story = await draftStory()
    return payload.create({ collection: 'preview-links', data: { article: story.id }, user: people.editor.user, overrideAccess: false })
  }
  const patch = (id: number, body: unknown, headers = people.editor.headers) =>
    fetch(`${ctx.baseUrl}/api/preview-links/${id}`, { method: 'PATCH', headers, body: JSON.stringify(body) })
  const stored = (id: number) => payload.findByID({ collection: 'preview-links', id, depth: 0, overrideAccess: true })

  it('refuses to change a link’s token, and keeps the server-made one', async () => {
    const link = await newLink()
    for (const token of ['chosen-by-the-editor', '', null, 12345]) {
      const response = await patch(link.id, { token })
      expect(response.status).toBe(400)
      expect((await response.json()).errors[0].message).toMatch(/token|Token/)
      expect((await stored(link.id)).token).toBe(link.token)
    }
  })

  it('refuses to move a link’s expiry later, or to remove it', async () => {
    const link = await newLink()
    const farFuture = new Date(Date.now() + 10 * 365 * 24 * 60 * 60 * 1000).toISOString()
    for (const expiresAt of [farFuture, null, new Date(new Date(link.expiresAt!).getTime() + 1000).toISOString()]) {
      const response = await patch(link.id, { expiresAt })
      expect(response.status).toBe(400)
      expect((await response.json()).errors[0].message).toMatch(/expiry can only be brought forward/)
      expect((await stored(link.id)).expiresAt).toBe(link.expiresAt)
    }
  })

  it('lets an editor bring the expiry forward', async () => {
    const link = await newLink()
    const sooner = new Date(Date.now() + 60 * 60 * 1000).toISOString()
    const response = await patch(link.id, { expiresAt: sooner })
    expect(response.status).toBe(200)
    expect((await stored(link.id)).expiresAt).toBe(sooner)
  })

  it('keeps a revoked link revoked, through REST, a bulk update, GraphQL and the Local API', async () => {
    const link = await newLink()
    expect((await patch(link.id, { revoked: true })).status).toBe(200)
    expect((await fetch(`${ctx.baseUrl}/api/preview/${link.token}`)).status).toBe(410)

    const single = await patch(link.id, { revoked: false })
    expect(single.status).toBe(400)
    expect((await single.json()).errors[0].message).toMatch(/stays revoked/)

    const bulk = await fetch(`${ctx.baseUrl}/api/preview-links?where[id][equals]=${link.id}`, {
      method: 'PATCH',
      headers: people.editor.headers,
      body: JSON.stringify({ revoked: false }),
    })
    expect(bulk.status).toBe(400)

    const graphql = await fetch(`${ctx.baseUrl}/api/graphql`, {
      method: 'POST',
      headers: people.admin.headers,
      body: JSON.stringify({ query: `mutation { updatePreviewLink(id: ${link.id}, data: { revoked: false }) { id } }` }),
    })
    expect(JSON.stringify(await graphql.json())).toMatch(/stays revoked/)

    await expect(payload.update({ collection: 'preview-links', id: link.id, data: { revoked: false }, overrideAccess: true })).rejects.toMatchObject({ status: 400 })
    expect((await stored(link.id)).revoked).toBe(true)
    expect((await fetch(`${ctx.baseUrl}/api/preview/${link.token}`)).status).toBe(410)
  })

  it('refuses to point an existing link at another story', async () => {
    const link = await newLink()
    const other = await draftStory()
    const response = await patch(link.id, { article: other.id })
    expect(response.status).toBe(400)
    expect((await response.json()).errors[0].message).toMatch(/make a new link/)
    const after = await stored(link.id)
    expect(after.article).toBe(typeof link.article === 'object' ? link.article.id : link.article)
  })

  it('ignores a token and expiry sent with a new link', async () => {
    const story = await draftStory()
    const farFuture = new Date(Date.now() + 10 * 365 * 24 * 60 * 60 * 1000).toISOString()
    const response = await fetch(`${ctx.baseUrl}/api/preview-links`, {
      method: 'POST',
      headers: people.editor.headers,
      body: JSON.stringify({ article: story.id, token: 'chosen-by-the-editor', expiresAt: farFuture, revoked: false }),
    })
    expect(response.status).toBe(201)
    const { doc } = await response.json()
    expect(doc.token).not.toBe('chosen-by-the-editor')
    expect(doc.token.length).toBeGreaterThanOrEqual(32)
    expect(new Date(doc.expiresAt).getTime()).toBeLessThan(Date.now() + 8 * 24 * 60 * 60 * 1000)
  })

  it('still lets an editor note who a link was given to and resave it unchanged, as the admin form does', async () => {
    const link = await newLink()
    const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...asSent } = link
    const response = await patch(link.id, { ...asSent, article: typeof link.article === 'object' ? link.article.id : link.article, sharedWith: 'The clinic’s press officer' })
    expect(response.status).toBe(200)
    expect((await stored(link.id)).sharedWith).toBe('The clinic’s press officer')
  })
})
