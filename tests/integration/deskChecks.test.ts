// The desk's checks before approval: approval is refused, with the reasons, while the images are not ready or a
// check (headline, dek, SEO title and description, a topic) is neither met nor waived, on every write path; only
// editors waive, with a real note, on the record.
import type { Payload } from 'payload'

import { DESK_CHECKS, WAIVER_NOTE_MAX_LENGTH } from '../../src/workflow/deskChecks'
import { transitionArticle } from '../../src/workflow/transitionArticle'
import { saveStateForCall } from '../../src/saveState'
import { createCredit, createMedia } from '../helpers/content'
import { anonymousCaller, apiKeyCaller, graphql, personFor, rest, signedInPersonOfThisFile, type Caller } from '../helpers/http'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

const ctx = testServerOfThisFile()
const writer = signedInPersonOfThisFile(ctx, 'writer', 'Desk Check Writer')
const editor = signedInPersonOfThisFile(ctx, 'editor', 'Desk Check Editor')
const secondEditor = signedInPersonOfThisFile(ctx, 'editor', 'Second Desk Editor')
const admin = signedInPersonOfThisFile(ctx, 'admin', 'Desk Check Admin')
let payload: Payload
let machine: Caller
beforeAll(async () => {
  payload = ctx.payload
  machine = await apiKeyCaller(payload, await createUser(payload, 'api', 'Front end'))
})

afterAll(async () => {
  await ctx?.close()
})

let counter = 0

async function creditedPhoto() {
  const credit = await createCredit(payload, { photographer: 'Desk Photographer' })
  return createMedia(payload, { credit: credit.id, alt: 'Volunteers sort donated clothes in a church hall' })
}

/** Everything the desk expects: a credited hero image, headline, dek, SEO title and description, a topic. */
const deskReady = async () => ({
  title: `Desk-ready story ${++counter}`,
  dek: 'What happened, in one sentence.',
  meta: { title: 'Search headline', description: 'What a search result says about the story.' },
  topics: ['refugees'],
  heroImage: (await creditedPhoto()).id,
  authors: [writer.user.id],
})

/** A story in review, written by the writer, with `data` over the desk-ready fields. */
async function storyInReview(data: Record<string, unknown> = {}) {
  const story = await payload.create({ collection: 'articles', data: { ...(await deskReady()), ...data } as never })
  await transitionArticle({ payload, articleId: story.id, to: 'in-review', user: writer.user })
  return story
}

const latest = (id: number) => payload.findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: true })
const logOf = async (id: number) =>
  (await payload.find({ collection: 'article-transitions', where: { article: { equals: id } }, sort: '-createdAt', limit: 50, depth: 0, overrideAccess: true })).docs
const approve = (caller: Caller, id: number) => rest(ctx.baseUrl, caller, 'POST', `/api/articles/${id}/transition`, { to: 'approved' })
const waive = (caller: Caller, id: number, body: unknown) => rest(ctx.baseUrl, caller, 'POST', `/api/articles/${id}/desk-checks/waive`, body)
const readiness = (caller: Caller, id: number) => rest(ctx.baseUrl, caller, 'GET', `/api/articles/${id}/publish-readiness`)

