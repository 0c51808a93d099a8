// Queues and assignment: a writer's queue holds their own stories; submitting for review names a reviewer and a due
// date (checked); approval is forgotten when a story leaves it; alerts are written for people and shown to who can act.
import type { TypedUser } from 'payload'

import { withClient } from '../../src/db/withClient'
import { capturedEmails } from '../../src/server/emailAdapter'
import { checkScheduledPublishing } from '../../src/workflow/tasks'
import { transitionArticle } from '../../src/workflow/transitionArticle'
import { createCredit, createMedia } from '../helpers/content'
import { approveStory, deskEditor, publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'
import { apiKeyCaller } from '../helpers/http'

const ctx = testServerOfThisFile()

type Person = { user: TypedUser; headers: Record<string, string> }
const people: Record<'writer' | 'otherWriter' | 'editor' | 'authoringEditor' | 'api', Person> = {} as never

beforeAll(async () => {
  for (const [name, role] of [
    ['writer', 'writer'],
    ['otherWriter', 'writer'],
    ['editor', 'editor'],
    ['authoringEditor', 'editor'],
    ['api', 'api'],
  ] as const) {
    const user = await createUser(ctx.payload, role, `Queue ${name}`)
    // Machine readers never sign in with a password: they send their API key.
    const headers = role === 'api' ? { ...(await apiKeyCaller(ctx.payload, user)).headers, 'content-type': 'application/json' } : await loginHeaders(ctx.baseUrl, user.email)
    people[name] = { user: { ...user, collection: 'users' } as TypedUser, headers }
  }
})

let heroImageId: number | undefined
async function creditedImage() {
  if (heroImageId) return heroImageId
  const credit = await createCredit(ctx.payload, { photographer: 'Queue Photographer' })
  heroImageId = (await createMedia(ctx.payload, { credit: credit.id, alt: 'A council meeting in the town hall' })).id
  return heroImageId
}

async function storyBy(authors: Person[], title: string) {
  return ctx.payload.create({
    collection: 'articles',
    data: { title: `${title} ${Math.random().toString(36).slice(2, 8)}`, authors: authors.map((person) => person.user.id), heroImage: await creditedImage() },
  })
}

const read = (id: number) => ctx.payload.findByID({ collection: 'articles', id, draft: true, depth: 0 })

const queueOf = async (person: Person) => {
  const response = await fetch(`${ctx.baseUrl}/api/workflow/queue`, { headers: person.headers })
  expect(response.status).toBe(200)
  return response.json()
}

const submit = (person: Person | null, id: number, body: Record<string, unknown>) =>
  fetch(`${ctx.baseUrl}/api/articles/${id}/transition`, {
    method: 'POST',
    headers: person?.headers ?? { 'content-type': 'application/json' },
    body: JSON.stringify({ to: 'in-review', ...body }),
  })

const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000).toISOString()

const idsIn = (queue: Record<string, unknown>) =>
  ['myStories', 'changesRequested', 'recentlyPublished', 'assignedToMe', 'awaitingReview', 'overdue', 'scheduled'].flatMap((list) =>
    (queue[list] as { id?: number; articleId?: number }[]).map((item) => item.id ?? item.articleId),
  )

