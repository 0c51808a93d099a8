import type { PayloadRequest } from 'payload'

import { executeSql } from '../../src/db/execute'
import { URLS_PER_SITEMAP } from '../../src/publicApi/sitemaps'
import { creditedStory } from '../helpers/contentApiFixtures'
import { publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'

const ctx = testServerOfThisFile()

const get = (path: string) => fetch(`${ctx.baseUrl}${path}`)
const locsOf = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1])

describe('the sitemap of an archive larger than one sitemap file', () => {
  let draftSlug: string
  let publishedSlugs: string[]

  beforeAll(async () => {
    const published = await creditedStory(ctx.payload, { title: 'Sitemap story one' })
    await publishStory(ctx.payload, published.story.id)
    const second = await creditedStory(ctx.payload, { title: 'Sitemap story two' })
    await publishStory(ctx.payload, second.story.id)
    draftSlug = (await creditedStory(ctx.payload, { title: 'Sitemap draft never listed' })).story.slug!
    // One more than a file holds, made in SQL (copies of a published story with their own slugs), as an archive.
    const req = { payload: ctx.payload } as PayloadRequest
    await executeSql(
      req,
      `insert into articles (title, slug, _status, stage, published_at, updated_at, created_at)
       select 'Archive ' || n, 'archive-' || n, 'published', 'published', now(), now(), now()
       from generate_series(1, ${URLS_PER_SITEMAP - 1}) as n`,
    )
    publishedSlugs = [published.story.slug!, second.story.slug!]
  }, 120_000)

  it('is an index of files of at most 50,000 stories that together list every published story once', async () => {
    const index = await get('/sitemap.xml')
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toMatch(/application\/xml/)
    const indexXml = await index.text()
    expect(indexXml).toMatch(/<sitemapindex xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/)
    const files = locsOf(indexXml)
    expect(files.map((url) => new URL(url).pathname)).toEqual(['/sitemaps/stories-1.xml', '/sitemaps/stories-2.xml'])

    const listed: string[] = []
    for (const file of files) {
      const answer = await get(new URL(file).pathname)
      expect(answer.status).toBe(200)
      const urls = locsOf(await answer.text())
      expect(urls.length).toBeLessThanOrEqual(URLS_PER_SITEMAP)
      listed.push(...urls)
    }
    expect(listed).toHaveLength(URLS_PER_SITEMAP + 1)
    expect(new Set(listed).size).toBe(listed.length)
    for (const slug of publishedSlugs) expect(listed.some((url) => url.endsWith(`/articles/${slug}`))).toBe(true)
    expect(listed.some((url) => url.endsWith(`/articles/${draftSlug}`))).toBe(false)
  })

  it.each([
    'stories-0.xml',
    'stories-01.xml',
    'stories-3.xml',
    'stories-1.xml.bak',
    'stories-99999999999999999999.xml',
    'stories--1.xml',
    '..%2F..%2Fetc%2Fpasswd',
    'x'.repeat(5000),
  ])('answers a file that does not exist (%s) with a 404 that says where the files are listed', async (name) => {
    const answer = await get(`/sitemaps/${name}`)
    expect(answer.status).toBe(404)
    const text = await answer.text()
    expect(text).toMatch(/listed in \/sitemap.xml/)
    expect(text).not.toMatch(/stack|at .*\.ts/)
    expect(text.length).toBeLessThan(400)
  })

  it.each(['%', '%E0%A4%A', 'stories-%ZZ.xml', 'stories-1.xml%00'])('answers a malformed address (%s) with a 400, never a 500', async (name) => {
    const answer = await get(`/sitemaps/${name}`)
    expect(answer.status).toBe(400)
    const text = await answer.text()
    expect(text).toMatch(/malformed percent-encoding|NUL character/)
    expect(text).not.toMatch(/stack|at .*\.ts/)
    expect(text.length).toBeLessThan(400)
  })
})
