// A licence that ends while a story is live: from that moment no public output shows the image, the story stays
// up, caches do not keep it, and editors are told which story needs which image replaced.

import sharp from 'sharp'

import { secondAppProcessForTheseTests } from '../helpers/startSecondAppProcess'

import { capturedEmails } from '../../src/server/emailAdapter'
import { creditedStory } from '../helpers/contentApiFixtures'
import { eventually } from '../helpers/eventually'
import { publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'
import { apiKeyCaller, signedInHeadersOfThisFile } from '../helpers/http'
import { createUser } from '../helpers/users'

const ctx = testServerOfThisFile()
const editorHeaders = signedInHeadersOfThisFile(ctx, 'editor')

beforeAll(async () => {
  await eventually(() => ctx.app.locals.contentCache.isListening)
})

type Json = Record<string, any>

const untilTime = async (at: number) => {
  while (Date.now() < at) await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, at - Date.now()))))
}

const get = (path: string, headers: Record<string, string> = {}, base = ctx.baseUrl) => fetch(`${base}${path}`, { headers, redirect: 'manual' })

async function read(path: string, headers: Record<string, string> = {}, base = ctx.baseUrl) {
  const response = await get(path, headers, base)
  return { status: response.status, text: await response.text(), cache: response.headers.get('x-cache'), cacheControl: response.headers.get('cache-control') }
}

async function graphqlRead(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${ctx.baseUrl}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  })
  return { status: response.status, text: await response.text() }
}

/** Reads until the response cache answers, so the test proves a cached copy is not served after the expiry. */
async function warm(path: string, base = ctx.baseUrl) {
  await eventually(async () => (await get(path, {}, base)).headers.get('x-cache') === 'HIT')
}

const secondsOf = (cacheControl: string | null, directive: string) => Number(new RegExp(`${directive}=(\\d+)`).exec(cacheControl ?? '')?.[1] ?? NaN)

async function setLicenceEnd(creditId: number, at: Date) {
  const response = await fetch(`${ctx.baseUrl}/api/photo-credits/${creditId}`, {
    method: 'PATCH',
    headers: editorHeaders,
    body: JSON.stringify({ licenseExpiresAt: at.toISOString() }),
  })
  expect(response.status).toBe(200)
}

