import type { Payload, TypedUser } from 'payload'
import pg from 'pg'

import { capturedEmails } from '../../src/server/emailAdapter'
import { STAGES, type Stage } from '../../src/workflow/stages'
import { checkScheduledPublishing, remindOverdueReviews } from '../../src/workflow/tasks'
import { transitionArticle } from '../../src/workflow/transitionArticle'
import { createCredit, createMedia } from '../helpers/content'
import { approveStory, deskEditor, publishStory } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'
import { apiKeyCaller } from '../helpers/http'

let ctx: TestServer
let payload: Payload

type ActorName = 'writer (author)' | 'writer (not author)' | 'editor' | 'editor (author)' | 'admin' | 'api'
const actors: Record<ActorName, { user: TypedUser; headers: Record<string, string>; isAuthor: boolean }> = {} as never

const EDITOR_MOVES: [Stage, Stage][] = [
  ['draft', 'in-review'],
  ['changes-requested', 'in-review'],
  ['in-review', 'changes-requested'],
  ['in-review', 'approved'],
  ['in-review', 'draft'],
  ['changes-requested', 'draft'],
  ['approved', 'draft'],
  ['archived', 'draft'],
  ['draft', 'archived'],
  ['in-review', 'archived'],
  ['changes-requested', 'archived'],
  ['approved', 'archived'],
  ['published', 'archived'],
]

/** The policy, written out independently of src/workflow/stages.ts so that the test can disagree with it. */
const EXPECTED_ALLOWED: Record<ActorName, [Stage, Stage][]> = {
  'writer (author)': [
    ['draft', 'in-review'],
    ['changes-requested', 'in-review'],
  ],
  'writer (not author)': [],
  editor: EDITOR_MOVES,
  'editor (author)': EDITOR_MOVES.filter(([from, to]) => !(from === 'in-review' && to === 'approved')),
  admin: EDITOR_MOVES,
  api: [],
}

beforeAll(async () => {
  ctx = await startTestServer()
  payload = ctx.payload
  for (const [name, role, isAuthor] of [
    ['writer (author)', 'writer', true],
    ['writer (not author)', 'writer', false],
    ['editor', 'editor', false],
    ['editor (author)', 'editor', true],
    ['admin', 'admin', false],
    ['api', 'api', false],
  ] as const) {
    const user = await createUser(payload, role, name)
    // Machine readers never sign in with a password: they send their API key.
    const headers = role === 'api' ? { ...(await apiKeyCaller(payload, user)).headers, 'content-type': 'application/json' } : await loginHeaders(ctx.baseUrl, user.email)
    actors[name] = { user: { ...user, collection: 'users' } as TypedUser, headers, isAuthor }
  }
})

afterAll(async () => {
  await ctx?.close()
})

let sharedImage: Awaited<ReturnType<typeof createMedia>> | undefined

/** One credited image serves every story here: the gate is tested elsewhere, the workflow here. */
async function goodImage() {
  if (sharedImage) return sharedImage
  const credit = await createCredit(payload, { photographer: 'Aaron Hooper' })
  sharedImage = await createMedia(payload, { credit: credit.id, alt: 'Mourners at Stonewall' })
  return sharedImage
}

/** What the desk expects before approval besides a credited image (src/workflow/deskChecks.ts): tested in deskChecks.test.ts. */
const DESK_READY = { dek: 'What happened, in one sentence.', meta: { title: 'Search headline', description: 'What a search result says.' }, topics: ['workflow'] }

/** A story at `stage` (published stories really are published), authored by the authoring actors. */
async function storyAt(stage: Stage) {
  const authors = [actors['writer (author)'].user.id, actors['editor (author)'].user.id]
  const story = await payload.create({ collection: 'articles', data: { title: `At ${stage} ${Math.random()}`, authors, heroImage: (await goodImage()).id, ...DESK_READY } })
  if (stage === 'published') {
    await publishStory(payload, story.id)
  } else if (stage !== 'draft') {
    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    await client.query(`update _articles_v set version_stage = $1 where parent_id = $2 and latest`, [stage, story.id])
    await client.end()
  }
  return story
}