describe("a writer's queue", () => {
  it('lists my stories with their stage label, changes requested with the note quoted, and recently published', async () => {
    const { writer, otherWriter, editor } = people
    const drafting = await storyBy([writer], 'Drafting')
    const sentBack = await storyBy([writer], 'Sent back')
    await transitionArticle({ payload: ctx.payload, articleId: sentBack.id, to: 'in-review', user: writer.user })
    await transitionArticle({ payload: ctx.payload, articleId: sentBack.id, to: 'changes-requested', note: 'Name the second source.', user: editor.user })
    const live = await storyBy([writer], 'Live')
    await publishStory(ctx.payload, live.id)
    const colleagues = await storyBy([otherWriter], 'Colleague')
    await transitionArticle({ payload: ctx.payload, articleId: colleagues.id, to: 'in-review', user: otherWriter.user })

    const queue = await queueOf(writer)
    const mine = queue.myStories.map((story: { id: number }) => story.id)
    expect(mine).toEqual(expect.arrayContaining([drafting.id, sentBack.id, live.id]))
    expect(queue.myStories.find((story: { id: number }) => story.id === sentBack.id).stageLabel).toBe('Changes requested')
    expect(queue.changesRequested).toEqual([expect.objectContaining({ id: sentBack.id, note: 'Name the second source.' })])
    expect(queue.recentlyPublished.map((story: { id: number }) => story.id)).toContain(live.id)
    // Never a colleague's story, in any list.
    expect(idsIn(queue)).not.toContain(colleagues.id)
    const writersStories = new Set([drafting.id, sentBack.id, live.id])
    const { docs: ownStories } = await ctx.payload.find({ collection: 'articles', draft: true, where: { authors: { in: [writer.user.id] } }, pagination: false, depth: 0 })
    for (const story of ownStories) writersStories.add(story.id)
    for (const id of idsIn(queue)) expect(writersStories).toContain(id)

    // The desk sees the colleague's story waiting for review; the other writer sees none of the first writer's.
    expect((await queueOf(editor)).awaitingReview.map((story: { id: number }) => story.id)).toContain(colleagues.id)
    const theirs = idsIn(await queueOf(otherWriter))
    for (const id of [drafting.id, sentBack.id, live.id]) expect(theirs).not.toContain(id)
  })

  it('refuses callers who are not newsroom staff: 401 anonymous, 403 a machine reader', async () => {
    expect((await fetch(`${ctx.baseUrl}/api/workflow/queue`)).status).toBe(401)
    const machine = await fetch(`${ctx.baseUrl}/api/workflow/queue`, { headers: people.api.headers })
    expect(machine.status).toBe(403)
    expect((await machine.json()).errors[0].message).toMatch(/newsroom staff/)
  })
})

describe('submitting for review with a reviewer and a due date', () => {
  it('assigns the chosen editor and the due date, and the story is in their "Assigned to me"', async () => {
    const { writer, editor } = people
    const story = await storyBy([writer], 'Assigned')
    const dueAt = inAnHour()
    const response = await submit(writer, story.id, { reviewer: editor.user.id, dueAt })
    const body = await response.json()
    expect(response.status).toBe(200)
    expect(body).toMatchObject({ stage: 'in-review', reviewer: editor.user.id, dueAt, message: 'Moved to “In review”.' })
    const saved = await read(story.id)
    expect(saved).toMatchObject({ stage: 'in-review', reviewer: editor.user.id, dueAt })
    expect((await queueOf(editor)).assignedToMe.map((item: { id: number }) => item.id)).toContain(story.id)
    expect((await queueOf(people.authoringEditor)).assignedToMe.map((item: { id: number }) => item.id)).not.toContain(story.id)
  })

  it('submits without a reviewer or a due date (nobody in particular reviews it)', async () => {
    const story = await storyBy([people.writer], 'Unassigned')
    const response = await submit(people.writer, story.id, {})
    expect(response.status).toBe(200)
    expect(await read(story.id)).toMatchObject({ stage: 'in-review', reviewer: null })
  })

  const hostile: [string, Record<string, unknown>, RegExp][] = [
    ['a reviewer who does not exist', { reviewer: 987654321 }, /no user 987654321/],
    ['a reviewer id that is not a number', { reviewer: 'abc' }, /user number/],
    ['a negative reviewer id', { reviewer: -3 }, /user number/],
    ['a reviewer given as an object', { reviewer: { id: 1 } }, /user number/],
    ['a huge reviewer id', { reviewer: '9'.repeat(5000) }, /user number/],
    ['a due date in the past', { dueAt: '2020-01-01T09:00:00Z' }, /already passed/],
    ['a due date that is not a date', { dueAt: 'next Tuesday' }, /not a date/],
    ['a due date that does not exist', { dueAt: '2031-02-31T09:00:00Z' }, /not a date/],
    ['a huge due date', { dueAt: `2031-01-01${'0'.repeat(20_000)}` }, /not a date/],
    ['a due date given as a number', { dueAt: Date.now() + 3_600_000 }, /not a date/],
    ['a due date given as a list', { dueAt: ['2031-01-01'] }, /not a date/],
  ]

  it.each(hostile)('refuses %s with a 400 that says what to do, and changes nothing', async (_name, body, message) => {
    const story = await storyBy([people.writer], 'Hostile')
    const response = await submit(people.writer, story.id, body)
    expect(response.status).toBe(400)
    const text = (await response.json()).errors[0].message
    expect(text).toMatch(message)
    expect(text.length).toBeLessThan(300)
    expect(await read(story.id)).toMatchObject({ stage: 'draft', reviewer: null, dueAt: null })
  })

  it('offers editors and admins as reviewers, by name only, to any staff member; nobody else may ask', async () => {
    const response = await fetch(`${ctx.baseUrl}/api/workflow/reviewers`, { headers: people.writer.headers })
    expect(response.status).toBe(200)
    const { reviewers } = await response.json()
    const ids = reviewers.map((reviewer: { id: number }) => reviewer.id)
    expect(ids).toEqual(expect.arrayContaining([people.editor.user.id, people.authoringEditor.user.id]))
    expect(ids).not.toContain(people.writer.user.id)
    expect(ids).not.toContain(people.api.user.id)
    for (const reviewer of reviewers) expect(Object.keys(reviewer).sort()).toEqual(['id', 'name'])
    expect((await fetch(`${ctx.baseUrl}/api/workflow/reviewers`)).status).toBe(401)
    expect((await fetch(`${ctx.baseUrl}/api/workflow/reviewers`, { headers: people.api.headers })).status).toBe(403)
  })

  it('refuses a writer as reviewer, and an author of the story as reviewer', async () => {
    const story = await storyBy([people.writer, people.authoringEditor], 'Self review')
    const asWriter = await submit(people.writer, story.id, { reviewer: people.otherWriter.user.id })
    expect(asWriter.status).toBe(400)
    expect((await asWriter.json()).errors[0].message).toMatch(/is not an editor/)
    const asAuthor = await submit(people.writer, story.id, { reviewer: people.authoringEditor.user.id })
    expect(asAuthor.status).toBe(400)
    expect((await asAuthor.json()).errors[0].message).toMatch(/is an author of this story/)
    expect(await read(story.id)).toMatchObject({ stage: 'draft', reviewer: null })
  })

  it('refuses a reviewer or due date on any move other than submitting', async () => {
    const story = await storyBy([people.writer], 'Wrong move')
    await transitionArticle({ payload: ctx.payload, articleId: story.id, to: 'in-review', user: people.writer.user })
    const response = await submit(people.editor, story.id, { to: 'approved', reviewer: people.editor.user.id })
    expect(response.status).toBe(400)
    expect((await response.json()).errors[0].message).toMatch(/when the story is submitted for review/)
    expect(await read(story.id)).toMatchObject({ stage: 'in-review', reviewer: null })
  })

  it('refuses another writer, a machine reader and an anonymous caller', async () => {
    const story = await storyBy([people.writer], 'Not theirs')
    const body = { reviewer: people.editor.user.id, dueAt: inAnHour() }
    expect((await submit(people.otherWriter, story.id, body)).status).toBe(403)
    expect((await submit(people.api, story.id, body)).status).toBe(403)
    expect((await submit(null, story.id, body)).status).toBe(401)
    expect(await read(story.id)).toMatchObject({ stage: 'draft', reviewer: null, dueAt: null })
  })
})