describe('a licence that ends while the story is live', () => {
  it('withholds the image from every public output from that moment, keeps the story up and alerts the editors', async () => {
    const fixture = await creditedStory(ctx.payload, { title: 'Licence ends while live' })
    const { story, heroCredit, bodyCredit } = fixture
    // Large enough for Payload to make image sizes, whose files must be withheld too.
    const large = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#aa3366' } }).jpeg().toBuffer()
    await ctx.payload.update({
      collection: 'media',
      id: fixture.hero.id,
      data: { alt: `Riot police face a crowd at dusk (${Date.now()})` },
      file: { data: large, mimetype: 'image/jpeg', name: `licensed-hero-${Date.now()}.jpg`, size: large.length },
      overrideAccess: true,
    })
    await ctx.payload.update({ collection: 'media', id: fixture.bodyImage.id, data: { alt: `Volunteers fill sandbags by a river (${Date.now()})` }, overrideAccess: true })
    await publishStory(ctx.payload, story.id)
    const hero = await ctx.payload.findByID({ collection: 'media', id: fixture.hero.id, depth: 0 })
    const bodyImage = await ctx.payload.findByID({ collection: 'media', id: fixture.bodyImage.id, depth: 0 })
    const thumbnail = hero.sizes!.thumbnail!.filename!
    const bodyFile = bodyImage.filename!
    expect([hero.filename, thumbnail, bodyFile].every((name) => typeof name === 'string' && name.length > 5)).toBe(true)

    const paths = [
      `/api/articles/by-slug/${story.slug}`,
      `/api/articles/${story.id}?depth=2`,
      `/api/articles?depth=1&limit=10`,
      `/api/articles/summaries?depth=1&limit=10`,
      `/api/media/${hero.id}`,
      `/api/media?limit=50`,
      `/api/photo-credits/${heroCredit.id}`,
      '/api/feeds/rss.xml',
      '/api/feeds/feed.json',
    ]
    const files = [`/api/media/file/${hero.filename}`, `/api/media/file/${thumbnail}`, `/api/media/file/${bodyFile}`]
    const gql = `{ Articles(where: { slug: { equals: "${story.slug}" } }) { docs { title heroImage { filename url alt } body } }
                   allMedia(limit: 50) { docs { filename url alt } } }`

    // The licences end seconds from now, set by an editor over the API (accepted: it is in the future).
    // Long enough for the warm-up reads below on a loaded 2-core machine (they must all happen before the end).
    const expiresAt = new Date(Date.now() + 12_000)
    await setLicenceEnd(heroCredit.id, expiresAt)
    await setLicenceEnd(bodyCredit.id, expiresAt)

    // A withdrawal is queued for that moment.
    const queued = await ctx.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'withdrawExpiredImages' } }, overrideAccess: true })
    expect(queued.docs.map((job) => new Date(job.waitUntil!).getTime())).toContain(expiresAt.getTime())

    // Before the end: everything shows the images, and the caches hold them no longer than the licence lasts.
    for (const path of paths) await warm(path)
    for (const path of paths) {
      const before = await read(path)
      expect({ path, status: before.status, cache: before.cache }).toEqual({ path, status: 200, cache: 'HIT' })
      if (![`/api/articles/summaries?depth=1&limit=10`, `/api/photo-credits/${heroCredit.id}`].includes(path)) {
        expect({ path, shows: before.text.includes(String(hero.filename)) }).toEqual({ path, shows: true })
      }
      const remaining = (expiresAt.getTime() - Date.now()) / 1000
      expect(secondsOf(before.cacheControl, 'max-age') + (secondsOf(before.cacheControl, 'stale-while-revalidate') || 0)).toBeLessThanOrEqual(Math.ceil(remaining))
    }
    for (const file of files) expect({ file, status: (await get(file)).status }).toEqual({ file, status: 200 })
    expect((await graphqlRead(gql)).text).toContain(String(hero.filename))
    expect(Date.now()).toBeLessThan(expiresAt.getTime())

    await untilTime(expiresAt.getTime())

    // From the end on, no anonymous read shows either image: no file name, no URL, no alt text.
    const secrets = [String(hero.filename), thumbnail, bodyFile, hero.alt as string, bodyImage.alt as string]
    for (const path of paths) {
      const after = await read(path)
      for (const secret of secrets) expect({ path, shows: secret, found: after.text.includes(secret) }).toEqual({ path, shows: secret, found: false })
      const isDocumentOfTheImage = path.startsWith('/api/media/') || path.startsWith('/api/photo-credits/')
      expect({ path, status: after.status }).toEqual({ path, status: isDocumentOfTheImage ? 404 : 200 })
    }
    for (const file of files) expect({ file, status: (await get(file)).status }).toEqual({ file, status: 403 })
    const graph = await graphqlRead(gql)
    expect(graph.status).toBe(200)
    for (const secret of secrets) expect(graph.text.includes(secret)).toBe(false)

    // The story itself stays up.
    const page = JSON.parse((await read(`/api/articles/by-slug/${story.slug}`)).text)
    expect(page.title).toBe('Licence ends while live')
    expect(page.heroImage).toBeNull()
    expect((await ctx.payload.findByID({ collection: 'articles', id: story.id }))._status).toBe('published')

    // The withdrawal job: one alert per story and image, naming both, an email to the editors, and a webhook so
    // front ends that build pages rebuild the story.
    const webhook = await ctx.payload.create({
      collection: 'webhooks',
      data: { url: 'https://frontend.example.org/rebuild', secret: 'a-long-shared-secret-for-signing', events: ['article.updated'], active: true },
      overrideAccess: true,
    })
    capturedEmails().length = 0
    await ctx.payload.jobs.run({ queue: 'workflow' })
    const deliveries = await ctx.payload.find({
      collection: 'webhook-deliveries',
      where: { and: [{ webhook: { equals: webhook.id } }, { articleId: { equals: story.id } }, { event: { equals: 'article.updated' } }] },
      overrideAccess: true,
    })
    expect(deliveries.totalDocs).toBe(1)
    const alerts = await ctx.payload.find({
      collection: 'workflow-alerts',
      where: { and: [{ article: { equals: story.id } }, { kind: { equals: 'license-expired' } }] },
      overrideAccess: true,
    })
    expect(alerts.docs).toHaveLength(2)
    const messages = alerts.docs.map((alert) => alert.message).join('\n')
    expect(messages).toContain('Licence ends while live')
    expect(messages).toContain(String(hero.filename))
    expect(messages).toContain(bodyFile)
    expect(capturedEmails().some((mail) => String(mail.text).includes(String(hero.filename)))).toBe(true)

    // Running it again raises nothing new.
    await ctx.payload.jobs.queue({ task: 'withdrawExpiredImages', input: {}, queue: 'workflow' })
    await ctx.payload.jobs.run({ queue: 'workflow' })
    expect((await ctx.payload.count({ collection: 'workflow-alerts', where: { article: { equals: story.id } }, overrideAccess: true })).totalDocs).toBe(2)

    // Front ends reading with an API key (previews) do not get it either: what they read, they publish.
    const frontEnd = await apiKeyCaller(ctx.payload, await createUser(ctx.payload, 'api'))
    for (const path of [`/api/media/${hero.id}`, `/api/articles/${story.id}?depth=2`, `/api/articles/by-slug/${story.slug}?draft=true`]) {
      const machineRead = await read(path, frontEnd.headers)
      expect({ path, shows: machineRead.text.includes(String(hero.filename)) }).toEqual({ path, shows: false })
    }
    expect((await get(`/api/media/file/${hero.filename}`, frontEnd.headers)).status).toBe(403)

    // Staff still see the image, to replace it.
    const staffView = await read(`/api/media/${hero.id}`, editorHeaders)
    expect(staffView.status).toBe(200)
    expect(staffView.text).toContain(String(hero.filename))
    expect((await get(`/api/media/file/${hero.filename}`, editorHeaders)).status).toBe(200)

    // The audit lists both images as withheld, with the story.
    const audit = await (await get('/api/attribution-audit', editorHeaders)).json()
    const withheld = audit.withheldImages.filter((entry: Json) => entry.stories.some((s: Json) => s.id === story.id))
    expect(withheld.map((entry: Json) => entry.mediaId).sort()).toEqual([hero.id, bodyImage.id].sort())
  })

  it('is refused for a live credit when the end is already past, and a renewed licence shows the image again', async () => {
    const { story, hero, heroCredit } = await creditedStory(ctx.payload, { title: 'Licence renewed' })
    await publishStory(ctx.payload, story.id)
    const past = await fetch(`${ctx.baseUrl}/api/photo-credits/${heroCredit.id}`, {
      method: 'PATCH',
      headers: editorHeaders,
      body: JSON.stringify({ licenseExpiresAt: new Date(Date.now() - 1000).toISOString() }),
    })
    expect(past.status).toBe(400)

    const expiresAt = new Date(Date.now() + 4000)
    await setLicenceEnd(heroCredit.id, expiresAt)
    await untilTime(expiresAt.getTime())
    expect((await read(`/api/media/${hero.id}`)).status).toBe(404)

    // Renewing an expired licence is an editor's act like any other, and the image is back at once.
    await ctx.payload.update({
      collection: 'photo-credits',
      id: heroCredit.id,
      data: { licenseExpiresAt: new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString() },
      overrideAccess: true,
    })
    await eventually(async () => (await read(`/api/media/${hero.id}`)).status === 200)
    expect((await read(`/api/articles/by-slug/${story.slug}`)).text).toContain(String(hero.filename))
  })
})

