// The anonymous story by slug in one SQL statement (src/publicApi/loadPublishedStory.ts) against the Local API path
// it replaced for readers (loadStoryBySlug + tagsOfResponse, still the path of signed-in readers): the same render,
// the same cache tags and licence bound, for every shape of story, and at most 2 statements per cold read.
import type { Payload } from 'payload'

import { databasePool } from '../../src/db/closePayload'
import { tagsOfResponse } from '../../src/cache/responseTags'
import { loadStoryBySlug } from '../../src/publicApi/loadStory'
import { loadPublishedStoryBySlug } from '../../src/publicApi/loadPublishedStory'
import { seedDemoContent } from '../../src/seed/seedDemoContent'
import { callsToActionBlock, galleryBlock, organizationLink, paragraph, storyBody, uploadNode } from '../../src/lexical/lexicalBuilders'
import { creditedStory } from '../helpers/contentApiFixtures'
import { createCredit, createMedia, createOrganization } from '../helpers/content'
import { publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'

const ctx = testServerOfThisFile({ withBootstrapAdmin: false })

/** The Local API path as the route used it for anonymous readers before: the reference. */
async function throughLocalApi(payload: Payload, slug: string, startedAt: Date) {
  const result = await loadStoryBySlug({ payload, slug, user: null, draft: false })
  if (result.kind !== 'found') return result
  const tagged = await tagsOfResponse({ payload, seeds: result.shows, startedAt })
  return { kind: result.kind, story: result.story, tagged: { ...tagged, tags: [...tagged.tags].sort() } }
}

async function inOneStatement(payload: Payload, slug: string, startedAt: Date) {
  const result = await loadPublishedStoryBySlug({ payload, slug, startedAt })
  if (result.kind !== 'found') return result
  return { ...result, tagged: { ...result.tagged, tags: [...result.tagged.tags].sort() } }
}

/** Both paths on one slug, as JSON (what the reader receives): deep-equal, and the shape returned for more checks. */
async function expectSameRender(slug: string) {
  const startedAt = new Date()
  const reference = JSON.parse(JSON.stringify(await throughLocalApi(ctx.payload, slug, startedAt)))
  const candidate = JSON.parse(JSON.stringify(await inOneStatement(ctx.payload, slug, startedAt)))
  expect(candidate).toEqual(reference)
  return candidate
}

const sql = (text: string, values: unknown[] = []) => databasePool(ctx.payload).query(text, values)

let photoCount = 0
/** A published story whose body shows `count` photos, each with its own credit (the first also the hero). */
async function storyWithImages(count: number) {
  photoCount += 1
  const agency = await createOrganization(ctx.payload, `Wire ${photoCount}-${Date.now()}`, 'news-agency')
  const photos = []
  for (let n = 0; n < count; n++) {
    const credit = await createCredit(ctx.payload, { photographer: `Photographer ${n}`, agencies: [agency.id] })
    photos.push(await createMedia(ctx.payload, { credit: credit.id, alt: `Photo ${n} of the march` }))
  }
  const story = await ctx.payload.create({
    collection: 'articles',
    data: {
      title: `A story with ${count} images, number ${photoCount}`,
      dek: 'A standfirst.',
      heroImage: photos[0]?.id,
      body: storyBody(paragraph(`${count} images follow.`), ...photos.map((photo, n) => uploadNode(photo.id, n % 2 ? `Caption ${n}` : undefined))) as never,
    },
    overrideAccess: true,
  })
  await publishStory(ctx.payload, story.id)
  return { story, photos }
}

beforeAll(async () => {
  const seeded = await seedDemoContent(ctx.payload, { demo: { isAllowed: true, isSeededOnStart: false, password: 'demo-password' } })
  expect(seeded.isSeeded).toBe(true)
}, 240_000)

describe('the story by slug in one statement renders what the Local API path renders', () => {
  it('for every story of the demo seed', async () => {
    const { docs } = await ctx.payload.find({ collection: 'articles', overrideAccess: true, depth: 0, pagination: false })
    expect(docs.length).toBeGreaterThanOrEqual(4)
    const renders = []
    for (const story of docs) {
      const rendered = await expectSameRender(story.slug!)
      expect(rendered.kind).toBe('found')
      renders.push(JSON.stringify(rendered))
    }
    // The seed's photos have a thumbnail size: the sizes' addresses are compared too.
    expect(renders.join('')).toMatch(/"thumbnail":\{"url":"\/api\/media\/file\/[^"]+","width":320/)
  })

  it.each([0, 1, 10, 50])('for a story with %i images', async (count) => {
    const { story } = await storyWithImages(count)
    const rendered = await expectSameRender(story.slug!)
    expect(rendered.kind).toBe('found')
    const images = JSON.stringify(rendered.story.body).match(/"creditLine":"Photo by/g) ?? []
    expect(images).toHaveLength(count)
  }, 180_000)

  it('for a story with credited images, calls to action (active, expired, closed), organizations, a gallery and reader notes', async () => {
    const fixture = await creditedStory(ctx.payload, { title: 'Everything a story shows', topics: ['rights', 'protest'] })
    const closed = await ctx.payload.create({
      collection: 'calls-to-action',
      data: { title: 'A closed appeal', kind: 'donate', status: 'closed', url: 'https://example.org/closed', organization: fixture.afp.id },
      overrideAccess: true,
    })
    const social = await createMedia(ctx.payload, { credit: fixture.heroCredit.id, alt: 'The square at dawn' })
    await ctx.payload.update({
      collection: 'articles',
      id: fixture.story.id,
      data: {
        socialImage: social.id,
        contributors: [{ name: 'A Stringer', role: 'Additional reporting' }, { name: 'Another Hand' }],
        callsToAction: [fixture.petition.id, closed.id],
        meta: { title: 'An SEO title', description: 'An SEO description' },
        body: storyBody(
          paragraph('See ', organizationLink(fixture.getty.id, 'Getty'), ' and ', organizationLink(fixture.advocacy.id, 'RUSA'), '.'),
          galleryBlock([{ image: fixture.hero.id, caption: 'Gallery caption' }, { image: fixture.bodyImage.id }]),
          callsToActionBlock({ callsToAction: [closed.id, fixture.expired.id, fixture.petition.id], image: fixture.bodyImage.id }),
        ) as never,
      },
      overrideAccess: true,
    })
    await publishStory(ctx.payload, fixture.story.id)
    await sql(
      `insert into articles_reader_notes (_order, _parent_id, id, kind, text, time) values
       (1, $1, 'note-b', 'correction', 'A later correction.', '2026-03-02T10:00:00Z'), (2, $1, 'note-a', 'update', 'An earlier update.', '2026-03-01T09:30:00.123Z')`,
      [fixture.story.id],
    )
    const rendered = await expectSameRender(fixture.story.slug!)
    expect(rendered.story.callsToAction.map((cta: { status: string }) => cta.status)).toEqual(['active', 'closed'])
    expect(rendered.story.readerNotes).toHaveLength(2)
    expect(rendered.story.contributors).toHaveLength(2)
    expect(rendered.tagged.tags).toEqual(expect.arrayContaining([`articles:${fixture.story.id}`, `media:${social.id}`, `organizations:${fixture.afp.id}`]))
  })

  it('withholds the same photos: licence ended (the credit’s or the photo’s own), credit removed in SQL, alt blanked in SQL, alt of invisible characters', async () => {
    const { story, photos } = await storyWithImages(8)
    const [ended, uncredited, blank, invisible, disclosed, kept, ownEnded, ownEndsLater] = photos
    await sql(`update photo_credits set license_expires_at = now() - interval '1 minute' where id = (select credit_id from media where id = $1)`, [ended.id])
    await sql(`update media set license_expires_at = now() - interval '1 minute' where id = $1`, [ownEnded.id])
    await sql(`update media set license_expires_at = now() + interval '2 days' where id = $1`, [ownEndsLater.id])
    await sql(`update media set credit_id = null where id = $1`, [uncredited.id])
    await sql(`update media set alt = '' where id = $1`, [blank.id])
    await sql(`update media set alt = $2 where id = $1`, [invisible.id, '\u200b\u00a0\u2060'])
    await sql(`update media set ai_disclosure = 'AI-generated illustration' where id = $1`, [disclosed.id])
    // A licence ending later bounds the response: both paths must give the same expiry.
    await sql(`update photo_credits set license_expires_at = now() + interval '3 days' where id = (select credit_id from media where id = $1)`, [kept.id])

    const rendered = await expectSameRender(story.slug!)
    const shown = new Set((JSON.stringify(rendered.story).match(/"id":(\d+),"url"/g) ?? []).map((match) => Number(match.match(/\d+/)![0])))
    expect([...shown].sort()).toEqual([disclosed.id, kept.id, ownEndsLater.id].sort())
    expect(JSON.stringify(rendered.story)).toContain('"disclosure":"AI-generated illustration"')
    expect(rendered.tagged.expiresAt).toEqual(expect.any(Number))
  })

  it('answers the same for a renamed slug, a draft never published, a scheduled story and an unknown slug', async () => {
    const { story: renamed } = await storyWithImages(1)
    await ctx.payload.update({ collection: 'articles', id: renamed.id, data: { slug: `${renamed.slug}-renamed` }, overrideAccess: true })
    expect(await expectSameRender(renamed.slug!)).toEqual({ kind: 'moved', slug: `${renamed.slug}-renamed` })

    const draft = await ctx.payload.create({ collection: 'articles', data: { title: 'Only a draft' }, overrideAccess: true })
    expect(await expectSameRender(draft.slug!)).toEqual({ kind: 'missing' })

    const scheduled = await ctx.payload.create({ collection: 'articles', data: { title: 'Scheduled for later' }, overrideAccess: true })
    await sql(`update articles set published_at = now() + interval '1 day' where id = $1`, [scheduled.id])
    expect(await expectSameRender(scheduled.slug!)).toEqual({ kind: 'missing' })

    expect(await expectSameRender('no-story-has-this-slug')).toEqual({ kind: 'missing' })
  })

  it('shows the published version of a live story that has a newer draft, and nothing of a trashed story', async () => {
    const { story } = await storyWithImages(2)
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'An unpublished new headline' }, draft: true, overrideAccess: true })
    const rendered = await expectSameRender(story.slug!)
    expect(rendered.story.title).toBe(story.title)

    await sql(`update articles set deleted_at = now() where id = $1`, [story.id])
    expect(await expectSameRender(story.slug!)).toEqual({ kind: 'missing' })
  })
})