const currentStage = async (id: number) => (await payload.findByID({ collection: 'articles', id, draft: true, depth: 0 })).stage

const cases = (Object.keys(EXPECTED_ALLOWED) as ActorName[]).flatMap((actor) =>
  STAGES.flatMap((from) =>
    STAGES.map((to) => ({
      actor,
      from,
      to,
      isAllowed: EXPECTED_ALLOWED[actor].some(([allowedFrom, allowedTo]) => allowedFrom === from && allowedTo === to),
    })),
  ),
)

describe('every (role, from, to) move', () => {
  it.each(cases)('over REST: $actor, $from → $to, allowed: $isAllowed', async ({ actor, from, to, isAllowed }) => {
    const story = await storyAt(from)
    const response = await fetch(`${ctx.baseUrl}/api/articles/${story.id}/transition`, {
      method: 'POST',
      headers: actors[actor].headers,
      body: JSON.stringify({ to, note: 'Please tighten the second paragraph.' }),
    })
    const body = await response.json()
    if (isAllowed) {
      expect(response.status).toBe(200)
      expect(body.stage).toBe(to)
      expect(await currentStage(story.id)).toBe(to)
    } else {
      expect([400, 403]).toContain(response.status)
      expect(body.errors[0].message).toMatch(/can|cannot|not a stage|Publishing is not a transition/)
      expect(await currentStage(story.id)).toBe(from)
    }
  })

  it.each(cases)('over the Local API: $actor, $from → $to, allowed: $isAllowed', async ({ actor, from, to, isAllowed }) => {
    const story = await storyAt(from)
    const move = transitionArticle({ payload, articleId: story.id, to, note: 'Please tighten the second paragraph.', user: actors[actor].user })
    if (isAllowed) {
      expect((await move).stage).toBe(to)
    } else {
      await expect(move).rejects.toMatchObject({ status: expect.any(Number) })
      expect(await currentStage(story.id)).toBe(from)
    }
  })
})

describe('separation of duties', () => {
  it('refuses self-approval with a message that says what to do', async () => {
    const story = await storyAt('in-review')
    const response = await fetch(`${ctx.baseUrl}/api/articles/${story.id}/transition`, {
      method: 'POST',
      headers: actors['editor (author)'].headers,
      body: JSON.stringify({ to: 'approved' }),
    })
    expect(response.status).toBe(403)
    expect((await response.json()).errors[0].message).toMatch(/cannot approve it yourself: ask another editor/)
  })

  it('lets an admin author override with a written reason, and records it', async () => {
    const adminAuthor = await createUser(payload, 'admin', 'Admin Author')
    const story = await payload.create({ collection: 'articles', data: { title: 'Urgent correction', authors: [adminAuthor.id], ...DESK_READY } })
    const admin = { ...adminAuthor, collection: 'users' } as TypedUser
    await transitionArticle({ payload, articleId: story.id, to: 'in-review', user: admin })
    await expect(transitionArticle({ payload, articleId: story.id, to: 'approved', user: admin })).rejects.toMatchObject({ status: 403 })
    const approved = await transitionArticle({
      payload,
      articleId: story.id,
      to: 'approved',
      user: admin,
      overrideReason: 'Legal correction while the desk is offline.',
    })
    expect(approved.stage).toBe('approved')
    const { docs } = await payload.find({ collection: 'article-transitions', where: { article: { equals: story.id }, to: { equals: 'approved' } } })
    expect(docs[0].overrideReason).toBe('Legal correction while the desk is offline.')
  })

  it('requires a note to request changes', async () => {
    const story = await storyAt('in-review')
    await expect(transitionArticle({ payload, articleId: story.id, to: 'changes-requested', user: actors.editor.user })).rejects.toThrow(
      /add a note that says what needs to change/,
    )
  })

  it('refuses to publish a story that is not approved, on every path', async () => {
    const story = await storyAt('in-review')
    const response = await fetch(`${ctx.baseUrl}/api/articles/${story.id}`, {
      method: 'PATCH',
      headers: actors.editor.headers,
      body: JSON.stringify({ _status: 'published' }),
    })
    expect(response.status).toBe(400)
    expect((await response.json()).errors[0].message).toMatch(/Only approved stories can be published/)
  })

  it('ignores a client that writes `stage` directly', async () => {
    const story = await storyAt('draft')
    const response = await fetch(`${ctx.baseUrl}/api/articles/${story.id}?draft=true`, {
      method: 'PATCH',
      headers: actors['writer (author)'].headers,
      body: JSON.stringify({ stage: 'approved' }),
    })
    expect(response.status).toBe(200)
    expect(await currentStage(story.id)).toBe('draft')
  })
})