describe('the editors’ dashboard', () => {
  it('lists licences of live stories that end within the warning period, and not later ones', async () => {
    const soon = await creditedStory(ctx.payload, { title: 'Licence ends in three days' })
    const later = await creditedStory(ctx.payload, { title: 'Licence ends in a month' })
    await publishStory(ctx.payload, soon.story.id)
    await publishStory(ctx.payload, later.story.id)
    await setLicenceEnd(soon.heroCredit.id, new Date(Date.now() + 3 * 24 * 3600 * 1000))
    await setLicenceEnd(later.heroCredit.id, new Date(Date.now() + 30 * 24 * 3600 * 1000))

    const queue = await (await get('/api/workflow/queue', editorHeaders)).json()
    const credits = queue.expiringLicenses.map((entry: Json) => entry.creditId)
    expect(credits).toContain(soon.heroCredit.id)
    expect(credits).not.toContain(later.heroCredit.id)
    const entry = queue.expiringLicenses.find((candidate: Json) => candidate.creditId === soon.heroCredit.id)
    expect(entry.stories.map((s: Json) => s.title)).toEqual(['Licence ends in three days'])
    expect(entry.images.map((image: Json) => image.id)).toEqual([soon.hero.id])
    expect(queue.licenseWarningDays).toBe(7)
  })
})

