// A photo's own licence, read from its file (IPTC-IIM 2:37/2:38 expiration date and time): it ends for that picture
// as a credit's licence ends for all of its pictures (withheld at that minute from every read, an alert, the audit,
// the dashboard's licences ending soon), and the rights the file states for that picture are the ones written back
// into it.
import ExifReader from 'exifreader'

import { creditedStory } from '../helpers/contentApiFixtures'
import { eventually } from '../helpers/eventually'
import { signedInHeadersOfThisFile } from '../helpers/http'
import { endPhotoWriter, photoWithMetadata } from '../helpers/photoFiles'
import { publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'

const ctx = testServerOfThisFile()
const editorHeaders = signedInHeadersOfThisFile(ctx, 'editor')

beforeAll(async () => {
  await eventually(() => ctx.app.locals.contentCache.isListening)
})
afterAll(endPhotoWriter)

type Json = Record<string, any>

const untilTime = async (at: number) => {
  while (Date.now() < at) await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, at - Date.now()))))
}
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ctx.baseUrl}${path}`, { headers, redirect: 'manual' })
const read = async (path: string, headers: Record<string, string> = {}) => {
  const response = await get(path, headers)
  return { status: response.status, text: await response.text() }
}

/** IIM 2:37 and 2:38 for a moment, to the second, in UTC: as agency software writes them. */
const iimExpiry = (at: Date) => ({
  'IPTC:ExpirationDate': at.toISOString().slice(0, 10).replace(/-/g, ':'),
  'IPTC:ExpirationTime': `${at.toISOString().slice(11, 19)}+00:00`,
})

let files = 0
/** Replaces a photo's file with one whose metadata states `tags` (wide enough for Payload to make its sizes). */
async function replaceFile(mediaId: number, tags: Record<string, string | string[]>) {
  files += 1
  const data = await photoWithMetadata({ tags, width: 800, height: 600, color: '#8a4b2d' })
  return ctx.payload.update({
    collection: 'media',
    id: mediaId,
    data: {},
    file: { data, mimetype: 'image/jpeg', name: `own-licence-${files}-${Date.now()}.jpg`, size: data.length },
    overrideAccess: true,
  })
}

describe('a photo’s own licence end, from its file', () => {
  it('is kept on the photo, and from that minute withholds the photo from every public read, alerts the editors and shows in the audit', async () => {
    const { story, hero: fixtureHero } = await creditedStory(ctx.payload, { title: 'The photo’s own licence ends while live' })
    await publishStory(ctx.payload, story.id)
    // Whole seconds: IIM has no finer time. Far enough for the reads below on a loaded machine.
    const expiresAt = new Date(Math.ceil((Date.now() + 12_000) / 1000) * 1000)
    const hero = await replaceFile(fixtureHero.id, iimExpiry(expiresAt))
    expect(hero.embeddedMetadata?.licenseExpiresAt).toBe(expiresAt.toISOString())
    expect(hero.licenseExpiresAt).toBe(expiresAt.toISOString())

    // A withdrawal is queued for that moment.
    const queued = await ctx.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'withdrawExpiredImages' } }, overrideAccess: true })
    expect(queued.docs.map((job) => new Date(job.waitUntil!).getTime())).toContain(expiresAt.getTime())

    const thumbnail = hero.sizes!.thumbnail!.filename!
    const paths = [`/api/articles/by-slug/${story.slug}`, `/api/articles/${story.id}?depth=2`, `/api/media/${hero.id}`, `/api/media?limit=50`, '/api/feeds/feed.json']
    const gql = `{ Articles(where: { slug: { equals: "${story.slug}" } }) { docs { heroImage { filename url } } } allMedia(limit: 50) { docs { filename } } }`
    for (const path of paths) {
      const before = await read(path)
      expect({ path, status: before.status, shows: before.text.includes(hero.filename!) }).toEqual({ path, status: 200, shows: true })
    }
    expect((await get(`/api/media/file/${thumbnail}`)).status).toBe(200)
    expect(Date.now()).toBeLessThan(expiresAt.getTime())

    await untilTime(expiresAt.getTime())

    for (const path of paths) {
      const after = await read(path)
      expect({ path, shows: after.text.includes(hero.filename!) || after.text.includes(thumbnail) }).toEqual({ path, shows: false })
      expect({ path, status: after.status }).toEqual({ path, status: path.startsWith('/api/media/') ? 404 : 200 })
    }
    for (const file of [hero.filename!, thumbnail]) expect({ file, status: (await get(`/api/media/file/${file}`)).status }).toEqual({ file, status: 403 })
    const graph = await fetch(`${ctx.baseUrl}/api/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: gql }) })
    expect((await graph.text()).includes(hero.filename!)).toBe(false)
    // The story stays up; staff still see the photo, to replace it.
    expect(JSON.parse((await read(`/api/articles/by-slug/${story.slug}`)).text).heroImage).toBeNull()
    expect((await read(`/api/media/${hero.id}`, editorHeaders)).status).toBe(200)

    await ctx.payload.jobs.run({ queue: 'workflow' })
    const alerts = await ctx.payload.find({
      collection: 'workflow-alerts',
      where: { and: [{ article: { equals: story.id } }, { kind: { equals: 'license-expired' } }] },
      overrideAccess: true,
    })
    expect(alerts.docs.map((alert) => alert.message).join('\n')).toContain(hero.filename!)

    const audit = await (await get('/api/attribution-audit', editorHeaders)).json()
    const withheld = audit.withheldImages.filter((entry: Json) => entry.stories.some((s: Json) => s.id === story.id))
    expect(withheld.map((entry: Json) => entry.mediaId)).toEqual([hero.id])
  })

  it('is listed among the licences ending soon, apart from its credit’s', async () => {
    const { story, hero, heroCredit } = await creditedStory(ctx.payload, { title: 'The photo’s own licence ends in three days' })
    await publishStory(ctx.payload, story.id)
    const expiresAt = new Date(Math.ceil((Date.now() + 3 * 24 * 3600 * 1000) / 1000) * 1000)
    await replaceFile(hero.id, iimExpiry(expiresAt))
    const queue = await (await get('/api/workflow/queue', editorHeaders)).json()
    const entry = queue.expiringLicenses.find((candidate: Json) => candidate.images.some((image: Json) => image.id === hero.id))
    expect(entry).toMatchObject({ expiresAt: expiresAt.toISOString(), creditId: heroCredit.id, stories: [{ title: 'The photo’s own licence ends in three days' }] })
  })

  it('is listed in the attribution audit as that photo’s, apart from its credit’s later end and from the stories showing the credit’s other photos', async () => {
    const own = await creditedStory(ctx.payload, { title: 'The audit: a photo’s own licence ends in three days' })
    const other = await creditedStory(ctx.payload, { title: 'The audit: another photo of the same credit' })
    // The second story's hero has the first one's credit, whose own licence ends in twenty days.
    await ctx.payload.update({ collection: 'media', id: other.hero.id, data: { credit: own.heroCredit.id }, overrideAccess: true })
    const creditEnds = new Date(Math.ceil((Date.now() + 20 * 24 * 3600 * 1000) / 1000) * 1000)
    await ctx.payload.update({ collection: 'photo-credits', id: own.heroCredit.id, data: { licenseExpiresAt: creditEnds.toISOString() }, overrideAccess: true })
    const photoEnds = new Date(Math.ceil((Date.now() + 3 * 24 * 3600 * 1000) / 1000) * 1000)
    await replaceFile(own.hero.id, iimExpiry(photoEnds))
    await publishStory(ctx.payload, own.story.id)
    await publishStory(ctx.payload, other.story.id)

    const audit = await (await get('/api/attribution-audit', editorHeaders)).json()
    const concerning = audit.expiringLicenses
      .filter((entry: Json) => entry.creditId === own.heroCredit.id)
      .map((entry: Json) => ({ photoId: entry.photoId, expiresAt: entry.expiresAt, stories: entry.stories.map((story: Json) => story.id) }))
      .sort((a: Json, b: Json) => a.expiresAt.localeCompare(b.expiresAt))
    expect(concerning).toEqual([
      { photoId: own.hero.id, expiresAt: photoEnds.toISOString(), stories: [own.story.id] },
      { photoId: undefined, expiresAt: creditEnds.toISOString(), stories: [other.story.id] },
    ])
  })

  it('refuses a live photo’s licence end in the past, and hostile values, with a readable 400; a renewed licence shows it again', async () => {
    const { story, hero } = await creditedStory(ctx.payload, { title: 'The photo’s own licence, hostile values' })
    await publishStory(ctx.payload, story.id)
    for (const value of [new Date(Date.now() - 60_000).toISOString(), 'tomorrow', {}, 'x'.repeat(100_000), '+275760-09-13T00:00:00.000Z']) {
      const response = await fetch(`${ctx.baseUrl}/api/media/${hero.id}`, { method: 'PATCH', headers: editorHeaders, body: JSON.stringify({ licenseExpiresAt: value }) })
      const shown = JSON.stringify(value).slice(0, 30)
      expect({ shown, status: response.status, says: /licence/i.test(await response.text()) }).toEqual({ shown, status: 400, says: true })
    }
    expect((await ctx.payload.findByID({ collection: 'media', id: hero.id })).licenseExpiresAt ?? null).toBeNull()

    const expiresAt = new Date(Date.now() + 3000)
    const soon = await fetch(`${ctx.baseUrl}/api/media/${hero.id}`, { method: 'PATCH', headers: editorHeaders, body: JSON.stringify({ licenseExpiresAt: expiresAt.toISOString() }) })
    expect(soon.status).toBe(200)
    await untilTime(expiresAt.getTime())
    expect((await read(`/api/media/${hero.id}`)).status).toBe(404)
    // Renewed by an editor: back at once.
    const renewed = await fetch(`${ctx.baseUrl}/api/media/${hero.id}`, {
      method: 'PATCH',
      headers: editorHeaders,
      body: JSON.stringify({ licenseExpiresAt: new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString() }),
    })
    expect(renewed.status).toBe(200)
    await eventually(async () => (await read(`/api/media/${hero.id}`)).status === 200)
  })
})

