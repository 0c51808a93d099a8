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

describe('scheduled publications through the admin’s schedule-publish server function', () => {
  // The admin reaches this through Next's server-action route; the test hands it the request Payload would build.
  const callScheduleFunction = async (person: Person | null, args: Record<string, unknown>) => {
    const { createLocalReq } = await import('payload')
    const { guardedSchedulePublish } = await import('../../src/workflow/schedulePublishServerFunction')
    const req = await createLocalReq(person ? { user: person.user } : {}, payload)
    return guardedSchedulePublish({ ...args, req } as never) as Promise<{ message?: string; error?: string }>
  }
  const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000)
  const pendingSchedules = async () =>
    (
      await payload.find({
        collection: 'payload-jobs',
        where: { and: [{ taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }] },
        pagination: false,
        depth: 0,
        overrideAccess: true,
      })
    ).docs
  const scheduleLog = async (articleId: number) =>
    (await payload.find({ collection: 'article-transitions', where: { article: { equals: articleId } }, sort: 'createdAt', depth: 0, overrideAccess: true })).docs
  const scheduledStory = async () => {
    const { approveStory } = await import('../helpers/stories')
    const story = await draftStory()
    await approveStory(payload, story.id)
    const doc = { relationTo: 'articles', value: String(story.id) }
    const job = await payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'articles', value: story.id }, user: { relationTo: 'users', value: people.editor.user.id } },
      waitUntil: inAnHour(),
    })
    return { story, doc, job }
  }

  it('lets an editor schedule an approved story as the drawer sends it (a Date, the id as a string), and nobody else', async () => {
    const { approveStory } = await import('../helpers/stories')
    const story = await draftStory()
    await approveStory(payload, story.id)
    const doc = { relationTo: 'articles', value: String(story.id) }
    const mine = async () => (await pendingSchedules()).filter((candidate) => Number((candidate.input as { doc?: { value?: unknown } }).doc?.value) === story.id)
    expect((await callScheduleFunction(people.writer, { type: 'publish', doc, date: inAnHour() })).error).toMatch(/Only editors/)
    expect((await callScheduleFunction(null, { type: 'publish', doc, date: inAnHour() })).error).toMatch(/Only editors/)
    expect(await mine()).toHaveLength(0)
    expect(await callScheduleFunction(people.editor, { type: 'publish', doc, date: inAnHour() })).toEqual({ message: expect.any(String) })
    expect((await mine()).map((job) => job.input)).toEqual([expect.objectContaining({ type: 'publish', user: { relationTo: 'users', value: people.editor.user.id } })])
  })

  it('refuses a writer who cancels an editor’s schedule with only its number, and keeps the schedule', async () => {
    const { story, job } = await scheduledStory()
    const before = (await pendingSchedules()).length
    const result = await callScheduleFunction(people.writer, { deleteID: job.id })
    expect(result.error).toMatch(/Only editors can schedule, move or cancel/)
    expect((await pendingSchedules()).length).toBe(before)
    expect((await pendingSchedules()).map((candidate) => candidate.id)).toContain(job.id)
    expect((await scheduleLog(story.id)).filter((entry) => /schedul/i.test(entry.note ?? ''))).toHaveLength(0)
  })

  it('refuses a writer who moves an editor’s schedule, and anonymous callers outright', async () => {
    const { doc, job } = await scheduledStory()
    const moved = await callScheduleFunction(people.writer, { deleteID: job.id, type: 'publish', doc, date: inAnHour() })
    expect(moved.error).toMatch(/Only editors/)
    const anonymous = await callScheduleFunction(null, { deleteID: job.id })
    expect(anonymous.error).toMatch(/Only editors/)
    expect((await pendingSchedules()).map((candidate) => candidate.id)).toContain(job.id)
  })

  it('lets an editor cancel a schedule, queues nothing in its place, and logs who cancelled it', async () => {
    const { story, job } = await scheduledStory()
    const before = (await pendingSchedules()).length
    const result = await callScheduleFunction(people.otherEditor, { deleteID: job.id })
    expect(result).toEqual({ message: expect.any(String) })
    const after = await pendingSchedules()
    expect(after.length).toBe(before - 1)
    expect(after.some((candidate) => !(candidate.input as { doc?: unknown }).doc)).toBe(false)
    const [entry] = (await scheduleLog(story.id)).filter((line) => /Cancelled the scheduled publication due \d{4}-\d\d-\d\d \d\d:\d\d UTC/.test(line.note ?? ''))
    expect(entry).toMatchObject({ from: 'approved', to: 'approved', by: people.otherEditor.user.id })
  })

  it('lets an editor move a schedule, and logs the old and the new time', async () => {
    const { story, doc, job } = await scheduledStory()
    const later = new Date(Date.now() + 3 * 60 * 60 * 1000)
    expect(await callScheduleFunction(people.editor, { deleteID: job.id, type: 'publish', doc, date: later })).toEqual({ message: expect.any(String) })
    const mine = (await pendingSchedules()).filter((candidate) => Number((candidate.input as { doc?: { value?: unknown } }).doc?.value) === story.id)
    expect(mine.map((candidate) => new Date(candidate.waitUntil!).toISOString())).toEqual([later.toISOString()])
    expect((await scheduleLog(story.id)).some((line) => /^Moved the scheduled publication from .* UTC to publish at .* UTC\.$/.test(line.note ?? ''))).toBe(true)
  })

  it('answers hostile cancel requests with a readable error and changes nothing', async () => {
    const { job } = await scheduledStory()
    const other = await payload.jobs.queue({ task: 'remindOverdueReviews', input: {}, queue: 'nowhere', waitUntil: new Date(Date.now() + 3600_000) } as never)
    const before = (await pendingSchedules()).map((candidate) => candidate.id).sort()
    for (const deleteID of [other.id, 'abc', -1, 1.5, 2 ** 60, { id: job.id }, [job.id], true]) {
      const result = await callScheduleFunction(people.editor, { deleteID })
      expect(result.error).toMatch(/scheduled publication|Say which/)
    }
    for (const args of [{}, { global: 'site-settings', type: 'publish', date: inAnHour() }, { type: 'publish', doc: { relationTo: 'media', value: '1' }, date: inAnHour() }]) {
      expect((await callScheduleFunction(people.editor, args)).error).toMatch(/Only stories|Say which story/)
    }
    expect((await pendingSchedules()).map((candidate) => candidate.id).sort()).toEqual(before)
    expect(await payload.count({ collection: 'payload-jobs', where: { id: { equals: other.id } }, overrideAccess: true })).toMatchObject({ totalDocs: 1 })
  })

  it('refuses a schedule with no usable date, or for a story that does not exist', async () => {
    const { doc } = await scheduledStory()
    const before = (await pendingSchedules()).length
    for (const date of [undefined, 'next tuesday', 12, new Date(Number.NaN)]) {
      expect((await callScheduleFunction(people.editor, { type: 'publish', doc, date })).error).toMatch(/Choose the date and time/)
    }
    expect((await callScheduleFunction(people.editor, { type: 'publish', doc: { relationTo: 'articles', value: '99999999' }, date: inAnHour() })).error).toMatch(/no story/)
    expect((await callScheduleFunction(people.editor, { type: 'publish', doc: { relationTo: 'articles', value: 'x' }, date: inAnHour() })).error).toMatch(/Say which story/)
    expect((await pendingSchedules()).length).toBe(before)
  })

  it('cancels a schedule once when two editors cancel it at the same moment', async () => {
    const { story, job } = await scheduledStory()
    const results = await Promise.all([callScheduleFunction(people.editor, { deleteID: job.id }), callScheduleFunction(people.otherEditor, { deleteID: job.id })])
    expect(results.filter((result) => result.message)).toHaveLength(1)
    expect(results.find((result) => result.error)?.error).toMatch(/already run or was cancelled/)
    expect((await scheduleLog(story.id)).filter((line) => /Cancelled the scheduled/.test(line.note ?? ''))).toHaveLength(1)
  })
})
