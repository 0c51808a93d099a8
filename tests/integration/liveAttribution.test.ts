// Attribution holds for a live story's whole life: what it shows (a photo's file, alt text and credit; the credit
// and the organizations its line names) is an editor's act, and text with nothing visible is never accepted.
import type { Payload } from 'payload'
import pg from 'pg'

import { withClient } from '../../src/db/withClient'
import { createCredit, createMedia, createOrganization, imageBuffer } from '../helpers/content'
import { raceWithFirstHeldHalfway } from '../helpers/heldHalfway'
import { anonymousCaller, apiKeyCaller, type Caller, callerFor, graphql, rest } from '../helpers/http'
import { approveStory, deskEditor, publishStory } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

let ctx: TestServer
let payload: Payload
let editor: Caller
let writer: Caller
let frontEnd: Caller

beforeAll(async () => {
  ctx = await startTestServer()
  payload = ctx.payload
  editor = await callerFor(ctx.baseUrl, await deskEditor(payload))
  writer = await callerFor(ctx.baseUrl, await createUser(payload, 'writer'))
  frontEnd = await apiKeyCaller(payload, await createUser(payload, 'api', 'Front end'))
})

afterAll(async () => {
  await ctx?.close()
})

// Each is nothing a reader can see; mixes and a long run too.
const INVISIBLE_NAMES: [string, string][] = [
  ['a space', ' '],
  ['a tab', '\t'],
  ['a no-break space', '\u00a0'],
  ['a zero-width space', '\u200b'],
  ['a word joiner', '\u2060'],
  ['a byte-order mark', '\ufeff'],
  ['a Mongolian vowel separator', '\u180e'],
  ['a Hangul filler', '\u3164'],
  ['a combining grapheme joiner', '\u034f'],
  ['a mix', ' \u200b\t\u00a0\u2060\ufeff\u3164\u034f\u180e '],
  ['10,000 zero-width spaces', '\u200b'.repeat(10_000)],
]

const WRONG_TYPES: [string, unknown][] = [
  ['a number', 5],
  ['a list', ['AFP']],
  ['an object', { name: 'AFP' }],
  ['a boolean', true],
]

let counter = 0
const unique = (label: string) => `${label} ${Date.now()}-${(counter += 1)}`

async function liveStory() {
  const agency = await createOrganization(payload, unique('Agence'), 'news-agency')
  const courtesy = await createOrganization(payload, unique('Family'), 'other')
  const credit = await createCredit(payload, { photographer: 'Aaron Hooper', agencies: [agency.id], courtesyOf: courtesy.id })
  const media = await createMedia(payload, { credit: credit.id, alt: 'Mourners hold candles at Stonewall' })
  const title = unique('Vigil at Stonewall')
  const article = await payload.create({ collection: 'articles', data: { title, heroImage: media.id } as never })
  await approveStory(payload, article.id)
  await publishStory(payload, article.id)
  return { agency, courtesy, credit, media, article, title }
}

const readableMessage = (body: any): string => body?.errors?.[0]?.data?.errors?.[0]?.message ?? body?.errors?.[0]?.message ?? ''

/** What an anonymous reader sees of the photo. */
const publicPhoto = async (id: number) => (await rest(ctx.baseUrl, anonymousCaller, 'GET', `/api/media/${id}?depth=0`)).body

function fileForm(data: Record<string, unknown>, bytes: Buffer, name: string) {
  const form = new FormData()
  form.append('_payload', JSON.stringify(data))
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name)
  return form
}

const fileStatus = async (url: string) => (await fetch(`${ctx.baseUrl}${url}`)).status