describe('approval belongs to the approved version', () => {
  it('clears "Approved by" when an approved story is sent back, edited by a writer or archived, and keeps it when published', async () => {
    const editor = await deskEditor(ctx.payload)
    const sentBack = await storyBy([people.writer], 'Sent back after approval')
    await approveStory(ctx.payload, sentBack.id)
    expect((await read(sentBack.id)).approvedBy).toBe(editor.id)
    await transitionArticle({ payload: ctx.payload, articleId: sentBack.id, to: 'draft', user: editor })
    expect(await read(sentBack.id)).toMatchObject({ stage: 'draft', approvedBy: null })

    const edited = await storyBy([people.writer], 'Edited after approval')
    await approveStory(ctx.payload, edited.id)
    await ctx.payload.update({ collection: 'articles', id: edited.id, data: { dek: 'A new standfirst' }, draft: true, user: people.writer.user, overrideAccess: false })
    expect(await read(edited.id)).toMatchObject({ stage: 'in-review', approvedBy: null })

    const archived = await storyBy([people.writer], 'Archived after approval')
    await approveStory(ctx.payload, archived.id)
    await transitionArticle({ payload: ctx.payload, articleId: archived.id, to: 'archived', user: editor })
    expect(await read(archived.id)).toMatchObject({ stage: 'archived', approvedBy: null })

    const published = await storyBy([people.writer], 'Published after approval')
    await publishStory(ctx.payload, published.id)
    expect(await read(published.id)).toMatchObject({ stage: 'published', approvedBy: editor.id })
    // A new revision of the live story leaves approval too.
    await ctx.payload.update({ collection: 'articles', id: published.id, data: { dek: 'An update' }, draft: true, user: people.writer.user, overrideAccess: false })
    expect(await read(published.id)).toMatchObject({ stage: 'draft', approvedBy: null })
  })
})