describe('approval and the desk’s checks', () => {
  it('approves a story that meets every check', async () => {
    const story = await storyInReview()
    const answer = await approve(editor, story.id)
    expect(answer.status).toBe(200)
    expect((await latest(story.id)).stage).toBe('approved')
  })

  it('refuses approval while the hero image has no credit, naming the image; the story stays in review', async () => {
    const uncredited = await createMedia(payload, { alt: 'A man at a press conference', name: 'press-conference.jpg' })
    const story = await storyInReview({ heroImage: uncredited.id })
    const answer = await approve(editor, story.id)
    expect(answer.status).toBe(400)
    const { message, data } = answer.body.errors[0]
    expect(message).toMatch(/cannot be approved yet\. 1 image is not ready: Image "press-conference(-\d+)?\.jpg" .*hero image.* has no photo credit/)
    expect(message).not.toMatch(/waive/)
    expect(data.deskChecks.map((check: { check: string }) => check.check)).toEqual(['images'])
    expect((await latest(story.id)).stage).toBe('in-review')
    expect((await latest(story.id)).approvedBy ?? null).toBeNull()
  })

  it('refuses approval listing every unmet check; once each is met or waived, approves', async () => {
    const story = await storyInReview({ dek: null, meta: { title: null, description: '\u200b' }, topics: [] })
    const refused = await approve(editor, story.id)
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toMatch(/no dek.*no SEO title.*no SEO description.*no topic.*waive the dek, SEO and topic checks with a note/)
    expect(refused.body.errors[0].data.deskChecks.map((check: { check: string }) => check.check)).toEqual(['dek', 'seoTitle', 'seoDescription', 'topic'])

    await payload.update({ collection: 'articles', id: story.id, draft: true, data: { dek: 'Now with a dek.', topics: ['courts'] }, user: writer.user, overrideAccess: false })
    for (const check of ['seoTitle', 'seoDescription']) {
      expect((await waive(secondEditor, story.id, { check, note: 'The web desk writes SEO text for this series.' })).status).toBe(200)
    }
    const approved = await approve(editor, story.id)
    expect(approved.status).toBe(200)
    expect(approved.body.stage).toBe('approved')
  })

  it('lists the checks in the readiness answer, with who waived which and why, and whether the story can be approved', async () => {
    const story = await storyInReview({ topics: [] })
    const before = await readiness(writer, story.id)
    expect(before.status).toBe(200)
    expect(before.body.canBeApproved).toBe(false)
    expect(before.body.deskChecks.map((check: { check: string }) => check.check)).toEqual(DESK_CHECKS.map((check) => check.key))
    expect(before.body.deskChecks.find((check: { check: string }) => check.check === 'topic')).toMatchObject({ isMet: false, isWaivable: true, waiver: null, problem: 'It is filed under no topic.' })
    expect(before.body.deskChecks.find((check: { check: string }) => check.check === 'images')).toMatchObject({ isMet: true, isWaivable: false })

    await waive(editor, story.id, { check: 'topic', note: 'Breaking news: topics come with the follow-up.' })
    const after = await readiness(writer, story.id)
    expect(after.body.canBeApproved).toBe(true)
    expect(after.body.deskChecks.find((check: { check: string }) => check.check === 'topic').waiver).toMatchObject({
      note: 'Breaking news: topics come with the follow-up.',
      waivedBy: { id: editor.user.id, name: 'Desk Check Editor' },
      waivedAt: expect.any(String),
    })
  })

  it('logs a waiver in the story’s stage log: who, when, which check and the note', async () => {
    const story = await storyInReview({ dek: '' })
    const answer = await waive(editor, story.id, { check: 'dek', note: '  The headline says it all.\u200b ' })
    expect(answer.status).toBe(200)
    expect(answer.body.message).toMatch(/Waived the desk check “Dek”/)
    const [entry] = await logOf(story.id)
    expect(entry).toMatchObject({ from: 'in-review', to: 'in-review', by: editor.user.id, note: 'Waived the desk check “Dek”: The headline says it all.' })
    expect(Date.now() - new Date(entry.createdAt).getTime()).toBeLessThan(60_000)
    expect((await latest(story.id)).deskCheckWaivers).toEqual([
      expect.objectContaining({ check: 'dek', note: 'The headline says it all.', waivedBy: editor.user.id, waivedAt: expect.any(String) }),
    ])
  })
})