describe('publishing with a photo whose own licence has ended', () => {
  it('is refused by the publish gate, naming the photo and its licence end, even though its credit’s licence runs', async () => {
    const { story, hero } = await creditedStory(ctx.payload, { title: 'A photo whose own licence ended' })
    // Not live yet: an ended licence may be recorded (the agency's file says so); it only stops the publish.
    await ctx.payload.update({ collection: 'media', id: hero.id, data: { licenseExpiresAt: '2026-01-31T00:00:00.000Z' }, overrideAccess: true })
    await expect(publishStory(ctx.payload, story.id)).rejects.toThrow(/expired licence.*2026-01-31|licence.*2026-01-31/s)
    expect((await ctx.payload.findByID({ collection: 'articles', id: story.id }))._status).not.toBe('published')
  })
})

describe('the rights written back into a photo’s files', () => {
  it('are the photo’s own usage terms, web statement and licensor where its file states them, not its credit’s', async () => {
    const { hero } = await creditedStory(ctx.payload, { title: 'The photo’s own rights' })
    const photo = await replaceFile(hero.id, {
      'XMP-xmpRights:UsageTerms': 'Single use in the story about the march; no archive use.',
      'XMP-xmpRights:WebStatement': 'https://agency.example/licences/4821',
      'XMP-plus:LicensorName': 'Agency Licensing Desk',
    })
    // Every write queued so far in this file (one per photo saved), not just the first batch.
    await ctx.payload.jobs.run({ queue: 'photo-desk', limit: 1000 })
    const served = await fetch(`${ctx.baseUrl}/api/media/file/${photo.sizes!.card!.filename}`, { headers: { authorization: editorHeaders.authorization } })
    expect(served.status).toBe(200)
    const xmp = ((await ExifReader.load(Buffer.from(await served.arrayBuffer()), { expanded: true, async: true })) as Json).xmp
    expect(xmp.UsageTerms.description).toBe('Single use in the story about the march; no archive use.')
    expect(xmp.WebStatement.description).toBe('https://agency.example/licences/4821')
    expect(xmp.Licensor.value[0].LicensorName.description).toBe('Agency Licensing Desk')
    // The credit line is still the credit's.
    expect(xmp.Credit.description).toMatch(/^Photo by Alexander Nemenov\//)
  })
})