describe('renaming an organization that a live credit line names', () => {
  it.each([['agency'], ['courtesy of']])('refuses a writer with a 403 naming the story and saying to ask an editor (%s)', async (role) => {
    const { agency, courtesy, media, title, credit } = await liveStory()
    const organization = role === 'agency' ? agency : courtesy
    const response = await rest(ctx.baseUrl, writer, 'PATCH', `/api/organizations/${organization.id}`, { name: 'Renamed by a writer' })
    expect(response.status).toBe(403)
    expect(response.body.errors[0].message).toBe(
      `This organization is named in the credit line of the published story “${title}” (story ${response.body.errors[0].data.stories[0].id}), ` +
        'so only an editor can change its name. Ask an editor to make this change.',
    )
    expect((await payload.findByID({ collection: 'organizations', id: organization.id })).name).toBe(organization.name)
    expect((await publicPhoto(media.id)).creditLine).toBe(credit.creditLine)
  })

  it.each(INVISIBLE_NAMES)('refuses %s as a name: a 403 for writers, a readable 400 for editors; the live credit line stays', async (_label, name) => {
    const { agency, courtesy, media, credit } = await liveStory()
    const byWriter = await rest(ctx.baseUrl, writer, 'PATCH', `/api/organizations/${agency.id}`, { name })
    expect(byWriter.status).toBe(403)
    expect(byWriter.body.errors[0].message).toMatch(/only an editor can change its name\. Ask an editor to make this change\.$/)
    for (const organization of [agency, courtesy]) {
      const response = await rest(ctx.baseUrl, editor, 'PATCH', `/api/organizations/${organization.id}`, { name })
      expect(response.status).toBe(400)
      expect(readableMessage(response.body)).toBe(
        'The organization’s name is required and must have visible characters, not only spaces or invisible characters such as zero-width spaces.',
      )
    }
    expect((await publicPhoto(media.id)).creditLine).toBe(credit.creditLine)
    expect(credit.creditLine).toMatch(/^Photo by Aaron Hooper\/Agence .*, courtesy of Family .*\.$/)
  })

  it.each(WRONG_TYPES)('refuses %s as a name with a readable 400', async (_label, name) => {
    const { agency } = await liveStory()
    const response = await rest(ctx.baseUrl, editor, 'PATCH', `/api/organizations/${agency.id}`, { name })
    expect(response.status).toBe(400)
    expect(readableMessage(response.body)).toMatch(/^The organization’s name must be text, not /)
  })

  it('refuses an overlong name with a readable 400', async () => {
    const { agency } = await liveStory()
    const response = await rest(ctx.baseUrl, editor, 'PATCH', `/api/organizations/${agency.id}`, { name: 'A'.repeat(200_000) })
    expect(response.status).toBe(400)
    expect(readableMessage(response.body)).toMatch(/200,000 characters long; keep it to 1,000\./)
  })

  it('lets an editor rename it, and the live credit line follows', async () => {
    const { agency, media } = await liveStory()
    const response = await rest(ctx.baseUrl, editor, 'PATCH', `/api/organizations/${agency.id}`, { name: '\u200bAgence France-Presse\u00a0' })
    expect(response.status).toBe(200)
    expect(response.body.doc.name).toBe('Agence France-Presse')
    expect((await publicPhoto(media.id)).creditLine).toMatch(/^Photo by Aaron Hooper\/Agence France-Presse, courtesy of Family .*\.$/)
    await rest(ctx.baseUrl, editor, 'PATCH', `/api/organizations/${agency.id}`, { name: unique('Agence') })
  })

  it('lets a writer rename an organization no live credit line names, and save a live one unchanged', async () => {
    const unused = await createOrganization(payload, unique('Unused agency'), 'news-agency')
    expect((await rest(ctx.baseUrl, writer, 'PATCH', `/api/organizations/${unused.id}`, { name: unique('Renamed agency') })).status).toBe(200)
    const { agency } = await liveStory()
    const unchanged = await rest(ctx.baseUrl, writer, 'PATCH', `/api/organizations/${agency.id}`, { name: agency.name, kind: agency.kind })
    expect(unchanged.status).toBe(200)
  })

  it('refuses a writer’s bulk rename for the live one, naming the story, and leaves it as it was', async () => {
    const { agency, title } = await liveStory()
    const response = await rest(ctx.baseUrl, writer, 'PATCH', `/api/organizations?where[id][equals]=${agency.id}`, { name: unique('Bulk renamed') })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect(JSON.stringify(response.body.errors)).toContain(`the published story “${title}”`)
    expect((await payload.findByID({ collection: 'organizations', id: agency.id })).name).toBe(agency.name)
  })

  it('refuses deleting it while a live credit line names it', async () => {
    const { agency, media, credit } = await liveStory()
    const response = await rest(ctx.baseUrl, editor, 'DELETE', `/api/organizations/${agency.id}`)
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/^This organization cannot be deleted: the credit line of the published story “.*” \(story \d+\) names it\./)
    expect((await publicPhoto(media.id)).creditLine).toBe(credit.creditLine)
  })

  it('refuses a writer through GraphQL too', async () => {
    const { agency } = await liveStory()
    const result = await graphql(ctx.baseUrl, writer, `mutation { updateOrganization(id: ${agency.id}, data: { name: "Renamed" }) { id name } }`)
    expect(result.body.errors[0].message).toMatch(/only an editor can change its name\. Ask an editor/)
    expect((await payload.findByID({ collection: 'organizations', id: agency.id })).name).toBe(agency.name)
  })
})

