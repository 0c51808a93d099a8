// The newsroom's time zone, a site setting: kept as an IANA name, refused when it is none; the schedule drawer
// opens in it and the schedules it makes keep it; the Publish button learns it, and the story's stage, as the page renders.
import { createLocalReq, type Payload } from 'payload'

import { publishButtonFacts } from '../../src/admin/articles/publishButtonFacts'
import { settings } from '../../src/env'
import { guardedSchedulePublish } from '../../src/workflow/schedulePublishServerFunction'
import { approveStory } from '../helpers/stories'
import { rest, signedInPersonOfThisFile, type Caller } from '../helpers/http'
import { testServerOfThisFile } from '../helpers/testPayload'

const ctx = testServerOfThisFile()
const editor = signedInPersonOfThisFile(ctx, 'editor', 'Scheduling Editor')
const writer = signedInPersonOfThisFile(ctx, 'writer', 'Scheduling Writer')
let payload: Payload
beforeAll(() => {
  payload = ctx.payload
})

const saveSettings = (caller: Caller, body: unknown) => rest(ctx.baseUrl, caller, 'POST', '/api/globals/site-settings', body)
const storedZone = async () => (await payload.findGlobal({ slug: 'site-settings', depth: 0, overrideAccess: true })).timeZone

/** What a person reads from an error answer: the message and a validation error's field messages. */
const readable = (body: { errors?: { message?: string; data?: { errors?: { message?: string }[] } | null }[] }) =>
  [body.errors?.[0]?.message, ...(body.errors?.[0]?.data?.errors ?? []).map((error) => error.message)].join(' ')

describe('the newsroom’s time zone setting', () => {
  it('starts as the server’s zone (NEWSROOM_TIME_ZONE, UTC unless set) and keeps a zone an editor sets, in its own spelling', async () => {
    expect(await storedZone()).toBe(settings.newsroomTimeZone)
    const saved = await saveSettings(editor, { timeZone: 'europe/london' })
    expect(saved.status).toBe(200)
    expect(await storedZone()).toBe('Europe/London')
  })

  it.each([['Mars/Olympus_Mons'], ['+05:30'], ['Europe/London\u200b'], [' \u200b '], ['Europe/'.repeat(2000)], [42], [['UTC']], [{ zone: 'UTC' }]])(
    'refuses %j with a 400 that says what to write, and keeps the zone it had',
    async (timeZone) => {
      await saveSettings(editor, { timeZone: 'Asia/Kathmandu' })
      const answer = await saveSettings(editor, { timeZone })
      expect(answer.status).toBe(400)
      expect(readable(answer.body)).toMatch(/is not a time zone\. Write the newsroom’s zone as an IANA name|must be text|not valid/)
      expect(answer.text).not.toMatch(/\bat \S+\.(ts|js):\d+/)
      expect(await storedZone()).toBe('Asia/Kathmandu')
    },
  )

  it('is changed by editors only', async () => {
    await saveSettings(editor, { timeZone: 'America/New_York' })
    const answer = await saveSettings(writer, { timeZone: 'Europe/Paris' })
    expect(answer.status).toBe(403)
    expect(await storedZone()).toBe('America/New_York')
  })
})

describe('scheduling in the newsroom’s time zone', () => {
  const schedule = async (args: Record<string, unknown>) => {
    const req = await createLocalReq({ user: editor.user }, payload)
    return guardedSchedulePublish({ ...args, req } as never) as Promise<{ message?: string; error?: string }>
  }
  const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000)
  const pendingZones = async (storyId: number) =>
    (
      await payload.find({ collection: 'payload-jobs', where: { and: [{ taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }] }, pagination: false, depth: 0, overrideAccess: true })
    ).docs
      .filter((job) => Number((job.input as { doc?: { value?: unknown } }).doc?.value) === storyId)
      .map((job) => (job.input as { timezone?: string }).timezone)

  async function approvedStory() {
    const story = await payload.create({ collection: 'articles', data: { title: `Scheduled ${Math.random()}` } })
    await approveStory(payload, story.id)
    return story
  }

  it('keeps the zone the drawer sent, the newsroom’s when it sent none, and refuses one that is no zone, scheduling nothing', async () => {
    await saveSettings(editor, { timeZone: 'Europe/Berlin' })
    const story = await approvedStory()
    const doc = { relationTo: 'articles', value: String(story.id) }
    expect((await schedule({ type: 'publish', doc, date: inAnHour(), timezone: 'Asia/Tokyo' })).error).toBeUndefined()
    expect((await schedule({ type: 'publish', doc, date: inAnHour() })).error).toBeUndefined()
    for (const timezone of ['Mars/Olympus_Mons', '+05:30', 42, 'x'.repeat(5000)]) {
      expect((await schedule({ type: 'publish', doc, date: inAnHour(), timezone })).error).toMatch(/is not a time zone/)
    }
    expect((await pendingZones(story.id)).sort()).toEqual(['Asia/Tokyo', 'Europe/Berlin'])
  })

  it('tells the Publish button the newsroom’s zone and where the story stands, as the page renders', async () => {
    await saveSettings(editor, { timeZone: 'Pacific/Auckland' })
    const story = await payload.create({ collection: 'articles', data: { title: 'Waiting for approval' } })
    expect(await publishButtonFacts({ payload, id: story.id })).toEqual({ newsroomTimeZone: 'Pacific/Auckland', stage: 'draft', title: 'Waiting for approval', isLive: false })
    await approveStory(payload, story.id)
    expect((await publishButtonFacts({ payload, id: story.id })).stage).toBe('approved')
    // A new story (no id yet) and one that does not exist: the zone, and nothing about a story.
    expect(await publishButtonFacts({ payload })).toEqual({ newsroomTimeZone: 'Pacific/Auckland', stage: null, title: null, isLive: false })
    expect((await publishButtonFacts({ payload, id: 999_999 })).stage).toBeNull()
  })
})
