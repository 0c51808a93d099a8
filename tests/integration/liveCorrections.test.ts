// Correcting a live story: an editor publishes the change in one step (through the gate, on the record, with a
// note to readers when there is one); a writer's change goes to review; a note readers have seen is never
// silently edited; whoever edits an approved or scheduled story is told first, and the schedule's owner is alerted.
import type { Payload, TypedUser } from 'payload'

import { capturedEmails } from '../../src/server/emailAdapter'
import { MAX_READER_NOTE_LENGTH } from '../../src/corrections/readerNotes'
import { createMedia } from '../helpers/content'
import { creditedStory } from '../helpers/contentApiFixtures'
import { personFor, rest, signedInPersonOfThisFile, type Caller } from '../helpers/http'
import { approveStory, deskEditor, publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'

const ctx = testServerOfThisFile()
const editor = signedInPersonOfThisFile(ctx, 'editor', 'Correcting Editor')
const otherEditor = signedInPersonOfThisFile(ctx, 'editor', 'Scheduling Editor')
const anonymous: Caller = { name: 'anonymous', headers: {} }
let payload: Payload
beforeAll(() => {
  payload = ctx.payload
})

let storyCounter = 0

/** A live story with credited images, and its author (a writer) signed in. */
async function liveStory() {
  storyCounter += 1
  const fixture = await creditedStory(payload, { title: `Live story ${storyCounter} ${Date.now()}` })
  await publishStory(payload, fixture.story.id)
  return { ...fixture, writer: await personFor(ctx.baseUrl, fixture.author) }
}

const latest = (id: number) => payload.findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: true })
const live = (id: number) => payload.findByID({ collection: 'articles', id, depth: 0, overrideAccess: true })
const logOf = async (id: number) =>
  (await payload.find({ collection: 'article-transitions', where: { article: { equals: id } }, sort: '-createdAt', limit: 50, overrideAccess: true })).docs

/** What a person reads from an error answer: the message, and a validation error's field messages. */
const readable = (body: { errors?: { message?: string; data?: { errors?: { message?: string }[] } | null }[] }) =>
  [body.errors?.[0]?.message, ...(body.errors?.[0]?.data?.errors ?? []).map((error) => error.message)].join(' ')

const editDraft = (caller: Caller, id: number, data: Record<string, unknown>) => rest(ctx.baseUrl, caller, 'PATCH', `/api/articles/${id}?draft=true&autosave=true`, data)
const correct = (caller: Caller, id: number, body: unknown) => rest(ctx.baseUrl, caller, 'POST', `/api/articles/${id}/publish-correction`, body)

