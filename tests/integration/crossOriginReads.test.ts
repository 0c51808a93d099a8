// A browser front end on an origin listed in ALLOWED_ORIGINS reads the public API: every cached read (list, by-slug,
// feeds, summaries) answers with the CORS headers of the asking origin, whether the cache is hit or missed.
import { creditedStory } from '../helpers/contentApiFixtures'
import { eventually } from '../helpers/eventually'
import { publishStory } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'

const FRONT = 'https://front.newsroom.test'
const OTHER_FRONT = 'https://app.newsroom.test'
const EVIL = 'https://evil.example'

let ctx: TestServer
let slug: string
let storyId: number

beforeAll(async () => {
  // Read when the server's modules load (startTestServer imports them).
  process.env.ALLOWED_ORIGINS = `${FRONT}, ${OTHER_FRONT}`
  ctx = await startTestServer()
  const { story } = await creditedStory(ctx.payload, { title: 'A story read from another origin' })
  await publishStory(ctx.payload, story.id)
  storyId = story.id
  slug = (await ctx.payload.findByID({ collection: 'articles', id: story.id, overrideAccess: true })).slug as string
  // The cache stores nothing until its listener is up and this setup's own writes have been heard back (NOTIFY).
  // (It once took over 10 s, most likely because a save announcing the same documents twice got one NOTIFY back, PostgreSQL folds
  // identical payloads, and the second pending mark waited out its 30 s timeout; each message is now numbered.)
  await eventually(async () => (await fetch(`${ctx.baseUrl}${fresh('/api/articles/by-slug/:slug')}`)).headers.get('x-cache') === 'MISS')
}, 120_000)

afterAll(async () => {
  await ctx?.close()
  delete process.env.ALLOWED_ORIGINS
})

let counter = 0
/** Each path gets a query of its own, so the first request of a test is a cache miss; `:id` and `:slug` are the story's. */
const fresh = (path: string) =>
  `${path.replace(':id', String(storyId)).replace(':slug', slug)}${path.includes('?') ? '&' : '?'}cors=${++counter}`

const get = (path: string, origin?: string, headers: Record<string, string> = {}) =>
  fetch(`${ctx.baseUrl}${path}`, { headers: { ...(origin ? { origin } : {}), ...headers } })

const allowOrigin = (response: Response) => response.headers.get('access-control-allow-origin')
const varies = (response: Response) => (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase())

const PUBLIC_READS = [
  '/api/articles?limit=5',
  '/api/articles/:id',
  '/api/articles/by-slug/:slug',
  '/api/articles/summaries?limit=5',
  '/api/media?limit=5',
  '/api/feeds/rss.xml',
  '/api/feeds/feed.json',
]