describe('the story by slug in one statement, on hostile rows and slugs', () => {
  it('renders as the Local API path when a body written in SQL holds ids as strings or documents, or is no Lexical tree', async () => {
    const { story, photos } = await storyWithImages(3)
    const fixture = await creditedStory(ctx.payload, { title: 'A donor of organizations' })
    const odd = storyBody(
      { ...uploadNode(photos[0].id), value: String(photos[0].id) },
      { ...uploadNode(photos[1].id), value: { id: photos[1].id } },
      paragraph('See ', { ...organizationLink(fixture.advocacy.id, 'RUSA'), fields: { linkType: 'internal', doc: { relationTo: 'organizations', value: String(fixture.advocacy.id) } } }),
      { type: 'upload', relationTo: 'media', value: null },
    )
    await sql(`update articles set body = $2 where id = $1`, [story.id, JSON.stringify(odd)])
    const rendered = await expectSameRender(story.slug!)
    expect(JSON.stringify(rendered.story.body).match(/"creditLine":"Photo by/g)).toHaveLength(2)

    // A value that is no row id points at nothing: both paths leave that node out (the Local API path used to send it
    // to PostgreSQL and fail with "invalid input syntax for type integer", a 500).
    await sql(`update articles set body = $2 where id = $1`, [story.id, JSON.stringify(storyBody(uploadNode(photos[2].id), { ...uploadNode(photos[2].id), value: 'not-an-id' }))])
    const withBadId = await expectSameRender(story.slug!)
    expect(withBadId.kind).toBe('found')
    expect(JSON.stringify((withBadId as { story: { body: unknown } }).story.body).match(/"creditLine":"Photo by/g)).toHaveLength(1)
    expect(JSON.stringify((withBadId as { story: { body: unknown } }).story.body)).not.toContain('not-an-id')

    for (const body of ['[]', '"just text"', '{"root": 7}', 'null']) {
      await sql(`update articles set body = $2::jsonb where id = $1`, [story.id, body])
      expect((await expectSameRender(story.slug!)).story.body).toBeNull()
    }
  })

  it('answers missing for slugs that look like SQL, are huge, or hold invisible characters, as the Local API path does', async () => {
    for (const slug of [`x'; drop table articles; --`, 'a'.repeat(5000), '\u200b', '%', '_', '\\']) {
      expect(await expectSameRender(slug)).toEqual({ kind: 'missing' })
    }
    const response = await fetch(`${ctx.baseUrl}/api/articles/by-slug/${encodeURIComponent("x'; select 1; --")}`)
    expect(response.status).toBe(404)
  })
})

describe('a cold read of the story by slug', () => {
  it.each([1, 10, 50])('sends at most 2 SQL statements, however many images (%i)', async (count) => {
    const { story } = await storyWithImages(count)
    const pool = databasePool(ctx.payload)
    const original = pool.query.bind(pool)
    const statements: string[] = []
    ;(pool as any).query = (...args: unknown[]) => {
      statements.push(String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text).slice(0, 80))
      return (original as any)(...args)
    }
    try {
      const response = await fetch(`${ctx.baseUrl}/api/articles/by-slug/${story.slug}?cold=${Date.now()}`)
      expect(response.status).toBe(200)
      expect(JSON.stringify((await response.json()).body).match(/"creditLine":"Photo by/g)).toHaveLength(count)
    } finally {
      ;(pool as any).query = original
    }
    // The floor: a counter that saw nothing would prove nothing.
    expect(statements.length).toBeGreaterThan(0)
    expect(statements.length).toBeLessThanOrEqual(2)
    expect(statements).toHaveLength(1)
  }, 180_000)
})