describe('hostile waivers change nothing', () => {
  /** Each refusal leaves the story as it was: no waiver, no log line, no new version. */
  async function expectRefused(caller: Caller, body: unknown, status: number, message: RegExp) {
    const story = await storyInReview({ dek: null })
    const [before, logBefore] = [await latest(story.id), (await logOf(story.id)).length]
    const answer = await waive(caller, story.id, body)
    expect({ status: answer.status, message: answer.body?.errors?.[0]?.message }).toEqual({ status, message: expect.stringMatching(message) })
    expect(answer.text).not.toMatch(/\bat \S+\.(ts|js):\d+/)
    const after = await latest(story.id)
    expect(after.deskCheckWaivers ?? []).toEqual([])
    expect(after.updatedAt).toBe(before.updatedAt)
    expect((await logOf(story.id)).length).toBe(logBefore)
  }

  it('refuses a writer, even the story’s author (403)', () => expectRefused(writer, { check: 'dek', note: 'I am sure it is fine.' }, 403, /Only editors can waive/))
  it('refuses an api reader (403) and an anonymous caller (401)', async () => {
    await expectRefused(machine, { check: 'dek', note: 'Automated.' }, 403, /Only editors can waive/)
    await expectRefused(anonymousCaller, { check: 'dek', note: 'Anyone.' }, 401, /Sign in/)
  })
  it('refuses an empty note, a note of spaces and invisible characters, no note and a note that is not text', async () => {
    await expectRefused(editor, { check: 'dek', note: '' }, 400, /write a note that says why/)
    await expectRefused(editor, { check: 'dek', note: ' \u200b\u2060\ufeff\u00a0\n\t' }, 400, /Spaces or invisible characters alone say nothing/)
    await expectRefused(editor, { check: 'dek' }, 400, /write a note that says why/)
    await expectRefused(editor, { check: 'dek', note: 42 }, 400, /write a note that says why/)
    await expectRefused(editor, { check: 'dek', note: { text: 'nested' } }, 400, /write a note that says why/)
  })
  it('refuses a huge note', async () => {
    await expectRefused(editor, { check: 'dek', note: 'x'.repeat(WAIVER_NOTE_MAX_LENGTH + 1) }, 400, /keep it to 1,000/)
    await expectRefused(editor, { check: 'dek', note: 'Why: '.repeat(40_000) }, 400, /keep it to 1,000/)
  })
  it('refuses a check that does not exist, one that cannot be waived, and a check of the wrong type', async () => {
    await expectRefused(editor, { check: 'legal', note: 'Lawyers said yes.' }, 400, /no desk check called “legal”.*“dek” \(Dek\)/)
    await expectRefused(editor, { check: 'images', note: 'The agency will send credits later.' }, 400, /Images cannot be waived/)
    await expectRefused(editor, { check: 'headline', note: 'Untitled is fine.' }, 400, /headline cannot be waived/)
    await expectRefused(editor, { check: ['dek', 'topic'], note: 'Both.' }, 400, /Say which desk check to waive/)
    await expectRefused(editor, { check: '__proto__', note: 'Prototype.' }, 400, /no desk check called/)
    await expectRefused(editor, '"dek"', 400, /must be a JSON object/)
  })
  it('refuses to waive a check the story meets', () => expectRefused(editor, { check: 'topic', note: 'Just in case.' }, 400, /passes the At least one topic check: there is nothing to waive/))
  it('refuses an editor who wrote the revision; an admin may waive', async () => {
    const coAuthor = await personFor(ctx.baseUrl, await createUser(payload, 'editor', 'Co-writing Editor'))
    const story = await storyInReview({ dek: null, authors: [writer.user.id, coAuthor.user.id] })
    const refused = await waive(coAuthor, story.id, { check: 'dek', note: 'Mine, and fine.' })
    expect(refused.status).toBe(403)
    expect(refused.body.errors[0].message).toMatch(/you cannot waive its checks: ask another editor/)
    expect((await latest(story.id)).deskCheckWaivers).toEqual([])
    expect((await waive(admin, story.id, { check: 'dek', note: 'Admin on the night desk.' })).status).toBe(200)
  })
  it('refuses waivers after approval', async () => {
    const story = await storyInReview()
    await approve(editor, story.id)
    await payload.update({ collection: 'articles', id: story.id, draft: true, data: { topics: [] }, user: editor.user, overrideAccess: false })
    const answer = await waive(secondEditor, story.id, { check: 'topic', note: 'Late.' })
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].message).toMatch(/is in “Approved”: desk checks are waived on the way to approval/)
  })
  it('refuses a story the caller cannot see or that does not exist', async () => {
    expect((await waive(editor, 999_999, { check: 'dek', note: 'Ghost.' })).status).toBe(404)
  })
})