describe('cached public reads across origins', () => {
  it.each(PUBLIC_READS)('%s answers an allowed origin with its CORS headers on a miss and on a hit', async (path) => {
    const url = fresh(path)
    const miss = await get(url, FRONT)
    expect(miss.status).toBe(200)
    expect(miss.headers.get('x-cache')).toBe('MISS')
    const hit = await get(url, FRONT)
    expect(hit.headers.get('x-cache')).toBe('HIT')
    for (const response of [miss, hit]) {
      expect(allowOrigin(response)).toBe(FRONT)
      expect(varies(response)).toContain('origin')
    }
  })

  it.each(PUBLIC_READS)('%s keeps CORS per request: an entry stored for one origin is served to another with that one’s headers', async (path) => {
    const url = fresh(path)
    const evilMiss = await get(url, EVIL)
    expect(allowOrigin(evilMiss)).toBeNull()
    expect(varies(evilMiss)).toContain('origin')
    const frontHit = await get(url, FRONT)
    expect(frontHit.headers.get('x-cache')).toBe('HIT')
    expect(allowOrigin(frontHit)).toBe(FRONT)
    const otherHit = await get(url, OTHER_FRONT)
    expect(allowOrigin(otherHit)).toBe(OTHER_FRONT)
    const evilHit = await get(url, EVIL)
    expect(allowOrigin(evilHit)).toBeNull()
    const noOrigin = await get(url)
    expect(allowOrigin(noOrigin)).toBeNull()
    expect(varies(noOrigin)).toContain('origin')
  })

  it('answers a revalidation (304) and a not-found read of an allowed origin with CORS headers too', async () => {
    const url = fresh('/api/articles/by-slug/:slug')
    const first = await get(url, FRONT)
    const revalidated = await get(url, FRONT, { 'if-none-match': first.headers.get('etag')! })
    expect(revalidated.status).toBe(304)
    expect(allowOrigin(revalidated)).toBe(FRONT)
    const missing = await get('/api/articles/by-slug/no-such-story', FRONT)
    expect(missing.status).toBe(404)
    expect(allowOrigin(missing)).toBe(FRONT)
  })

  it('does not take an origin that only resembles an allowed one (prefix, suffix, case, “null”, a list)', async () => {
    const url = fresh('/api/articles?limit=5')
    await get(url, FRONT)
    for (const origin of [`${FRONT}.evil.example`, `${FRONT}:8443`, FRONT.toUpperCase(), 'null', `${FRONT}, ${EVIL}`, `${FRONT}/`]) {
      expect(allowOrigin(await get(url, origin))).toBeNull()
    }
  })

  // Per response or per connection: the date, the cache state, the rate limit's count (a hit, answered ahead of
  // Express, is not counted).
  const VARYING = new Set(['date', 'x-cache', 'ratelimit', 'ratelimit-policy', 'connection', 'keep-alive'])
  const answerOf = async (response: Response) => ({
    status: response.status,
    headers: Object.fromEntries([...response.headers].filter(([name]) => !VARYING.has(name))),
    body: Buffer.from(await response.arrayBuffer()).toString('base64'),
  })

  it.each([
    ['/api/articles/by-slug/:slug', 'the story by slug'],
    ['/api/articles?limit=5&sort=-updatedAt', 'a list with a query'],
    ['/api/feeds/rss.xml', 'a feed'],
  ])('answers a hit of %s (%s) ahead of Express with exactly the status, headers and bytes of the miss, whatever the origin, revalidation or method', async (path) => {
    const { etag } = { etag: (await get(fresh(path))).headers.get('etag')! }
    const requests: { method?: string; headers: Record<string, string> }[] = [
      { headers: {} },
      { headers: { origin: FRONT } },
      { headers: { origin: EVIL } },
      { headers: { 'if-none-match': etag } },
      { headers: { 'if-none-match': etag, origin: OTHER_FRONT } },
      { headers: { 'if-none-match': `"other", W/${etag}`, origin: EVIL } },
      { headers: { 'if-none-match': '"other"', origin: FRONT } },
      // A cookie that is not a session: still an anonymous reader.
      { headers: { cookie: 'theme=dark', origin: FRONT } },
      { method: 'HEAD', headers: { origin: FRONT } },
      { method: 'HEAD', headers: { 'if-none-match': etag } },
    ]
    for (const { method = 'GET', headers } of requests) {
      const url = fresh(path)
      // A HEAD is answered from what a GET stored: the GET's miss is the full path's answer, without its body.
      const miss = await fetch(`${ctx.baseUrl}${url}`, { headers })
      expect({ method, sent: headers, cache: miss.headers.get('x-cache') }).toEqual({ method, sent: headers, cache: 'MISS' })
      const missAnswer = await answerOf(miss)
      const hit = await fetch(`${ctx.baseUrl}${url}`, { method, headers })
      expect({ method, sent: headers, cache: hit.headers.get('x-cache') }).toEqual({ method, sent: headers, cache: 'HIT' })
      expect({ method, sent: headers, ...(await answerOf(hit)) }).toEqual({ method, sent: headers, ...missAnswer, ...(method === 'HEAD' ? { body: '' } : {}) })
    }
  })

  it('answers a percent-encoded slug, and the same slug spelt plainly, each with the story and the same headers from the cache', async () => {
    const encoded = `/api/articles/by-slug/%${slug.charCodeAt(0).toString(16)}${slug.slice(1)}`
    const plain = (await get(`/api/articles/by-slug/${slug}`, FRONT))
    const plainBody = Buffer.from(await plain.arrayBuffer()).toString('base64')
    for (let n = 0; n < 2; n++) {
      const response = await get(encoded, FRONT)
      expect({ n, status: response.status, cache: response.headers.get('x-cache'), origin: allowOrigin(response) }).toEqual({ n, status: 200, cache: n === 0 ? 'MISS' : 'HIT', origin: FRONT })
      expect(Buffer.from(await response.arrayBuffer()).toString('base64')).toBe(plainBody)
    }
  })

  it('never answers a request carrying a session cookie or a token from the shared copy, even a junk one', async () => {
    const url = fresh('/api/articles/by-slug/:slug')
    expect((await get(url, FRONT)).headers.get('x-cache')).toBe('MISS')
    const shared = await get(url, FRONT)
    expect(shared.headers.get('x-cache')).toBe('HIT')
    const sharedEtag = shared.headers.get('etag')
    const junkCredentials: Record<string, string>[] = [{ cookie: 'payload-token=junk' }, { cookie: 'theme=dark; payload-token=junk' }, { authorization: 'JWT junk' }, { authorization: 'users API-Key junk' }]
    for (const credentials of junkCredentials) {
      const response = await get(url, FRONT, credentials)
      expect({ credentials, cache: response.headers.get('x-cache'), cacheControl: response.headers.get('cache-control'), isSharedCopy: response.headers.get('etag') === sharedEtag }).toEqual({
        credentials,
        cache: null,
        cacheControl: 'private, no-store',
        isSharedCopy: false,
      })
    }
  })

  it.each(['/api/articles', '/api/articles/by-slug/any-slug', '/api/feeds/feed.json', '/api/articles/summaries'])(
    'answers the preflight of %s for an allowed origin, and not for another',
    async (path) => {
      const preflight = (origin: string) =>
        fetch(`${ctx.baseUrl}${path}`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
        })
      const allowed = await preflight(FRONT)
      expect(allowed.status).toBeLessThan(300)
      expect(allowOrigin(allowed)).toBe(FRONT)
      expect(allowed.headers.get('access-control-allow-methods')).toMatch(/GET/)
      expect(allowOrigin(await preflight(EVIL))).toBeNull()
    },
  )
})
