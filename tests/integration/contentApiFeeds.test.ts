import { databasePool } from '../../src/db/closePayload'
import { creditedStory } from '../helpers/contentApiFixtures'
import { publishStory } from '../helpers/stories'
import { listenAppForTheseTests, testServerOfThisFile } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'

const ctx = testServerOfThisFile()

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ctx.baseUrl}${path}`, { headers })

describe('feeds and sitemap', () => {
  it('list the newest published stories with image credit lines, escaped for XML', async () => {
    const older = await creditedStory(ctx.payload, { title: 'Older story', topics: ['courts'] })
    await publishStory(ctx.payload, older.story.id)
    const newer = await creditedStory(ctx.payload, { title: 'Fish & chips <b>“quoted”</b> \u0007', topics: ['food & drink'] })
    await publishStory(ctx.payload, newer.story.id)
    const draft = await creditedStory(ctx.payload, { title: 'Unpublished feed draft' })

    const rss = await get('/api/feeds/rss.xml')
    expect(rss.status).toBe(200)
    expect(rss.headers.get('content-type')).toMatch(/application\/rss\+xml/)
    const xml = await rss.text()
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/)
    expect(xml).toContain('<title>Fish &amp; chips &lt;b&gt;“quoted”&lt;/b&gt; </title>')
    expect(xml).not.toContain('\u0007')
    expect(xml).toContain('<category>food &amp; drink</category>')
    expect(xml).toContain(`<media:credit>Photo by Alexander Nemenov/${newer.afp.name}/${newer.getty.name}.</media:credit>`)
    expect(xml).toContain(`<dc:creator>${newer.author.name}</dc:creator>`)
    expect(xml.indexOf('Fish &amp; chips')).toBeLessThan(xml.indexOf('Older story'))
    expect(xml).not.toContain('Unpublished feed draft')
    // Every opened tag closes: a cheap well-formedness check without an XML parser dependency.
    const opened = [...xml.matchAll(/<([a-zA-Z:]+)[\s>]/g)].filter((match) => !match[0].endsWith('/>')).length
    expect(opened).toBeGreaterThan(10)
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/)

    const feed = await get('/api/feeds/feed.json')
    expect(feed.headers.get('content-type')).toMatch(/application\/feed\+json/)
    const json = await feed.json()
    expect(json.version).toBe('https://jsonfeed.org/version/1.1')
    expect(json.items[0]).toMatchObject({
      id: `article-${newer.story.id}`,
      title: 'Fish & chips <b>“quoted”</b> \u0007',
      summary: 'A standfirst that says what happened.',
      authors: [{ name: newer.author.name }],
      tags: ['food & drink'],
      _image: { alt: 'Protesters march past the parliament in the rain', credit_line: `Photo by Alexander Nemenov/${newer.afp.name}/${newer.getty.name}.` },
    })
    // Absolute from the configured address (SERVER_URL, else the local one), never from the request's Host.
    const { settings } = await import('../../src/env')
    expect(json.items[0].image.startsWith(`${settings.publicUrl}/api/media/file/`)).toBe(true)
    expect(json.items.map((item: { title: string }) => item.title)).not.toContain('Unpublished feed draft')

    const sitemap = await (await get('/sitemap.xml')).text()
    expect(sitemap).toContain(`/articles/${newer.story.slug}</loc>`)
    expect(sitemap).not.toContain(draft.story.slug!)
  })
})

describe('both feeds made at once', () => {
  /** Counts (and slows down, so two readings overlap for sure) every statement the app's pool sends meanwhile. */
  async function statementsWhile(run: (firstStatementSent: Promise<void>) => Promise<void>): Promise<number> {
    const pool = databasePool(ctx.payload)
    const original = pool.query.bind(pool)
    let count = 0
    let onFirst: () => void = () => {}
    const firstStatementSent = new Promise<void>((resolve) => (onFirst = resolve))
    ;(pool as any).query = async (...args: unknown[]) => {
      count += 1
      onFirst()
      await new Promise((resolve) => setTimeout(resolve, 40))
      return (original as any)(...args)
    }
    try {
      await run(firstStatementSent)
    } finally {
      ;(pool as any).query = original
    }
    return count
  }

  it('reads the stories once for both feeds when the second is asked for while the first is being made, as after every publish', async () => {
    const { story } = await creditedStory(ctx.payload, { title: 'Read once for both feeds' })
    await publishStory(ctx.payload, story.id)
    const alone = await statementsWhile(async () => {
      expect((await get(`/api/feeds/rss.xml?alone=${story.id}`)).status).toBe(200)
    })
    const bodies: string[] = []
    const together = await statementsWhile(async (firstStatementSent) => {
      const rss = get(`/api/feeds/rss.xml?together=${story.id}`)
      await firstStatementSent
      const json = get(`/api/feeds/feed.json?together=${story.id}`)
      for (const response of await Promise.all([rss, json])) {
        expect(response.status).toBe(200)
        bodies.push(await response.text())
      }
    })
    // The floor: a counter that saw nothing would prove nothing.
    expect(alone).toBeGreaterThan(0)
    expect(together).toBe(alone)
    for (const body of bodies) expect(body).toContain('Read once for both feeds')
  })
})

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3 document whose every reference resolves and which covers the public API', async () => {
    const response = await get('/api/openapi.json')
    expect(response.status).toBe(200)
    const document = await response.json()
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/)
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    for (const path of [
      '/api/articles',
      '/api/articles/{id}',
      '/api/articles/by-slug/{slug}',
      '/api/articles/summaries',
      '/api/media',
      '/api/media/{id}',
      '/api/organizations',
      '/api/calls-to-action',
      '/api/feeds/rss.xml',
      '/api/feeds/feed.json',
      '/sitemap.xml',
    ]) {
      expect(document.paths[path]?.get?.responses?.['200']).toBeDefined()
    }
    const refs: string[] = []
    const walk = (value: unknown) => {
      if (Array.isArray(value)) return value.forEach(walk)
      if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (key === '$ref') refs.push(child as string)
          else walk(child)
        }
      }
    }
    walk(document)
    expect(refs.length).toBeGreaterThan(20)
    for (const ref of refs) {
      const target = ref.replace(/^#\//, '').split('/').reduce((node: any, part) => node?.[part], document)
      expect({ ref, resolves: target !== undefined }).toEqual({ ref, resolves: true })
    }
    for (const [path, item] of Object.entries<any>(document.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1])
      const declared = (item.get.parameters ?? []).map((parameter: any) =>
        parameter.$ref ? ref(document, parameter.$ref) : parameter,
      ).filter((parameter: any) => parameter.in === 'path').map((parameter: any) => parameter.name)
      expect({ path, declared: declared.sort() }).toEqual({ path, declared: templated.sort() })
    }
  })
})

const ref = (document: any, pointer: string) => pointer.replace(/^#\//, '').split('/').reduce((node: any, part: string) => node?.[part], document)

describe('per-address rate limit for anonymous reads', () => {
  const throttledApp = listenAppForTheseTests(ctx, { apiRateLimit: { limit: 3, windowSeconds: 60 } })

  it('answers 429 with Retry-After once an address exceeds the limit; signed-in callers are not limited', async () => {
    // Distinct lists, so that each read reaches Payload: cached responses are answered before the limiter.
    for (let i = 1; i <= 3; i++) expect((await fetch(`${throttledApp.baseUrl}/api/articles?limit=${i}`)).status).toBe(200)
    const limited = await fetch(`${throttledApp.baseUrl}/api/articles?limit=4`)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await limited.json()).errors[0].message).toMatch(/Too many requests/)
    expect((await fetch(`${throttledApp.baseUrl}/sitemap.xml`)).status).toBe(429)
    // A response already in the cache costs no database work and is still served.
    expect((await fetch(`${throttledApp.baseUrl}/api/articles?limit=1`)).headers.get('x-cache')).toBe('HIT')

    const editor = await createUser(ctx.payload, 'editor')
    const headers = await loginHeaders(ctx.baseUrl, editor.email)
    expect((await fetch(`${throttledApp.baseUrl}/api/articles`, { headers })).status).toBe(200)
  })
})