describe('no way around the checks', () => {
  it('ignores waivers a client writes itself: REST, GraphQL, and the Local API even with overrideAccess', async () => {
    const story = await storyInReview({ dek: null })
    const forged = [{ check: 'dek', note: 'Forged.', waivedBy: editor.user.id, waivedAt: new Date().toISOString() }]
    const patched = await rest(ctx.baseUrl, editor, 'PATCH', `/api/articles/${story.id}?draft=true`, { deskCheckWaivers: forged })
    expect(patched.status).toBe(200)
    await graphql(ctx.baseUrl, editor, `mutation { updateArticle(id: ${story.id}, draft: true, data: { deskCheckWaivers: [{ check: dek, note: "Forged.", waivedAt: "2026-01-01T00:00:00.000Z" }] }) { id } }`)
    await payload.update({ collection: 'articles', id: story.id, draft: true, data: { deskCheckWaivers: forged } as never, overrideAccess: true })
    expect((await latest(story.id)).deskCheckWaivers).toEqual([])
    expect((await approve(editor, story.id)).status).toBe(400)
  })

  it('holds when approving through the Local API, with or without overrideAccess, and when writing the stage directly', async () => {
    const story = await storyInReview({ topics: [] })
    await expect(transitionArticle({ payload, articleId: story.id, to: 'approved', user: editor.user })).rejects.toMatchObject({ status: 400 })
    // What transitionArticle hands the hooks, given by hand: the hooks check it themselves.
    for (const overrideAccess of [false, true]) {
      await expect(
        payload.update({
          collection: 'articles',
          id: story.id,
          draft: true,
          data: {},
          context: saveStateForCall({ workflowTransition: { stage: 'approved' } }),
          user: editor.user,
          overrideAccess,
        }),
      ).rejects.toMatchObject({ status: 400 })
    }
    await payload.update({ collection: 'articles', id: story.id, draft: true, data: { stage: 'approved' } as never, user: editor.user, overrideAccess: false })
    const viaGraphql = await graphql(ctx.baseUrl, editor, `mutation { updateArticle(id: ${story.id}, draft: true, data: { stage: approved }) { id stage } }`)
    expect(viaGraphql.body?.data?.updateArticle?.stage ?? 'not approved').not.toBe('approved')
    expect((await latest(story.id)).stage).toBe('in-review')
  })

  it('keeps a waiver while the story changes elsewhere, drops it once its check is met, and clears all when published', async () => {
    const story = await storyInReview({ dek: null, topics: [] })
    await waive(editor, story.id, { check: 'dek', note: 'No dek for live blogs.' })
    await waive(editor, story.id, { check: 'topic', note: 'Topics after the event.' })
    // An unrelated change by the writer (an autosave of the whole form) keeps both.
    await rest(ctx.baseUrl, writer, 'PATCH', `/api/articles/${story.id}?draft=true&autosave=true`, { heroCaption: 'A new caption.', deskCheckWaivers: [] })
    expect((await latest(story.id)).deskCheckWaivers?.map((waiver) => waiver.check)).toEqual(['dek', 'topic'])
    // The writer adds a topic: that waiver has done its work.
    await payload.update({ collection: 'articles', id: story.id, draft: true, data: { topics: ['housing'] }, user: writer.user, overrideAccess: false })
    expect((await latest(story.id)).deskCheckWaivers?.map((waiver) => waiver.check)).toEqual(['dek'])

    expect((await approve(secondEditor, story.id)).status).toBe(200)
    await payload.update({ collection: 'articles', id: story.id, data: { _status: 'published' }, user: secondEditor.user, overrideAccess: false })
    expect((await latest(story.id)).deskCheckWaivers).toEqual([])
  })

  it('keeps both waivers when two editors waive different checks at once', async () => {
    const story = await storyInReview({ dek: null, topics: [] })
    const answers = await Promise.all([
      waive(editor, story.id, { check: 'dek', note: 'First editor.' }),
      waive(secondEditor, story.id, { check: 'topic', note: 'Second editor.' }),
    ])
    expect(answers.map((answer) => answer.status)).toEqual([200, 200])
    expect((await latest(story.id)).deskCheckWaivers?.map((waiver) => waiver.check).sort()).toEqual(['dek', 'topic'])
  })

  it('never shows waivers to anonymous or api readers, also in the latest draft', async () => {
    const story = await storyInReview()
    await approve(editor, story.id)
    await payload.update({ collection: 'articles', id: story.id, data: { _status: 'published' }, user: editor.user, overrideAccess: false })
    // The writer starts a new revision without topics; an editor waives the topic check on it.
    await payload.update({ collection: 'articles', id: story.id, draft: true, data: { topics: [] }, user: writer.user, overrideAccess: false })
    expect((await waive(secondEditor, story.id, { check: 'topic', note: 'SECRET-WAIVER-NOTE' })).status).toBe(200)
    const asStaff = await rest(ctx.baseUrl, editor, 'GET', `/api/articles/${story.id}?draft=true&depth=1`)
    expect(asStaff.text).toMatch(/SECRET-WAIVER-NOTE/)
    for (const [caller, path] of [
      [anonymousCaller, `/api/articles/${story.id}?depth=1`],
      [machine, `/api/articles/${story.id}?draft=true&depth=1`],
      [machine, `/api/articles?draft=true&depth=1&where[id][equals]=${story.id}`],
    ] as const) {
      const read = await rest(ctx.baseUrl, caller, 'GET', path)
      expect(read.status).toBe(200)
      expect({ path, caller: caller.name, text: read.text }).toEqual({ path, caller: caller.name, text: expect.not.stringMatching(/deskCheckWaivers|SECRET-WAIVER-NOTE/) })
    }
  })
})
