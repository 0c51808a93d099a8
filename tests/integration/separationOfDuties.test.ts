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

/** Meets the desk's checks (deskChecks.test.ts), so approval here turns on who wrote the story alone. */
const DESK_READY = { dek: 'What happened, in one sentence.', meta: { title: 'Search headline', description: 'What a search result says.' }, topics: ['duties'] }

const draftStory = async (title = `Story ${Math.random()}`) =>
  payload.create({ collection: 'articles', data: { title, authors: [people.writer.user.id], ...DESK_READY }, overrideAccess: true })

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

  it('refuses to change or cancel a schedule over REST and GraphQL, for editors too: the logged path is the only one', async () => {
    const { job } = await scheduledStory()
    for (const person of [people.writer, people.editor, people.admin]) {
      const patched = await fetch(`${ctx.baseUrl}/api/payload-jobs/${job.id}`, {
        method: 'PATCH',
        headers: person.headers,
        body: JSON.stringify({ waitUntil: new Date(Date.now() + 86_400_000).toISOString(), input: { type: 'unpublish' } }),
      })
      expect(patched.status).toBe(403)
      const deleted = await fetch(`${ctx.baseUrl}/api/payload-jobs/${job.id}`, { method: 'DELETE', headers: person.headers })
      expect(deleted.status).toBe(403)
      const bulk = await fetch(`${ctx.baseUrl}/api/payload-jobs?where[taskSlug][equals]=schedulePublish`, { method: 'DELETE', headers: person.headers })
      expect(bulk.status).toBe(403)
    }
    const graphql = await fetch(`${ctx.baseUrl}/api/graphql`, {
      method: 'POST',
      headers: people.editor.headers,
      body: JSON.stringify({ query: `mutation { deletePayloadJob(id: ${job.id}) { id } }` }),
    })
    expect(JSON.stringify(await graphql.json())).not.toMatch(/"deletePayloadJob":\{/)
    const still = await payload.findByID({ collection: 'payload-jobs', id: job.id, depth: 0, overrideAccess: true })
    expect(still).toMatchObject({ id: job.id, waitUntil: job.waitUntil, input: expect.objectContaining({ type: 'publish' }) })
  })

  it('cancels a schedule once when two editors cancel it at the same moment', async () => {
    const { story, job } = await scheduledStory()
    const results = await Promise.all([callScheduleFunction(people.editor, { deleteID: job.id }), callScheduleFunction(people.otherEditor, { deleteID: job.id })])
    expect(results.filter((result) => result.message)).toHaveLength(1)
    expect(results.find((result) => result.error)?.error).toMatch(/already run or was cancelled/)
    expect((await scheduleLog(story.id)).filter((line) => /Cancelled the scheduled/.test(line.note ?? ''))).toHaveLength(1)
  })
})