describe('publishing a correction', () => {
  it('lets an editor correct a live story in one step: readers see the change and its note at once (by slug, REST, feeds)', async () => {
    const { story } = await liveStory()
    // Warm the public caches, so the test also proves they are refreshed.
    expect((await rest(ctx.baseUrl, anonymous, 'GET', `/api/articles/by-slug/${story.slug}`)).body.readerNotes).toEqual([])
    await rest(ctx.baseUrl, anonymous, 'GET', '/api/feeds/feed.json')

    const edited = await editDraft(editor, story.id, { title: `${story.title}, corrected` })
    expect(edited.status).toBe(200)
    // The editor's edit is a pending correction: the story stays published, nothing "starts a new revision".
    expect((await latest(story.id)).stage).toBe('published')
    expect((await logOf(story.id)).map((entry) => entry.note)).not.toContain('A new revision was started.')
    expect((await live(story.id)).title).toBe(story.title)

    const text = 'An earlier version of this story misspelled the name of the advocacy group.'
    const published = await correct(editor, story.id, { note: 'Fixed the group’s name.', readerNote: { kind: 'correction', text } })
    expect(published.status).toBe(200)
    expect(published.body).toMatchObject({ stage: 'published', _status: 'published' })

    const bySlug = await rest(ctx.baseUrl, anonymous, 'GET', `/api/articles/by-slug/${story.slug}`)
    expect(bySlug.body.title).toBe(`${story.title}, corrected`)
    expect(bySlug.body.readerNotes).toEqual([{ kind: 'correction', text, time: expect.any(String) }])
    const viaRest = await rest(ctx.baseUrl, anonymous, 'GET', `/api/articles/${story.id}`)
    expect(viaRest.body.title).toBe(`${story.title}, corrected`)
    expect(viaRest.body.readerNotes).toEqual([expect.objectContaining({ kind: 'correction', text })])

    const feed = await rest(ctx.baseUrl, anonymous, 'GET', '/api/feeds/feed.json')
    const item = feed.body.items.find((entry: { id: string }) => entry.id === `article-${story.id}`)
    expect(item._reader_notes).toEqual([{ kind: 'correction', text, time: expect.any(String) }])
    expect(item.content_text).toContain(`Correction (`)
    const rss = await rest(ctx.baseUrl, anonymous, 'GET', '/api/feeds/rss.xml')
    expect(rss.text).toContain('An earlier version of this story misspelled the name of the advocacy group.')

    const [entry] = await logOf(story.id)
    expect(entry).toMatchObject({ from: 'published', to: 'published', note: 'Fixed the group’s name.', by: expect.objectContaining({ id: editor.user.id }) })
  })

  it('still refuses a correction whose image lacks a credit, and leaves the live story as it was', async () => {
    const { story, hero } = await liveStory()
    const uncredited = await createMedia(payload, { alt: 'A crowd outside the court' })
    expect((await editDraft(editor, story.id, { heroImage: uncredited.id })).status).toBe(200)
    const refused = await correct(editor, story.id, { readerNote: { kind: 'update', text: 'We replaced the photo.' } })
    expect(refused.status).toBe(400)
    expect(readable(refused.body)).toMatch(/credit/i)
    const now = await live(story.id)
    expect(now.heroImage).toBe(hero.id)
    expect(now.readerNotes ?? []).toEqual([])
    expect((await logOf(story.id)).some((entry) => entry.to === 'published' && entry.from === 'published')).toBe(false)
  })

  it('refuses a writer (403); the writer’s change to a live story starts a new revision that goes to review', async () => {
    const { story, writer } = await liveStory()
    expect((await editDraft(writer, story.id, { dek: 'The writer’s better standfirst.' })).status).toBe(200)
    expect((await latest(story.id)).stage).toBe('draft')
    const refused = await correct(writer, story.id, { readerNote: { kind: 'correction', text: 'A writer may not publish this.' } })
    expect(refused.status).toBe(403)
    expect(refused.body.errors[0].message).toMatch(/Only editors can publish a correction/)
    expect((await rest(ctx.baseUrl, writer, 'PATCH', `/api/articles/${story.id}`, { _status: 'published' })).status).toBe(403)
    expect((await rest(ctx.baseUrl, writer, 'POST', `/api/articles/${story.id}/transition`, { to: 'in-review' })).status).toBe(200)
    expect((await latest(story.id)).stage).toBe('in-review')
    expect((await live(story.id)).dek).not.toBe('The writer’s better standfirst.')
  })

  it('lets an editor publish a writer’s new revision of a live story as a correction, from draft, on the record', async () => {
    const { story, writer } = await liveStory()
    expect((await editDraft(writer, story.id, { dek: 'The writer’s fix.' })).status).toBe(200)
    // Payload's Publish button still refuses a new revision: it is the correction that publishes it, with its note.
    expect((await rest(ctx.baseUrl, editor, 'PATCH', `/api/articles/${story.id}`, { _status: 'published' })).status).toBe(400)
    const published = await correct(editor, story.id, {})
    expect(published.status).toBe(200)
    expect((await live(story.id)).dek).toBe('The writer’s fix.')
    expect((await latest(story.id)).stage).toBe('published')
    expect((await logOf(story.id))[0]).toMatchObject({ from: 'draft', to: 'published', note: 'Correction published.' })
  })

  it('refuses a correction when readers already see the latest version and no note is added', async () => {
    const { story } = await liveStory()
    const refused = await correct(editor, story.id, { note: 'Nothing really.' })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toMatch(/nothing to publish/)
  })
})