describe('alerts', () => {
  it('a failed scheduled publication raises a plain-language alert with the title, and no stack, for the editors and the author only', async () => {
    const story = await storyBy([people.otherWriter], 'Council budget vote')
    await approveStory(ctx.payload, story.id)
    const due = new Date(Date.now() - 1000)
    await ctx.payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'articles', value: story.id }, user: { relationTo: 'users', value: people.editor.user.id } },
      waitUntil: due,
    })
    // The story left approval behind the workflow's back (an edit would cancel the schedule properly): the
    // scheduled publication is refused, so the job fails.
    await withClient(ctx.databaseUrl, (client) =>
      client.query(`update _articles_v set version_stage = 'in-review' where parent_id = $1 and latest`, [story.id]),
    )
    await ctx.payload.jobs.run()
    const mailbox = capturedEmails()
    mailbox.length = 0
    await checkScheduledPublishing({ payload: ctx.payload, context: {} } as never)

    const { docs } = await ctx.payload.find({ collection: 'workflow-alerts', where: { article: { equals: story.id } } })
    expect(docs).toHaveLength(1)
    const { message } = docs[0]
    expect(message).toContain(`“${story.title}”`)
    expect(message).toMatch(/did not go live as scheduled/)
    expect(message).not.toMatch(/stack|Error|\{|\}|\/src\/|node_modules|\.ts\b|\.js\b|at .+:\d+/)
    expect(message).not.toContain(`story ${story.id}`)
    const mail = mailbox.find((sent) => String(sent.subject).includes('failed'))
    expect(mail?.subject).toContain(story.title)
    expect(mail?.text).toContain(`/admin/collections/articles/${story.id}`)
    expect(mail?.text).not.toMatch(/stack|node_modules/)

    // The Scheduled card says the same words; the alert is listed for the editors and the story's author only.
    const editorsQueue = await queueOf(people.editor)
    expect(editorsQueue.scheduled.find((item: { articleId: number }) => item.articleId === story.id)).toMatchObject({
      hasError: true,
      title: story.title,
      problem: message,
    })
    expect(editorsQueue.alerts.map((alert: { article: number }) => alert.article)).toContain(story.id)
    expect((await queueOf(people.otherWriter)).alerts.map((alert: { article: number }) => alert.article)).toContain(story.id)
    const strangersQueue = await queueOf(people.writer)
    expect(strangersQueue.alerts.map((alert: { article: number }) => alert.article)).not.toContain(story.id)
    expect(strangersQueue.scheduled.map((item: { articleId: number }) => item.articleId)).not.toContain(story.id)
    const overRest = await fetch(`${ctx.baseUrl}/api/workflow-alerts?where[article][equals]=${story.id}`, { headers: people.writer.headers })
    expect((await overRest.json()).docs).toEqual([])
  })
})

describe('messages name stages by their labels', () => {
  const slugs = /\b(in-review|changes-requested)\b|“(draft|approved|published|archived)”/

  it('a refused move, an unknown stage and a refused publish say "Changes requested", not "changes-requested"', async () => {
    const story = await storyBy([people.writer], 'Labels')
    await transitionArticle({ payload: ctx.payload, articleId: story.id, to: 'in-review', user: people.writer.user })
    await transitionArticle({ payload: ctx.payload, articleId: story.id, to: 'changes-requested', note: 'Check the figures.', user: people.editor.user })

    const refusedMove = await submit(people.editor, story.id, { to: 'approved' })
    expect(refusedMove.status).toBe(400)
    const moveMessage = (await refusedMove.json()).errors[0].message
    expect(moveMessage).toMatch(/A story in “Changes requested” cannot move to “Approved”/)
    expect(moveMessage).toMatch(/submit for review \(to “In review”\)/)
    expect(moveMessage).not.toMatch(slugs)

    const unknown = await submit(people.editor, story.id, { to: 'changes-requested-now' })
    const unknownMessage = (await unknown.json()).errors[0].message
    expect(unknown.status).toBe(400)
    expect(unknownMessage).toMatch(/not a stage/)
    expect(unknownMessage).not.toMatch(slugs)

    const publish = await fetch(`${ctx.baseUrl}/api/articles/${story.id}`, {
      method: 'PATCH',
      headers: people.editor.headers,
      body: JSON.stringify({ _status: 'published' }),
    })
    expect(publish.status).toBe(400)
    const publishMessage = (await publish.json()).errors[0].message
    expect(publishMessage).toMatch(/is in “Changes requested”/)
    expect(publishMessage).not.toMatch(slugs)
  })
})