describe('changes after approval', () => {
  it('send the story back to review when someone else changes its content', async () => {
    const story = await storyAt('draft')
    await approveStory(payload, story.id)
    const writer = actors['writer (author)'].user
    await payload.update({ collection: 'articles', id: story.id, data: { dek: 'A new standfirst' }, draft: true, user: writer, overrideAccess: false })
    expect(await currentStage(story.id)).toBe('in-review')
    const log = await payload.find({ collection: 'article-transitions', where: { article: { equals: story.id } }, sort: '-createdAt', limit: 1 })
    expect(log.docs[0]).toMatchObject({ from: 'approved', to: 'in-review', note: 'Edited after approval: back to review.' })
  })

  it('keep it approved for an autosave of the same content, and for edits by the approving editor', async () => {
    const story = await storyAt('draft')
    await approveStory(payload, story.id)
    const writer = actors['writer (author)'].user
    const latest = await payload.findByID({ collection: 'articles', id: story.id, draft: true, depth: 0 })
    await payload.update({
      collection: 'articles',
      id: story.id,
      data: { title: latest.title, dek: latest.dek, body: latest.body, heroImage: latest.heroImage },
      draft: true,
      autosave: true,
      user: writer,
      overrideAccess: false,
    })
    expect(await currentStage(story.id)).toBe('approved')

    const approver = await deskEditor(payload)
    await payload.update({ collection: 'articles', id: story.id, data: { dek: 'Tightened by the desk' }, draft: true, user: approver, overrideAccess: false })
    expect(await currentStage(story.id)).toBe('approved')
  })
})

describe('notifications', () => {
  it('email the right people at each step', async () => {
    const reviewer = await createUser(payload, 'editor', 'Assigned Reviewer')
    const story = await storyAt('draft')
    await payload.update({ collection: 'articles', id: story.id, data: { reviewer: reviewer.id }, draft: true, user: actors.editor.user, overrideAccess: false })
    const mailbox = capturedEmails()
    mailbox.length = 0
    const author = actors['writer (author)']

    await transitionArticle({ payload, articleId: story.id, to: 'in-review', user: author.user })
    expect(mailbox.at(-1)).toMatchObject({ to: [reviewer.email], subject: expect.stringMatching(/^Ready for review: /) })

    await transitionArticle({ payload, articleId: story.id, to: 'changes-requested', note: 'Source the quote.', user: actors.editor.user })
    expect(mailbox.at(-1)?.subject).toMatch(/^Changes requested: /)
    expect(mailbox.at(-1)?.text).toMatch(/Note: Source the quote\./)
    expect(mailbox.at(-1)?.to).toEqual(expect.arrayContaining([author.user.email]))

    await transitionArticle({ payload, articleId: story.id, to: 'in-review', user: author.user })
    await transitionArticle({ payload, articleId: story.id, to: 'approved', user: actors.editor.user })
    expect(mailbox.at(-1)?.subject).toMatch(/^Approved: /)

    await payload.update({ collection: 'articles', id: story.id, data: { _status: 'published' }, user: actors.editor.user, overrideAccess: false })
    expect(mailbox.at(-1)?.subject).toMatch(/^Published: /)
  })

  it('remind the reviewer of an overdue review once', async () => {
    const reviewer = await createUser(payload, 'editor', 'Late Reviewer')
    const story = await storyAt('draft')
    await payload.update({
      collection: 'articles',
      id: story.id,
      data: { reviewer: reviewer.id, dueAt: new Date(Date.now() - 60 * 60 * 1000).toISOString() },
      draft: true,
      user: actors.editor.user,
      overrideAccess: false,
    })
    await transitionArticle({ payload, articleId: story.id, to: 'in-review', user: actors['writer (author)'].user })
    const mailbox = capturedEmails()
    mailbox.length = 0
    const req = { payload, context: {} } as never
    expect(await remindOverdueReviews(req)).toBeGreaterThanOrEqual(1)
    expect(mailbox.find((mail) => String(mail.subject).includes('overdue'))?.to).toEqual([reviewer.email])
    const before = mailbox.length
    await remindOverdueReviews(req)
    expect(mailbox.length).toBe(before)
  })
})