describe('hostile corrections', () => {
  it.each([
    ['only zero-width characters', { readerNote: { kind: 'correction', text: '\u200b\u200d\u2060\ufeff' } }, /visible characters/],
    ['a huge note', { readerNote: { kind: 'correction', text: 'x'.repeat(MAX_READER_NOTE_LENGTH + 1) } }, /keep it to 2,000/],
    ['a kind that does not exist', { readerNote: { kind: 'retraction', text: 'We retract everything.' } }, /one of: correction, update, clarification/],
    ['a note that is not an object', { readerNote: 'Correction: oops' }, /\{ "kind": "correction", "text": "…" \}/],
    ['a note whose text is not text', { readerNote: { kind: 'correction', text: { nested: ['deep'] } } }, /\{ "kind": "correction", "text": "…" \}/],
    ['a log note that is not text', { note: ['a', 'list'] }, /must be text/],
  ])('answers 400 for %s and changes nothing', async (_name, body, message) => {
    const { story } = await liveStory()
    const before = await live(story.id)
    const logBefore = (await logOf(story.id)).length
    const refused = await correct(editor, story.id, body)
    expect(refused.status).toBe(400)
    expect(readable(refused.body)).toMatch(message)
    const after = await live(story.id)
    expect(after.updatedAt).toBe(before.updatedAt)
    expect(after.readerNotes ?? []).toEqual([])
    expect((await logOf(story.id)).length).toBe(logBefore)
  })

  it('answers 400 for a note on a story that is not live', async () => {
    const { story } = await creditedStory(payload, { title: `Never published ${Date.now()}` })
    await approveStory(payload, story.id)
    const refused = await correct(editor, story.id, { readerNote: { kind: 'correction', text: 'Too early for this.' } })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toMatch(/is not live, so there is nothing to correct/)
    expect((await latest(story.id)).stage).toBe('approved')
    expect((await live(story.id))._status).toBe('draft')
  })

  it('answers 404 for a story that does not exist, and 401 without an account', async () => {
    expect((await correct(editor, 987654, { readerNote: { kind: 'update', text: 'Nobody home.' } })).status).toBe(404)
    const { story } = await liveStory()
    expect((await correct(anonymous, story.id, { readerNote: { kind: 'update', text: 'Nobody home.' } })).status).toBe(401)
  })

  it('takes two corrections sent at once in turn: each note is kept, none is lost', async () => {
    const { story } = await liveStory()
    const [first, second] = await Promise.all([
      correct(editor, story.id, { readerNote: { kind: 'correction', text: 'The first correction.' } }),
      correct(otherEditor, story.id, { readerNote: { kind: 'update', text: 'The second update.' } }),
    ])
    const succeeded = [first, second].filter((answer) => answer.status === 200)
    for (const answer of [first, second]) expect([200, 409]).toContain(answer.status)
    const notes = (await live(story.id)).readerNotes ?? []
    expect(notes.map((note) => note.text).sort()).toEqual(
      [first, second].flatMap((answer, index) => (answer.status === 200 ? [index === 0 ? 'The first correction.' : 'The second update.'] : [])).sort(),
    )
    expect(succeeded.length).toBeGreaterThanOrEqual(1)
  })
})

describe('published notes', () => {
  it('cannot be changed or removed by a writer (403), and an editor’s change is logged', async () => {
    const { story, writer } = await liveStory()
    expect((await correct(editor, story.id, { readerNote: { kind: 'correction', text: 'The mayor is Ana Ruiz, not Ana Ruez.' } })).status).toBe(200)
    const [note] = (await latest(story.id)).readerNotes ?? []

    const rewritten = await editDraft(writer, story.id, { readerNotes: [{ ...note, text: 'Nothing was ever wrong.' }] })
    expect(rewritten.status).toBe(403)
    expect(rewritten.body.errors[0].message).toMatch(/only an editor can change or remove it/)
    const removed = await editDraft(writer, story.id, { readerNotes: [] })
    expect(removed.status).toBe(403)
    // Adding a note of their own, keeping the published one, is a writer's ordinary draft work.
    const added = await editDraft(writer, story.id, { readerNotes: [note, { kind: 'update', text: 'Later the council confirmed the vote.' }] })
    expect(added.status).toBe(200)
    expect((await latest(story.id)).readerNotes?.map((row) => row.text)).toEqual([note.text, 'Later the council confirmed the vote.'])

    const byEditor = await editDraft(editor, story.id, { readerNotes: [{ ...note, text: 'The mayor is Ana Ruiz.' }] })
    expect(byEditor.status).toBe(200)
    expect((await logOf(story.id))[0].note).toBe(
      'Changed the published correction “The mayor is Ana Ruiz, not Ana Ruez.” to correction “The mayor is Ana Ruiz.”.',
    )
    // The same content saved again (an autosave) logs nothing more.
    const logLength = (await logOf(story.id)).length
    const again = await latest(story.id)
    expect((await editDraft(editor, story.id, { readerNotes: again.readerNotes })).status).toBe(200)
    expect((await logOf(story.id)).length).toBe(logLength)
  })

  it('are part of the webhook payload of the correction', async () => {
    const webhook = await payload.create({
      collection: 'webhooks',
      data: { url: 'http://127.0.0.1:9/revalidate', secret: 'a-long-shared-secret-for-signing', events: ['article.updated'], active: true },
      overrideAccess: true,
    })
    try {
      const { story } = await liveStory()
      expect((await correct(editor, story.id, { readerNote: { kind: 'clarification', text: 'The vote was advisory.' } })).status).toBe(200)
      const { docs } = await payload.find({ collection: 'webhook-deliveries', where: { articleId: { equals: story.id } }, overrideAccess: true })
      expect(docs.map((delivery) => (delivery.body as { article: { readerNotes: unknown } }).article.readerNotes)).toEqual([
        [{ kind: 'clarification', text: 'The vote was advisory.', time: expect.any(String) }],
      ])
    } finally {
      await payload.delete({ collection: 'webhooks', id: webhook.id, overrideAccess: true })
    }
  })
})