describe('replacing the file of a live photo', () => {
  it('refuses a writer with a 403, and the old file keeps being served', async () => {
    const { media, title } = await liveStory()
    const form = fileForm({}, await imageBuffer('#aa2222'), 'another-picture.jpg')
    const response = await rest(ctx.baseUrl, writer, 'PATCH', `/api/media/${media.id}`, form)
    expect(response.status).toBe(403)
    expect(response.body.errors[0].message).toMatch(
      new RegExp(`^This photo appears in the published story “${title}” \\(story \\d+\\), so only an editor can change its file\\. Ask an editor to make this change\\.$`),
    )
    const after = await payload.findByID({ collection: 'media', id: media.id })
    expect(after.filename).toBe(media.filename)
    expect(await fileStatus(media.url!)).toBe(200)
    for (const size of Object.values(media.sizes ?? {})) if (size?.url) expect(await fileStatus(size.url)).toBe(200)
  })

  it('refuses a writer re-cropping it (upload edits) or moving its focal point', async () => {
    const { media } = await liveStory()
    const focal = await rest(ctx.baseUrl, writer, 'PATCH', `/api/media/${media.id}`, { focalX: 10, focalY: 90 })
    expect(focal.status).toBe(403)
    expect(focal.body.errors[0].message).toMatch(/only an editor can change its focal point/)
    expect(await fileStatus(media.url!)).toBe(200)
  })

  it('lets an editor replace it: readers get the new file at once, cached responses included', async () => {
    const { media, article } = await liveStory()
    const { slug } = await payload.findByID({ collection: 'articles', id: article.id })
    const path = `/api/articles/by-slug/${slug}`
    let cached: Response | undefined
    for (let attempt = 0; attempt < 40; attempt++) {
      cached = await fetch(`${ctx.baseUrl}${path}`)
      if (cached.headers.get('x-cache') === 'HIT') break
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    expect(cached!.headers.get('x-cache')).toBe('HIT')
    expect(JSON.stringify(await cached!.json())).toContain(media.filename)

    const response = await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${media.id}`, fileForm({}, await imageBuffer('#22aa22'), 'replacement.jpg'))
    expect(response.status).toBe(200)
    const replaced = response.body.doc
    expect(replaced.filename).not.toBe(media.filename)
    expect(await fileStatus(replaced.url)).toBe(200)

    const fresh = await fetch(`${ctx.baseUrl}${path}`)
    const shown = JSON.stringify(await fresh.json())
    expect(shown).toContain(replaced.filename)
    expect(shown).not.toContain(media.filename)
    // Nothing keeps serving the old picture: the file and its sizes are gone, and file responses are not cached here.
    // (Payload answers 403 for a file name no photo has any more.)
    expect([403, 404]).toContain(await fileStatus(media.url!))
    for (const size of Object.values(media.sizes ?? {})) if (size?.url) expect([403, 404]).toContain(await fileStatus(size.url))
  })

  it('refuses an editor’s new file that would break attribution before the old file is touched', async () => {
    const { media } = await liveStory()
    const clearing = await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${media.id}`, fileForm({ credit: null }, await imageBuffer('#2222aa'), 'uncredited.jpg'))
    expect(clearing.status).toBe(400)
    expect(clearing.body.errors[0].message).toMatch(/It would have no photo credit\. A published story shows this image/)
    const altIsFileName = await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${media.id}`, fileForm({ alt: 'candles' }, await imageBuffer('#2222aa'), 'candles.jpg'))
    expect(altIsFileName.status).toBe(400)
    expect(altIsFileName.body.errors[0].message).toMatch(/It would have no real alt text/)
    expect((await payload.findByID({ collection: 'media', id: media.id })).filename).toBe(media.filename)
    expect(await fileStatus(media.url!)).toBe(200)
  })

  it('lets a writer replace the file of a photo no live story shows', async () => {
    const draftPhoto = await createMedia(payload, { alt: 'A draft photo' })
    const response = await rest(ctx.baseUrl, writer, 'PATCH', `/api/media/${draftPhoto.id}`, fileForm({}, await imageBuffer('#123456'), 'draft-replacement.jpg'))
    expect(response.status).toBe(200)
  })
})

describe('a writer changing what a live photo or credit shows', () => {
  it('is refused for alt text, caption and credit, by id, in bulk and through GraphQL', async () => {
    const { media, title } = await liveStory()
    const otherCredit = await createCredit(payload, { photographer: 'Craig Ruttle' })
    for (const [data, label] of [
      [{ alt: 'Candles and flowers outside the Stonewall Inn' }, 'alt text'],
      [{ caption: 'A new caption' }, 'caption'],
      [{ credit: otherCredit.id }, 'photo credit'],
      [{ credit: null }, 'photo credit'],
      [{ alt: 'New words', credit: otherCredit.id }, 'alt text and photo credit'],
    ] as const) {
      const response = await rest(ctx.baseUrl, writer, 'PATCH', `/api/media/${media.id}`, data)
      expect({ data, status: response.status }).toEqual({ data, status: 403 })
      expect(response.body.errors[0].message).toContain(`the published story “${title}”`)
      expect(response.body.errors[0].message).toContain(`only an editor can change its ${label}. Ask an editor to make this change.`)
    }
    const bulk = await rest(ctx.baseUrl, writer, 'PATCH', `/api/media?where[id][in][0]=${media.id}`, { alt: 'Bulk words' })
    expect(bulk.status).toBe(403)
    const viaGraphql = await graphql(ctx.baseUrl, writer, `mutation { updateMedia(id: ${media.id}, data: { alt: "GraphQL words" }) { id alt } }`)
    expect(viaGraphql.body.errors[0].message).toMatch(/only an editor can change its alt text/)
    const after = await payload.findByID({ collection: 'media', id: media.id, depth: 0 })
    expect({ alt: after.alt, caption: after.caption ?? null, credit: after.credit }).toEqual({
      alt: media.alt,
      caption: media.caption ?? null,
      credit: (media.credit as { id: number }).id,
    })
  })

  it('is allowed when nothing shown changes (the admin sends every field back), and for editors', async () => {
    const { media } = await liveStory()
    const creditId = (media.credit as { id: number }).id
    const same = await rest(ctx.baseUrl, writer, 'PATCH', `/api/media/${media.id}`, { alt: media.alt, credit: { id: creditId }, caption: '', focalX: media.focalX, focalY: media.focalY })
    expect(same.status).toBe(200)
    const byEditor = await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${media.id}`, { alt: 'Candles outside the Stonewall Inn at night' })
    expect(byEditor.status).toBe(200)
  })

  it('is refused for the credit’s parts and licence dates; editors may change them', async () => {
    const { credit, title } = await liveStory()
    const later = new Date(Date.now() + 400 * 24 * 60 * 60 * 1000).toISOString()
    for (const [data, label] of [
      [{ photographer: 'Someone Else' }, 'photographer'],
      [{ pool: true }, 'pool flag'],
      [{ agencies: [] }, 'agencies'],
      [{ courtesyOf: null }, '“courtesy of” organization'],
      [{ licenseExpiresAt: later }, 'licence dates'],
    ] as const) {
      const response = await rest(ctx.baseUrl, writer, 'PATCH', `/api/photo-credits/${credit.id}`, data)
      expect({ data, status: response.status }).toEqual({ data, status: 403 })
      expect(response.body.errors[0].message).toMatch(
        new RegExp(`^This photo credit is shown in the published story “${title}” \\(story \\d+\\), so only an editor can change its ${label}\\. Ask an editor`),
      )
    }
    expect((await payload.findByID({ collection: 'photo-credits', id: credit.id })).creditLine).toBe(credit.creditLine)
    expect((await rest(ctx.baseUrl, editor, 'PATCH', `/api/photo-credits/${credit.id}`, { licenseExpiresAt: later })).status).toBe(200)
    expect((await rest(ctx.baseUrl, editor, 'PATCH', `/api/photo-credits/${credit.id}`, { photographer: 'Aaron Hooper Jr.' })).status).toBe(200)
  })

  it('does not stop writers editing photos and credits that no live story shows', async () => {
    const credit = await createCredit(payload, { photographer: 'Unpublished Photographer' })
    const photo = await createMedia(payload, { credit: credit.id, alt: 'Not yet published' })
    expect((await rest(ctx.baseUrl, writer, 'PATCH', `/api/media/${photo.id}`, { alt: 'Still not published' })).status).toBe(200)
    expect((await rest(ctx.baseUrl, writer, 'PATCH', `/api/photo-credits/${credit.id}`, { photographer: 'Renamed Photographer' })).status).toBe(200)
  })
})