describe('scheduled publishing', () => {
  const schedule = (articleId: number, user: TypedUser, waitUntil = new Date(Date.now() - 1000)) =>
    payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'articles', value: articleId }, user: { relationTo: 'users', value: user.id } },
      waitUntil,
    })

  it('publishes an approved story as the editor who scheduled it, through the gate', async () => {
    const story = await storyAt('draft')
    await approveStory(payload, story.id)
    await schedule(story.id, actors.editor.user)
    await payload.jobs.run()
    const live = await payload.findByID({ collection: 'articles', id: story.id })
    expect(live._status).toBe('published')
    expect(live.stage).toBe('published')
  })

  it('cancels the schedule when the story is edited after scheduling, and alerts the editor who scheduled it', async () => {
    const story = await storyAt('draft')
    await approveStory(payload, story.id)
    const job = await schedule(story.id, actors.editor.user, new Date(Date.now() + 60 * 60 * 1000))
    await payload.update({ collection: 'articles', id: story.id, data: { dek: 'Late edit' }, draft: true, user: actors['writer (author)'].user, overrideAccess: false })
    expect(await currentStage(story.id)).toBe('in-review')
    expect((await payload.count({ collection: 'payload-jobs', where: { id: { equals: job.id } } })).totalDocs).toBe(0)
    const alerts = await payload.find({ collection: 'workflow-alerts', where: { article: { equals: story.id } } })
    expect(alerts.docs.map((alert) => [alert.kind, typeof alert.recipient === 'object' ? alert.recipient?.id : alert.recipient])).toEqual([
      ['cancelled-schedule', actors.editor.user.id],
    ])
  })

  it('fails visibly when the story left approval without an edit the workflow saw, and alerts editors', async () => {
    const story = await storyAt('draft')
    await approveStory(payload, story.id)
    await schedule(story.id, actors.editor.user)
    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    await client.query(`update _articles_v set version_stage = 'in-review' where parent_id = $1 and latest`, [story.id])
    await client.end()
    await payload.jobs.run()
    expect((await payload.findByID({ collection: 'articles', id: story.id }))._status).toBe('draft')

    capturedEmails().length = 0
    await checkScheduledPublishing({ payload, context: {} } as never)
    const alerts = await payload.find({ collection: 'workflow-alerts', where: { article: { equals: story.id } } })
    expect(alerts.docs[0]).toMatchObject({ kind: 'failed-schedule' })
    expect(capturedEmails().length).toBeGreaterThan(0)

    const queue = await (await fetch(`${ctx.baseUrl}/api/workflow/queue`, { headers: actors.editor.headers })).json()
    expect(queue.alerts.map((alert: { article: number }) => alert.article)).toContain(story.id)
  })

  it('alerts when a scheduled publication did not run within five minutes', async () => {
    const story = await storyAt('draft')
    await approveStory(payload, story.id)
    await schedule(story.id, actors.editor.user, new Date(Date.now() - 10 * 60 * 1000))
    await checkScheduledPublishing({ payload, context: {} } as never)
    const alerts = await payload.find({ collection: 'workflow-alerts', where: { article: { equals: story.id } } })
    expect(alerts.docs[0]).toMatchObject({ kind: 'missed-schedule' })
  })

  it('lets only editors schedule, and only approved stories', async () => {
    const { assertMayScheduleStory } = await import('../../src/workflow/guardScheduledPublishing')
    const story = await storyAt('in-review')
    const req = { payload, context: {} } as never
    const input = { type: 'publish', doc: { relationTo: 'articles', value: story.id } }
    await expect(assertMayScheduleStory({ req, input, userId: actors['writer (author)'].user.id })).rejects.toMatchObject({ status: 403 })
    await expect(assertMayScheduleStory({ req, input, userId: actors.editor.user.id })).rejects.toThrow(/Only approved stories can be scheduled/)
    const created = await fetch(`${ctx.baseUrl}/api/payload-jobs`, {
      method: 'POST',
      headers: actors.editor.headers,
      body: JSON.stringify({ taskSlug: 'schedulePublish', input }),
    })
    expect(created.status).toBe(403)
  })
})