describe('editing an approved or scheduled story', () => {
  const scheduleFor = (articleId: number, owner: TypedUser, waitUntil: Date) =>
    payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'articles', value: articleId }, user: { relationTo: 'users', value: owner.id } },
      waitUntil,
    })

  it('warns first that saving sends it back to review and cancels the schedule; then cancels it and alerts its owner', async () => {
    const { story, writer } = await creditedStory(payload, { title: `Scheduled story ${Date.now()}` }).then(async (fixture) => ({
      ...fixture,
      writer: await personFor(ctx.baseUrl, fixture.author),
    }))
    await approveStory(payload, story.id)
    const due = new Date(Date.now() + 24 * 60 * 60 * 1000)
    const job = await scheduleFor(story.id, otherEditor.user, due)

    const warning = await rest(ctx.baseUrl, writer, 'GET', `/api/articles/${story.id}/edit-warning`)
    expect(warning.status).toBe(200)
    expect(warning.body).toMatchObject({ stage: 'approved', sendsBackTo: 'in-review', cancelsScheduledPublications: true, canPublishCorrection: false })
    expect(warning.body.warning).toMatch(/Saving a change sends it back to “In review” and cancels its publication scheduled for/)
    expect(warning.body.scheduledPublications).toEqual([{ jobId: job.id, waitUntil: due.toISOString() }])
    // The approving editor's own fix keeps the approval, and so the schedule.
    const approver = await deskEditor(payload)
    const approverWarning = await rest(ctx.baseUrl, await personFor(ctx.baseUrl, approver as never), 'GET', `/api/articles/${story.id}/edit-warning`)
    expect(approverWarning.body).toMatchObject({ sendsBackTo: null, cancelsScheduledPublications: false, warning: null })

    capturedEmails().length = 0
    expect((await editDraft(writer, story.id, { dek: 'A late change from the writer.' })).status).toBe(200)
    expect((await latest(story.id)).stage).toBe('in-review')
    const { totalDocs } = await payload.count({ collection: 'payload-jobs', where: { id: { equals: job.id } }, overrideAccess: true })
    expect(totalDocs).toBe(0)

    const alerts = await payload.find({ collection: 'workflow-alerts', where: { article: { equals: story.id } }, overrideAccess: true })
    expect(alerts.docs).toHaveLength(1)
    expect(alerts.docs[0]).toMatchObject({ kind: 'cancelled-schedule', recipient: expect.objectContaining({ id: otherEditor.user.id }) })
    expect(alerts.docs[0].message).toMatch(/was cancelled: the story went from “Approved” to “In review”/)
    const alertMails = capturedEmails().filter((mail) => String(mail.subject).includes('scheduled publication was cancelled'))
    expect(alertMails.map((mail) => mail.to)).toEqual([[otherEditor.user.email]])
    expect((await logOf(story.id)).map((entry) => entry.note)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Cancelled the scheduled publication due .* UTC: the story went from “Approved” to “In review”\.$/)]),
    )
    const after = await rest(ctx.baseUrl, writer, 'GET', `/api/articles/${story.id}/edit-warning`)
    expect(after.body).toMatchObject({ stage: 'in-review', sendsBackTo: null, scheduledPublications: [] })
  })

  it('tells an editor of a live story with changes that they may publish a correction', async () => {
    const { story } = await liveStory()
    expect((await rest(ctx.baseUrl, editor, 'GET', `/api/articles/${story.id}/edit-warning`)).body).toMatchObject({ isLive: true, canPublishCorrection: false })
    expect((await editDraft(editor, story.id, { dek: 'A pending fix.' })).status).toBe(200)
    expect((await rest(ctx.baseUrl, editor, 'GET', `/api/articles/${story.id}/edit-warning`)).body).toMatchObject({
      stage: 'published',
      isLive: true,
      canPublishCorrection: true,
      warning: null,
    })
    expect((await rest(ctx.baseUrl, anonymous, 'GET', `/api/articles/${story.id}/edit-warning`)).status).toBe(401)
  })
})