describe('invisible characters', () => {
  it.each(INVISIBLE_NAMES)('refuses alt text of %s with a readable 400, before and after publishing', async (_label, alt) => {
    const draftPhoto = await createMedia(payload, { alt: 'A draft photo' })
    const { media } = await liveStory()
    for (const caller of [writer, editor]) {
      const response = await rest(ctx.baseUrl, caller, 'PATCH', `/api/media/${draftPhoto.id}`, { alt })
      expect({ who: caller.name, status: response.status }).toEqual({ who: caller.name, status: 400 })
      expect(readableMessage(response.body)).toBe(
        'The alt text has no visible characters, only spaces or invisible characters such as zero-width spaces. Write it out, or leave it empty.',
      )
    }
    // On a live photo the live-image guard answers first, naming the story.
    const live = await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${media.id}`, { alt })
    expect(live.status).toBe(400)
    expect(readableMessage(live.body)).toMatch(/^It would have no real alt text\. A published story shows this image: “.*” \(story \d+\)\./)
    expect((await publicPhoto(media.id)).alt).toBe(media.alt)
    const created = await rest(ctx.baseUrl, writer, 'POST', '/api/media', fileForm({ alt }, await imageBuffer('#654321'), 'invisible-alt.jpg'))
    expect(created.status).toBe(400)
  })

  it.each(WRONG_TYPES)('refuses alt text or a photographer that is %s with a readable 400', async (_label, value) => {
    const draftPhoto = await createMedia(payload, { alt: 'A draft photo' })
    const alt = await rest(ctx.baseUrl, writer, 'PATCH', `/api/media/${draftPhoto.id}`, { alt: value })
    expect(alt.status).toBe(400)
    expect(readableMessage(alt.body)).toMatch(/^The alt text must be text, not /)
    const agency = await createOrganization(payload, unique('Agency'), 'news-agency')
    const credit = await rest(ctx.baseUrl, writer, 'POST', '/api/photo-credits', { photographer: value, agencies: [agency.id] })
    expect(credit.status).toBe(400)
    expect(readableMessage(credit.body)).toMatch(/^The photographer’s name must be text, not /)
  })

  it.each(INVISIBLE_NAMES)('refuses a photographer of %s with a readable 400', async (_label, photographer) => {
    const agency = await createOrganization(payload, unique('Agency'), 'news-agency')
    const created = await rest(ctx.baseUrl, writer, 'POST', '/api/photo-credits', { photographer, agencies: [agency.id] })
    expect(created.status).toBe(400)
    expect(readableMessage(created.body)).toMatch(/^The photographer’s name has no visible characters/)
    const alone = await rest(ctx.baseUrl, writer, 'POST', '/api/photo-credits', { photographer })
    expect(alone.status).toBe(400)
    expect(readableMessage(alone.body)).toMatch(/needs at least a photographer, an agency or a “courtesy of” organization/)
    const { credit } = await liveStory()
    const edited = await rest(ctx.baseUrl, editor, 'PATCH', `/api/photo-credits/${credit.id}`, { photographer })
    expect(edited.status).toBe(400)
  })

  it.each([
    ['a user’s name', 'users', 'The name is required and must have visible characters'],
    ['a call to action’s title', 'calls-to-action', 'The title is required and must have visible characters'],
    ['a story’s headline', 'articles', 'The headline is required and must have visible characters'],
  ])('refuses %s with nothing visible', async (_label, collection, message) => {
    const target =
      collection === 'users'
        ? (await createUser(payload, 'writer')).id
        : collection === 'calls-to-action'
          ? (await payload.create({ collection: 'calls-to-action', data: { title: unique('Donate'), kind: 'other', status: 'active' } as never })).id
          : (await liveStory()).article.id
    const admin = await callerFor(ctx.baseUrl, await createUser(payload, 'admin'))
    for (const [, value] of INVISIBLE_NAMES.slice(0, 10)) {
      const field = collection === 'calls-to-action' || collection === 'articles' ? 'title' : 'name'
      const body = collection === 'articles' ? { [field]: value, _status: 'published' } : { [field]: value }
      const response = await rest(ctx.baseUrl, admin, 'PATCH', `/api/${collection}/${target}`, body)
      expect({ value, status: response.status }).toEqual({ value, status: 400 })
      expect(readableMessage(response.body)).toContain(message)
    }
  })

  it('refuses a contributor’s byline with nothing visible', async () => {
    const { article } = await liveStory()
    const response = await rest(ctx.baseUrl, editor, 'PATCH', `/api/articles/${article.id}`, { _status: 'published', contributors: [{ name: '\u200b\u3164' }] })
    expect(response.status).toBe(400)
    expect(readableMessage(response.body)).toMatch(/The contributor’s name is required and must have visible characters/)
  })
})

describe('rows written before the rule (defence in depth)', () => {
  const sql = (statement: string, values: unknown[]) => withClient(ctx.databaseUrl, (client) => client.query(statement, values))

  it('reads invisible alt text and a credit that names no one as missing: readiness, publishing and the audit agree', async () => {
    const agency = await createOrganization(payload, unique('Ghost agency'), 'news-agency')
    const credit = await createCredit(payload, { photographer: 'Placeholder', agencies: [agency.id] })
    const photo = await createMedia(payload, { credit: credit.id, alt: 'Placeholder alt' })
    await sql('update media set alt = $1 where id = $2', ['\u200b', photo.id])
    await sql('update photo_credits set photographer = $1 where id = $2', ['\u200b', credit.id])
    await sql('update organizations set name = $1 where id = $2', ['\u3164', agency.id])
    const article = await payload.create({ collection: 'articles', data: { title: unique('Old rows') } as never })
    await approveStory(payload, article.id)
    // Approval itself needs ready images (deskChecks.test.ts): the approving editor adds the photo afterwards, which
    // keeps the approval, so that publishing is what meets the old rows.
    await payload.update({ collection: 'articles', id: article.id, draft: true, data: { heroImage: photo.id }, user: await deskEditor(payload), overrideAccess: false })

    const readiness = await rest(ctx.baseUrl, editor, 'GET', `/api/articles/${article.id}/publish-readiness`)
    expect(readiness.body.ready).toBe(false)
    expect(readiness.body.problems[0].missing).toEqual(['credit', 'alt'])
    expect(readiness.body.problems[0].message).toMatch(/has a photo credit that names no one and no real alt text/)

    const publish = await rest(ctx.baseUrl, editor, 'PATCH', `/api/articles/${article.id}`, { _status: 'published' })
    expect(publish.status).toBe(400)
    expect((await payload.findByID({ collection: 'articles', id: article.id }))._status).toBe('draft')
  })

  it('reports a live story whose rows were blanked behind the application’s back', async () => {
    const { credit, agency, courtesy, article } = await liveStory()
    await sql('update photo_credits set photographer = $1 where id = $2', ['\u2060\u200b', credit.id])
    await sql('update organizations set name = $1 where id in ($2, $3)', ['\t\u180e', agency.id, courtesy.id])
    const audit = await rest(ctx.baseUrl, editor, 'GET', '/api/attribution-audit')
    const broken = audit.body.brokenStories.find((entry: { id: number }) => entry.id === article.id)
    expect(broken.problems[0].message).toMatch(/hero image\) has a photo credit that names no one/)
  })

  it.each([
    ['its credit removed', 'update media set credit_id = null where id = $1'],
    ['its alt text blanked to invisible characters', "update media set alt = E'\\u200b\\u2060' where id = $1"],
  ])('never shows readers a live story’s photo with %s behind the application’s back', async (_label, statement) => {
    const { media, article } = await liveStory()
    await sql(statement, [media.id])
    const slug = (await payload.findByID({ collection: 'articles', id: article.id })).slug
    const story = await rest(ctx.baseUrl, anonymousCaller, 'GET', `/api/articles/by-slug/${slug}`)
    expect(story.status).toBe(200)
    expect(story.body.heroImage).toBeNull()
    expect(JSON.stringify(story.body)).not.toMatch(/"creditLine":null|"alt":""/)
  })

  it.each([
    ['its credit removed', 'update media set credit_id = null where id = $1'],
    ['its alt text cleared', "update media set alt = '' where id = $1"],
    ['its alt text removed', 'update media set alt = null where id = $1'],
  ])('never serves readers or front ends the raw photo or its file with %s behind the application’s back', async (_label, statement) => {
    const { media } = await liveStory()
    const filename = (await payload.findByID({ collection: 'media', id: media.id })).filename as string
    // Not read before the change: the response cache would rightly keep what it heard no change to (an edit in SQL
    // announces nothing); what matters is that nothing serves the row as it now is.
    await sql(statement, [media.id])
    for (const caller of [anonymousCaller, frontEnd]) {
      expect({ caller: caller.name, status: (await rest(ctx.baseUrl, caller, 'GET', `/api/media/${media.id}`)).status }).toEqual({ caller: caller.name, status: 404 })
      const list = await rest(ctx.baseUrl, caller, 'GET', `/api/media?where[id][equals]=${media.id}`)
      expect(list.body.docs).toEqual([])
      const file = await rest(ctx.baseUrl, caller, 'GET', `/api/media/file/${encodeURIComponent(filename)}`)
      expect({ caller: caller.name, fileRefused: file.status >= 400 && file.status < 500 }).toEqual({ caller: caller.name, fileRefused: true })
    }
    // Staff still see it, to mend it.
    expect((await rest(ctx.baseUrl, editor, 'GET', `/api/media/${media.id}`)).status).toBe(200)
  })
})

describe('an editor on a live photo, with an old credit row', () => {
  it('refuses switching it to a credit that names no one', async () => {
    const { media } = await liveStory()
    const hollow = await createCredit(payload, { photographer: 'Placeholder' })
    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    await client.query('update photo_credits set photographer = $1 where id = $2', ['\u3164\u200b', hollow.id])
    await client.end()
    const response = await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${media.id}`, { credit: hollow.id })
    expect(response.status).toBe(400)
    expect(response.body.errors[0].message).toMatch(/^The new photo credit names no one\. A published story shows this image/)
    expect((await publicPhoto(media.id)).creditLine).toMatch(/^Photo by Aaron Hooper/)
  })
})