describe('a second app process on the same database', () => {
  const other = secondAppProcessForTheseTests(ctx)

  it('serves nothing it cached with the image once the licence ended, without waiting for any message', async () => {
    const { story, heroCredit, ...fixture } = await creditedStory(ctx.payload, { title: 'Licence ends, seen from another process' })
    await publishStory(ctx.payload, story.id)
    const hero = await ctx.payload.findByID({ collection: 'media', id: fixture.hero.id, depth: 0 })
    const filename = hero.filename!
    const expiresAt = new Date(Date.now() + 10_000)
    await setLicenceEnd(heroCredit.id, expiresAt)
    const paths = [`/api/articles/by-slug/${story.slug}`, `/api/media/${hero.id}`, '/api/feeds/feed.json']
    // The other process caches the responses (after the credit change's NOTIFY reached it), bounded by the licence.
    for (const path of paths) await warm(path, other.baseUrl)
    for (const path of paths) {
      const before = await read(path, {}, other.baseUrl)
      expect({ path, cache: before.cache, shows: before.text.includes(filename) }).toEqual({ path, cache: 'HIT', shows: true })
    }
    expect(Date.now()).toBeLessThan(expiresAt.getTime())

    await untilTime(expiresAt.getTime())
    // The very first read after the end, no polling: the other process's cached copies ended with the licence.
    for (const path of paths) {
      const after = await read(path, {}, other.baseUrl)
      expect({ path, shows: after.text.includes(filename) }).toEqual({ path, shows: false })
    }
  })
})

describe('hostile licence dates', () => {
  it('answer a readable 400 for values that are not dates, and change nothing', async () => {
    const { story, heroCredit } = await creditedStory(ctx.payload, { title: 'Hostile licence dates' })
    await publishStory(ctx.payload, story.id)
    const values: unknown[] = ['tomorrow', '', ' ', '\u200b', {}, [], '2026-13-45T99:99:99Z', '+275760-09-13T00:00:00.000Z', 'x'.repeat(100_000)]
    for (const value of values) {
      const response = await fetch(`${ctx.baseUrl}/api/photo-credits/${heroCredit.id}`, {
        method: 'PATCH',
        headers: editorHeaders,
        body: JSON.stringify({ licenseExpiresAt: value }),
      })
      const text = await response.text()
      const shown = JSON.stringify(value).slice(0, 20)
      expect({ shown, status: response.status, says: text.includes('The licence end must be a date and time') }).toEqual({ shown, status: 400, says: true })
    }
    // A number or a boolean is read as a moment in 1970: in the past, so refused for a live story's credit.
    for (const value of [12, true]) {
      const response = await fetch(`${ctx.baseUrl}/api/photo-credits/${heroCredit.id}`, { method: 'PATCH', headers: editorHeaders, body: JSON.stringify({ licenseExpiresAt: value }) })
      expect({ value, status: response.status }).toEqual({ value, status: 400 })
    }
    expect((await ctx.payload.findByID({ collection: 'photo-credits', id: heroCredit.id })).licenseExpiresAt ?? null).toBeNull()
    expect((await read(`/api/articles/by-slug/${story.slug}`)).status).toBe(200)
  })

  it('queue one withdrawal per moment, however many credits end then', async () => {
    const first = await creditedStory(ctx.payload, { title: 'Two credits, one moment' })
    await publishStory(ctx.payload, first.story.id)
    const moment = new Date(Date.now() + 3600_000)
    const later = new Date(Date.now() + 7200_000)
    await setLicenceEnd(first.heroCredit.id, moment)
    await setLicenceEnd(first.bodyCredit.id, moment)
    const jobsAt = async (at: Date) =>
      (await ctx.payload.count({ collection: 'payload-jobs', where: { and: [{ taskSlug: { equals: 'withdrawExpiredImages' } }, { waitUntil: { equals: at.toISOString() } }] }, overrideAccess: true })).totalDocs
    expect(await jobsAt(moment)).toBe(1)
    await setLicenceEnd(first.bodyCredit.id, later)
    expect(await jobsAt(later)).toBe(1)
    // Publishing again (an editor's save of the live story) queues nothing new.
    const editor = await ctx.payload.find({ collection: 'users', where: { role: { equals: 'editor' } }, limit: 1, overrideAccess: true })
    await ctx.payload.update({ collection: 'articles', id: first.story.id, data: { _status: 'published' }, user: editor.docs[0], overrideAccess: true })
    expect([await jobsAt(moment), await jobsAt(later)]).toEqual([1, 1])
  })
})