describe('approval is judged against everyone who wrote the story', () => {
  const transition = (person: Person, id: number, to: string, extra: Record<string, unknown> = {}) =>
    fetch(`${ctx.baseUrl}/api/articles/${id}/transition`, { method: 'POST', headers: person.headers, body: JSON.stringify({ to, ...extra }) })
  const patchDraft = (person: Person, id: number, body: unknown) =>
    fetch(`${ctx.baseUrl}/api/articles/${id}?draft=true`, { method: 'PATCH', headers: person.headers, body: JSON.stringify(body) })
  const publish = (person: Person, id: number) =>
    fetch(`${ctx.baseUrl}/api/articles/${id}`, { method: 'PATCH', headers: person.headers, body: JSON.stringify({ _status: 'published' }) })
  const latest = (id: number) => payload.findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: true })
  const liveStatus = async (id: number) => (await payload.findByID({ collection: 'articles', id, depth: 0, overrideAccess: true }))._status

  /** A credited hero image, so the publish gate has nothing to say and only the workflow decides. */
  const creditedImage = async () => {
    const { createCredit, createMedia } = await import('../helpers/content')
    const credit = await createCredit(payload, { photographer: 'Aaron Hooper' })
    return (await createMedia(payload, { credit: credit.id, alt: 'Mourners outside the courthouse' })).id
  }
  const storyWrittenBy = async (person: Person, authors: number[]) =>
    payload.create({
      collection: 'articles',
      data: { title: `Story by ${person.user.name} ${Math.random()}`, ...DESK_READY, dek: 'First draft', authors, heroImage: await creditedImage() },
      user: person.user,
      overrideAccess: false,
    })

  it('refuses approval by an editor who took themselves off the byline before approving', async () => {
    const story = await storyWrittenBy(people.editor, [people.writer.user.id, people.editor.user.id])
    expect((await patchDraft(people.editor, story.id, { dek: 'Rewritten by the editor', authors: [people.writer.user.id] })).status).toBe(200)
    expect((await transition(people.writer, story.id, 'in-review')).status).toBe(200)

    const approval = await transition(people.editor, story.id, 'approved')
    expect(approval.status).toBe(403)
    expect((await approval.json()).errors[0].message).toMatch(/cannot approve it yourself: ask another editor/)
    expect((await latest(story.id)).stage).toBe('in-review')

    expect((await transition(people.otherEditor, story.id, 'approved')).status).toBe(200)
  })

  type Step = { by: keyof typeof people; edit?: Record<string, unknown>; moveTo?: string; note?: string; answers: number }
  /** Plays the steps on a story the writer wrote, in order: each answers the status it names. */
  async function play(steps: Step[]) {
    const story = await storyWrittenBy(people.writer, [people.writer.user.id])
    for (const [index, step] of steps.entries()) {
      const person = people[step.by]
      const response = step.edit
        ? await patchDraft(person, story.id, step.edit)
        : await transition(person, story.id, step.moveTo!, step.note ? { note: step.note } : {})
      expect({ step: index, ...step, status: response.status }).toEqual({ step: index, ...step, status: step.answers })
    }
  }

  it('refuses approval by an editor who wrote the text without ever being on the byline', () =>
    play([
      { by: 'editor', edit: { dek: 'The editor’s own standfirst' }, answers: 200 },
      { by: 'writer', moveTo: 'in-review', answers: 200 },
      { by: 'editor', moveTo: 'approved', answers: 403 },
      { by: 'otherEditor', moveTo: 'approved', answers: 200 },
    ]))

  it('does not count moving a story through review as writing it', () =>
    play([
      { by: 'writer', moveTo: 'in-review', answers: 200 },
      { by: 'editor', moveTo: 'changes-requested', note: 'Name the second source.', answers: 200 },
      { by: 'writer', edit: { dek: 'With the second source named' }, answers: 200 },
      { by: 'writer', moveTo: 'in-review', answers: 200 },
      { by: 'editor', moveTo: 'approved', answers: 200 },
    ]))

  it('does not count adding someone else to the byline as writing', () =>
    play([
      { by: 'editor', edit: { authors: [people.writer.user.id, people.otherEditor.user.id] }, answers: 200 },
      { by: 'writer', moveTo: 'in-review', answers: 200 },
      { by: 'otherEditor', moveTo: 'approved', answers: 403 },
      { by: 'editor', moveTo: 'approved', answers: 200 },
    ]))

  it('refuses to publish when the approving editor put themselves on the byline after approving', async () => {
    const story = await storyWrittenBy(people.writer, [people.writer.user.id])
    expect((await transition(people.writer, story.id, 'in-review')).status).toBe(200)
    expect((await transition(people.editor, story.id, 'approved')).status).toBe(200)
    expect((await patchDraft(people.editor, story.id, { authors: [people.writer.user.id, people.editor.user.id] })).status).toBe(200)
    expect((await latest(story.id)).stage).toBe('approved')

    for (const publisher of [people.editor, people.otherEditor]) {
      const response = await publish(publisher, story.id)
      expect(response.status).toBe(400)
      expect((await response.json()).errors[0].message).toMatch(/approved by .* who also wrote it.*Another editor must approve it/)
    }
    expect(await liveStatus(story.id)).not.toBe('published')
  })

  it('refuses to publish such a story through a bulk update, GraphQL, the Local API and a scheduled job too', async () => {
    const story = await storyWrittenBy(people.writer, [people.writer.user.id])
    expect((await transition(people.writer, story.id, 'in-review')).status).toBe(200)
    expect((await transition(people.editor, story.id, 'approved')).status).toBe(200)
    const bulkByline = await fetch(`${ctx.baseUrl}/api/articles?draft=true&where[id][equals]=${story.id}`, {
      method: 'PATCH',
      headers: people.editor.headers,
      body: JSON.stringify({ authors: [people.editor.user.id] }),
    })
    expect(bulkByline.status).toBe(200)
    expect((await latest(story.id)).stage).toBe('approved')

    const bulk = await fetch(`${ctx.baseUrl}/api/articles?where[id][equals]=${story.id}`, {
      method: 'PATCH',
      headers: people.otherEditor.headers,
      body: JSON.stringify({ _status: 'published' }),
    })
    expect(bulk.status).toBe(400)
    const graphql = await fetch(`${ctx.baseUrl}/api/graphql`, {
      method: 'POST',
      headers: people.otherEditor.headers,
      body: JSON.stringify({ query: `mutation { updateArticle(id: ${story.id}, data: { _status: published }) { id } }` }),
    })
    expect(JSON.stringify(await graphql.json())).toMatch(/who also wrote it/)
    await expect(
      payload.update({ collection: 'articles', id: story.id, data: { _status: 'published' }, user: people.otherEditor.user, overrideAccess: false }),
    ).rejects.toMatchObject({ status: 400 })
    await payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'articles', value: story.id }, user: { relationTo: 'users', value: people.editor.user.id } },
      waitUntil: new Date(Date.now() - 1000),
    })
    await payload.jobs.run()
    expect(await liveStatus(story.id)).not.toBe('published')
  })

  it('still lets the approving editor fix a typo after approving, and publish', async () => {
    const story = await storyWrittenBy(people.writer, [people.writer.user.id])
    expect((await transition(people.writer, story.id, 'in-review')).status).toBe(200)
    expect((await transition(people.editor, story.id, 'approved')).status).toBe(200)
    expect((await patchDraft(people.editor, story.id, { dek: 'First draft, with the typo fixed' })).status).toBe(200)
    expect((await publish(people.editor, story.id)).status).toBe(200)
    expect(await liveStatus(story.id)).toBe('published')
  })

  it('keeps an admin’s written override good until the story is published', async () => {
    const story = await storyWrittenBy(people.admin, [people.admin.user.id])
    expect((await transition(people.admin, story.id, 'in-review')).status).toBe(200)
    expect((await transition(people.admin, story.id, 'approved')).status).toBe(403)
    expect((await transition(people.admin, story.id, 'approved', { overrideReason: 'Legal correction while the desk is offline.' })).status).toBe(200)
    expect((await publish(people.admin, story.id)).status).toBe(200)
  })

  it('starts a new list of writers for each revision after publication, and clients cannot edit it', async () => {
    const story = await storyWrittenBy(people.writer, [people.writer.user.id])
    expect((await patchDraft(people.editor, story.id, { dek: 'The editor’s first-revision standfirst' })).status).toBe(200)
    const erased = await patchDraft(people.editor, story.id, { writers: [people.writer.user.id] })
    expect(erased.status).toBe(200)
    expect((await latest(story.id)).writers).toEqual(expect.arrayContaining([people.writer.user.id, people.editor.user.id]))
    expect((await transition(people.writer, story.id, 'in-review')).status).toBe(200)
    expect((await transition(people.otherEditor, story.id, 'approved')).status).toBe(200)
    expect((await publish(people.otherEditor, story.id)).status).toBe(200)

    // The next revision is the writer's alone: the editor who wrote part of the last one may approve it.
    expect((await patchDraft(people.writer, story.id, { dek: 'The writer’s correction' })).status).toBe(200)
    expect((await latest(story.id)).writers).toEqual([people.writer.user.id])
    expect((await transition(people.writer, story.id, 'in-review')).status).toBe(200)
    expect((await transition(people.editor, story.id, 'approved')).status).toBe(200)
  })

  it('shows the list of writers to staff only', async () => {
    const story = await storyWrittenBy(people.writer, [people.writer.user.id])
    const { approveStory, publishStory } = await import('../helpers/stories')
    await approveStory(payload, story.id)
    await publishStory(payload, story.id)
    const anonymous = await (await fetch(`${ctx.baseUrl}/api/articles/${story.id}`)).json()
    expect(anonymous.writers).toBeUndefined()
    const link = await payload.create({ collection: 'preview-links', data: { article: story.id }, overrideAccess: true })
    const preview = await (await fetch(`${ctx.baseUrl}/api/preview/${link.token}`)).json()
    expect(preview.story.writers).toBeUndefined()
  })
})