describe('the site name', () => {
  it('refuses one with nothing visible', async () => {
    const response = await rest(ctx.baseUrl, editor, 'POST', '/api/globals/site-settings', { siteName: '\u200b\u00a0' })
    expect(response.status).toBe(400)
    expect(readableMessage(response.body)).toMatch(/^The site name has no visible characters/)
  })
})

describe('two at once', () => {
  /** An approved story, not yet live, whose hero photo is credited to "<word> Photographer/<an agency>". */
  async function approvedStoryCreditingAnAgency(word: string) {
    const agency = await createOrganization(payload, unique(`${word} agency`), 'news-agency')
    const credit = await createCredit(payload, { photographer: `${word} Photographer`, agencies: [agency.id] })
    const media = await createMedia(payload, { credit: credit.id, alt: `A ${word.toLowerCase()} photo of a vigil` })
    const article = await payload.create({ collection: 'articles', data: { title: unique(`${word} story`), heroImage: media.id } as never })
    await approveStory(payload, article.id)
    return { agency, credit, media, article }
  }

  it('an editor renaming an agency while a story naming it is published: both succeed, no deadlock, the new name is live', async () => {
    const editorUser = await deskEditor(payload)
    for (let round = 0; round < 6; round += 1) {
      const { agency, credit, media, article } = await approvedStoryCreditingAnAgency('Racing')
      const newName = unique('Renamed agency')
      const publishNow = () => payload.update({ collection: 'articles', id: article.id, data: { _status: 'published' }, user: editorUser, overrideAccess: false })
      const renameNow = () => payload.update({ collection: 'organizations', id: agency.id, data: { name: newName }, user: editorUser, overrideAccess: false })
      // Even rounds stop the publish halfway (the agency locked) until the rename waits for it: the rename then
      // runs after the story is live and must re-render its credit line. Odd rounds race freely.
      const [publish, rename] =
        round % 2 === 0
          ? await raceWithFirstHeldHalfway({ databaseUrl: ctx.databaseUrl, heldRow: { table: 'photo_credits', id: credit.id }, first: publishNow, second: renameNow })
          : await Promise.allSettled([publishNow(), renameNow()])
      expect({ round, publish: publish.status, rename: rename.status }).toEqual({ round, publish: 'fulfilled', rename: 'fulfilled' })
      expect((await publicPhoto(media.id)).creditLine).toBe(`Photo by Racing Photographer/${newName}.`)
    }
  })

  it('a writer renaming an agency while a story naming it is published: the rename goes first or is refused, and the live line matches the stored name', async () => {
    const editorUser = await deskEditor(payload)
    const writerUser = await createUser(payload, 'writer')
    let refusedRenames = 0
    for (let round = 0; round < 6; round += 1) {
      const { agency, credit, media, article } = await approvedStoryCreditingAnAgency('Contested')
      const publishNow = () => payload.update({ collection: 'articles', id: article.id, data: { _status: 'published' }, user: editorUser, overrideAccess: false })
      const renameNow = () => payload.update({ collection: 'organizations', id: agency.id, data: { name: unique('Writer rename') }, user: writerUser, overrideAccess: false })
      // Odd rounds race freely. Even rounds stop the publish halfway (the agency locked, the credit not yet) until
      // the rename has arrived and waits: the interleaving in which the rename must be refused.
      const isHeld = round % 2 === 0
      const [publish, rename] = isHeld
        ? await raceWithFirstHeldHalfway({ databaseUrl: ctx.databaseUrl, heldRow: { table: 'photo_credits', id: credit.id }, first: publishNow, second: renameNow })
        : await Promise.allSettled([publishNow(), renameNow()])
      expect(publish.status).toBe('fulfilled')
      // Either the rename committed first (the story was not live yet), or it waited and was refused.
      if (rename.status === 'rejected') expect(String(rename.reason)).toMatch(/only an editor can change its name/)
      if (isHeld) expect({ round, rename: rename.status }).toEqual({ round, rename: 'rejected' })
      if (rename.status === 'rejected') refusedRenames += 1
      const shown = (await publicPhoto(media.id)).creditLine
      const stored = (await payload.findByID({ collection: 'organizations', id: agency.id })).name
      expect(shown).toBe(`Photo by Contested Photographer/${stored}.`)
    }
    // The refusal above is proven only in rounds the publish won.
    expect(refusedRenames).toBeGreaterThanOrEqual(3)
  })
})

describe('the gate and the other ways in', () => {
  it('holds for the Local API with a writer as the user', async () => {
    const { media } = await liveStory()
    const writerUser = await createUser(payload, 'writer')
    await expect(
      payload.update({ collection: 'media', id: media.id, data: { alt: 'Local words' }, user: writerUser, overrideAccess: false }),
    ).rejects.toThrow(/only an editor can change its alt text/)
    const editorUser = await deskEditor(payload)
    await expect(
      payload.update({ collection: 'media', id: media.id, data: { alt: '\ufeff' }, user: editorUser, overrideAccess: false }),
    ).rejects.toThrow(/alt/)
    expect((await payload.findByID({ collection: 'media', id: media.id })).alt).toBe(media.alt)
  })
})