describe('preview links and notes', () => {
  it('show the current draft read-only without an account, until they expire or are revoked', async () => {
    const story = await storyAt('draft')
    await payload.update({ collection: 'articles', id: story.id, data: { dek: 'Draft standfirst for the quoted group' }, draft: true, user: actors.editor.user, overrideAccess: false })
    const link = await payload.create({ collection: 'preview-links', data: { article: story.id }, user: actors.editor.user, overrideAccess: false })
    const open = await fetch(`${ctx.baseUrl}/api/preview/${link.token}`)
    expect(open.status).toBe(200)
    expect(open.headers.get('cache-control')).toBe('private, no-store')
    const preview = await open.json()
    expect(preview.story.dek).toBe('Draft standfirst for the quoted group')
    expect(preview.story.stage).toBeUndefined()
    expect(preview.story.images).toBeUndefined()
    expect(JSON.stringify(preview)).not.toMatch(/@newsroom\.test/)

    await payload.update({ collection: 'preview-links', id: link.id, data: { revoked: true } })
    expect((await fetch(`${ctx.baseUrl}/api/preview/${link.token}`)).status).toBe(410)

    const expiring = await payload.create({ collection: 'preview-links', data: { article: story.id } })
    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    await client.query(`update preview_links set expires_at = now() - interval '1 minute' where id = $1`, [expiring.id])
    await client.end()
    const expired = await fetch(`${ctx.baseUrl}/api/preview/${expiring.token}`)
    expect(expired.status).toBe(410)
    expect((await expired.json()).errors[0].message).toMatch(/expired/)
    expect((await fetch(`${ctx.baseUrl}/api/preview/not-a-token`)).status).toBe(404)
  })

  it('lets writers refuse to create preview links', async () => {
    const story = await storyAt('draft')
    await expect(
      payload.create({ collection: 'preview-links', data: { article: story.id }, user: actors['writer (author)'].user, overrideAccess: false }),
    ).rejects.toMatchObject({ status: 403 })
  })

  it('keeps editorial notes and the transition log out of anonymous reads', async () => {
    const story = await storyAt('draft')
    await payload.create({ collection: 'editorial-notes', data: { article: story.id, text: 'The source asked not to be named.' }, user: actors.editor.user, overrideAccess: false })
    await approveStory(payload, story.id)
    await publishStory(payload, story.id)
    expect((await fetch(`${ctx.baseUrl}/api/editorial-notes`)).status).toBe(403)
    expect((await fetch(`${ctx.baseUrl}/api/article-transitions`)).status).toBe(403)
    const anonymous = await fetch(`${ctx.baseUrl}/api/articles/${story.id}?depth=2`)
    const text = await anonymous.text()
    expect(text).not.toMatch(/The source asked not to be named/)
    expect(JSON.parse(text).stage).toBeUndefined()
    const graphql = await fetch(`${ctx.baseUrl}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ EditorialNotes { docs { text } } }' }),
    })
    expect(JSON.stringify(await graphql.json())).not.toMatch(/The source asked not to be named/)
  })
})
