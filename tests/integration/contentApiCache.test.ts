import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'

import { announceChange } from '../../src/cache/changeNotifications'
import { secondAppProcessForTheseTests } from '../helpers/startSecondAppProcess'
import { creditedStory } from '../helpers/contentApiFixtures'
import { eventually } from '../helpers/eventually'
import { publishStory } from '../helpers/stories'
import { listenAppForTheseTests, testServerOfThisFile } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'

const ctx = testServerOfThisFile()

beforeAll(async () => {
  await eventually(() => ctx.app.locals.contentCache.isListening)
})

type Json = Record<string, any>

const get = (base: string, path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: 'manual' })
const getJson = async (base: string, path: string) => {
  const response = await get(base, path)
  return { status: response.status, cache: response.headers.get('x-cache'), body: response.status === 200 ? ((await response.json()) as Json) : null }
}

const uploadValues = (node: Json, found: Json[] = []): Json[] => {
  if (node?.type === 'upload') found.push(node.value)
  for (const child of node?.children ?? []) uploadValues(child, found)
  return found
}

async function publishedStory(title: string) {
  const fixture = await creditedStory(ctx.payload, { title })
  await publishStory(ctx.payload, fixture.story.id)
  return fixture
}

/**
 * Reads the path until it comes from the cache. Right after a write, the writer's own NOTIFY may still be on
 * its way: until it arrives, responses containing the written documents are (rightly) not stored.
 */
async function warm(base: string, path: string) {
  let cacheState: string | null = null
  for (let attempt = 0; attempt < 20 && cacheState !== 'HIT'; attempt++) {
    cacheState = (await get(base, path)).headers.get('x-cache')
    if (cacheState !== 'HIT') await new Promise((resolve) => setTimeout(resolve, 25))
  }
  expect({ path, cache: cacheState }).toEqual({ path, cache: 'HIT' })
}

/** A live story whose by-slug read is in the cache, and a transaction of this process left open on it. */
async function warmStoryThenOpenTransaction(title: string) {
  const { story } = await publishedStory(title)
  const path = `/api/articles/by-slug/${story.slug}`
  await warm(ctx.baseUrl, path)
  const req = await createLocalReq({}, ctx.payload)
  await initTransaction(req)
  return { story, path, req }
}

describe('HTTP caching of anonymous reads', () => {
  it('answers with a strong ETag and shared Cache-Control, and 304 when If-None-Match matches', async () => {
    const { story } = await publishedStory('Cacheable story')
    for (const path of [`/api/articles/by-slug/${story.slug}`, `/api/articles/${story.id}`, '/api/articles?limit=5', '/api/feeds/rss.xml', '/api/feeds/feed.json', '/sitemap.xml']) {
      const first = await get(ctx.baseUrl, path)
      expect({ path, status: first.status }).toEqual({ path, status: 200 })
      const etag = first.headers.get('etag')!
      expect(etag).toMatch(/^"[\w-]+"$/)
      expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300')

      const revalidated = await get(ctx.baseUrl, path, { 'if-none-match': etag })
      expect(revalidated.status).toBe(304)
      expect(await revalidated.text()).toBe('')
      expect(revalidated.headers.get('etag')).toBe(etag)

      const changedClientCopy = await get(ctx.baseUrl, path, { 'if-none-match': '"something-else"' })
      expect(changedClientCopy.status).toBe(200)
    }
  })

  it('marks every response for a signed-in caller or a draft as private, no-store, without an ETag', async () => {
    const { story } = await publishedStory('Personal responses')
    const editor = await createUser(ctx.payload, 'editor')
    const headers = await loginHeaders(ctx.baseUrl, editor.email)
    const token = headers.authorization.replace('JWT ', '')
    for (const requestHeaders of [headers, { cookie: `payload-token=${token}` }]) {
      for (const path of [`/api/articles/by-slug/${story.slug}`, `/api/articles/${story.id}`, '/api/articles', '/api/media', '/api/feeds/rss.xml', '/api/users/me']) {
        const response = await get(ctx.baseUrl, path, requestHeaders)
        expect({ path, status: response.status, cacheControl: response.headers.get('cache-control'), etag: response.headers.get('etag') }).toEqual({
          path,
          status: 200,
          cacheControl: 'private, no-store',
          etag: null,
        })
      }
    }
  })
})

describe('cache hits answered before routing and the rate limit', () => {
  // A small limit per address, spent during the test: after that only the cache can answer.
  const throttledApp = listenAppForTheseTests(ctx, { apiRateLimit: { limit: 30, windowSeconds: 60 } })

  // Per-response or per-connection: the date, the cache state, and the rate limit's count (hits are not counted).
  const VARYING = new Set(['date', 'x-cache', 'ratelimit', 'ratelimit-policy', 'connection', 'keep-alive'])
  const stableHeaders = (response: Response) => Object.fromEntries([...response.headers].filter(([name]) => !VARYING.has(name)))

  it('serves a hit with the same status, headers and bytes as the full path, 304 and HEAD included', async () => {
    const { story } = await publishedStory('Fast path story')
    const path = `/api/articles/by-slug/${story.slug}`
    const full = await get(throttledApp.baseUrl, path)
    expect(full.status).toBe(200)
    expect(full.headers.get('ratelimit')).not.toBeNull()
    const fullBody = Buffer.from(await full.arrayBuffer())
    // Stored once the publish's own NOTIFY has arrived (see warm).
    for (let attempt = 0; attempt < 20 && (await get(throttledApp.baseUrl, path)).headers.get('x-cache') !== 'HIT'; attempt++) await new Promise((resolve) => setTimeout(resolve, 25))
    let spent = 0
    while ((await get(throttledApp.baseUrl, `${path}?spend=${spent}`)).status !== 429) expect(++spent).toBeLessThan(30)

    // The limit is spent: these can only come from the cache, ahead of the limiter.
    const hit = await get(throttledApp.baseUrl, path)
    expect({ status: hit.status, cache: hit.headers.get('x-cache') }).toEqual({ status: 200, cache: 'HIT' })
    expect(stableHeaders(hit)).toEqual(stableHeaders(full))
    expect(hit.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
    expect(Buffer.from(await hit.arrayBuffer()).equals(fullBody)).toBe(true)

    const etag = full.headers.get('etag')!
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const notModified = await get(throttledApp.baseUrl, path, { 'if-none-match': ifNoneMatch })
      expect({ ifNoneMatch, status: notModified.status, etag: notModified.headers.get('etag'), body: await notModified.text() }).toEqual({ ifNoneMatch, status: 304, etag, body: '' })
    }
    const head = await fetch(`${throttledApp.baseUrl}${path}`, { method: 'HEAD' })
    expect({ status: head.status, length: head.headers.get('content-length'), body: await head.text() }).toEqual({ status: 200, length: String(fullBody.length), body: '' })

    // Anything not in the cache still meets the limiter; a request with credentials never gets the shared copy,
    // and one whose credential proves nothing is counted like any anonymous read (the limit is spent).
    expect((await get(throttledApp.baseUrl, `${path}?uncached=1`)).status).toBe(429)
    const personal = await get(throttledApp.baseUrl, path, { authorization: 'JWT not-a-token' })
    expect({ status: personal.status, cache: personal.headers.get('x-cache') }).toEqual({ status: 429, cache: null })
  })
})

describe('cache hits answered before routing, behind an edge cache', () => {
  // EDGE_CACHE on, nothing to purge: public responses carry surrogate keys and the edge's lifetimes.
  const edgeApp = listenAppForTheseTests(ctx, {
    edgeCache: { isOn: true, purgeUrls: [], edgeSeconds: 3600, staleIfErrorSeconds: 86_400, purgeTimeoutMs: 2000, purgeAttempts: 1, purgeRetryBaseMs: 100, purgeAgainAfterMs: 0 },
  })
  const VARYING = new Set(['date', 'x-cache', 'ratelimit', 'ratelimit-policy', 'connection', 'keep-alive'])
  const answerOf = async (response: Response) => ({
    status: response.status,
    headers: Object.fromEntries([...response.headers].filter(([name]) => !VARYING.has(name))),
    body: await response.text(),
  })

  it('serves a hit with the surrogate keys, lifetimes and every other header of the miss, 304 included', async () => {
    const { story } = await publishedStory('Fast path behind the edge')
    const path = `/api/articles/by-slug/${story.slug}`
    // Stored once the publish's own NOTIFY has arrived (see warm).
    await warm(edgeApp.baseUrl, `${path}?edge=warm`)
    const etag = (await get(edgeApp.baseUrl, `${path}?edge=warm`)).headers.get('etag')!
    const requests: Record<string, string>[] = [{}, { 'if-none-match': etag }, { origin: 'https://not-listed.example' }]
    for (const [n, headers] of requests.entries()) {
      const url = `${path}?edge=${n}`
      const miss = await get(edgeApp.baseUrl, url, headers)
      expect({ n, cache: miss.headers.get('x-cache') }).toEqual({ n, cache: 'MISS' })
      const missAnswer = await answerOf(miss)
      expect((missAnswer.headers.xkey ?? '').split(' ')).toContain(`articles:${story.id}`)
      const hit = await get(edgeApp.baseUrl, url, headers)
      expect({ n, cache: hit.headers.get('x-cache') }).toEqual({ n, cache: 'HIT' })
      expect({ n, ...(await answerOf(hit)) }).toEqual({ n, ...missAnswer })
    }
  })
})

describe('response cache invalidation (one process)', () => {
  it('serves an edit to a published story at once, on every read that shows it', async () => {
    const { story } = await publishedStory('Before the edit')
    const paths = [`/api/articles/by-slug/${story.slug}`, `/api/articles/${story.id}`, '/api/articles?limit=100&depth=0', '/api/feeds/feed.json']
    for (const path of paths) await warm(ctx.baseUrl, path)

    await ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'After the edit' }, overrideAccess: true })
    for (const path of paths) {
      const text = await (await get(ctx.baseUrl, path)).text()
      expect({ path, isFresh: text.includes('After the edit') && !text.includes('Before the edit') }).toEqual({ path, isFresh: true })
    }
  })

  it('keeps serving the stored copy while an edit is uncommitted, and the edit from the moment it commits', async () => {
    const { story } = await publishedStory('Before the open edit')
    const paths = [`/api/articles/by-slug/${story.slug}`, '/api/articles?limit=100&depth=0', '/api/feeds/feed.json']
    for (const path of paths) await warm(ctx.baseUrl, path)

    const req = await createLocalReq({}, ctx.payload)
    await initTransaction(req)
    try {
      await ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'After the open edit' }, overrideAccess: true, req })
      // Not committed: the cached copies are still the truth, and readers get them as hits, not as new productions.
      for (const path of paths) {
        const response = await get(ctx.baseUrl, path)
        const text = await response.text()
        expect({ path, cache: response.headers.get('x-cache'), isOld: text.includes('Before the open edit') }).toEqual({ path, cache: 'HIT', isOld: true })
      }
      await commitTransaction(req)
    } finally {
      // A failed expectation must not leave the transaction (and its row locks) open for the tests after it.
      await killTransaction(req)
    }
    // At once, without waiting for the commit's NOTIFY: dropped the moment the commit was acknowledged.
    for (const path of paths) {
      const text = await (await get(ctx.baseUrl, path)).text()
      expect({ path, isFresh: text.includes('After the open edit') && !text.includes('Before the open edit') }).toEqual({ path, isFresh: true })
    }
  })

  it('keeps serving the stored copy after an edit that rolled back', async () => {
    const { story, path, req } = await warmStoryThenOpenTransaction('Edit rolled back')
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'Never committed' }, overrideAccess: true, req })
    expect(ctx.app.locals.contentCache.cache.hasUncommittedWrites).toBe(true)
    await killTransaction(req)
    const response = await get(ctx.baseUrl, path)
    const text = await response.text()
    expect({ cache: response.headers.get('x-cache'), isOld: text.includes('Edit rolled back'), hasRolledBack: !text.includes('Never committed') }).toEqual({ cache: 'HIT', isOld: true, hasRolledBack: true })
    // Nothing is left pending (which would keep every list out of the cache, and reads off a replica, for 30 s).
    expect(ctx.app.locals.contentCache.cache.hasUncommittedWrites).toBe(false)
    await warm(ctx.baseUrl, '/api/articles?limit=100&depth=0&after=rollback')
  })

  it('shows a newly published story in lists and feeds at once', async () => {
    const { story } = await creditedStory(ctx.payload, { title: 'Breaking: just published' })
    for (const path of ['/api/articles?limit=100&depth=0', '/api/feeds/rss.xml', '/sitemap.xml']) await warm(ctx.baseUrl, path)
    expect((await get(ctx.baseUrl, `/api/articles/by-slug/${story.slug}`)).status).toBe(404)

    await publishStory(ctx.payload, story.id)
    expect(await (await get(ctx.baseUrl, '/api/articles?limit=100&depth=0')).text()).toContain('Breaking: just published')
    expect(await (await get(ctx.baseUrl, '/api/feeds/rss.xml')).text()).toContain('Breaking: just published')
    expect(await (await get(ctx.baseUrl, '/sitemap.xml')).text()).toContain(story.slug!)
    expect((await get(ctx.baseUrl, `/api/articles/by-slug/${story.slug}`)).status).toBe(200)
  })

  it('stops serving an unpublished story, and its photos, at once', async () => {
    const { story, hero, heroCredit } = await publishedStory('Soon withdrawn')
    const paths = [`/api/articles/by-slug/${story.slug}`, `/api/articles/${story.id}`, `/api/media/${hero.id}`, `/api/photo-credits/${heroCredit.id}`]
    for (const path of paths) await warm(ctx.baseUrl, path)

    await ctx.payload.update({ collection: 'articles', id: story.id, data: { _status: 'draft' }, overrideAccess: true })
    for (const path of paths) expect({ path, status: (await get(ctx.baseUrl, path)).status }).toEqual({ path, status: 404 })
    expect(await (await get(ctx.baseUrl, '/api/articles?limit=100')).text()).not.toContain('Soon withdrawn')
  })

  it('stops serving a live story moved to the trash at once', async () => {
    const { story } = await publishedStory('Trashed story')
    const paths = [`/api/articles/by-slug/${story.slug}`, `/api/articles/${story.id}`]
    for (const path of paths) await warm(ctx.baseUrl, path)
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { deletedAt: new Date().toISOString() }, overrideAccess: true })
    for (const path of paths) expect({ path, status: (await get(ctx.baseUrl, path)).status }).toEqual({ path, status: 404 })
  })

  it('re-renders credit lines everywhere when a credit, or an agency’s name, changes', async () => {
    const { story, hero, heroCredit, afp } = await publishedStory('Credit corrections')
    const paths = [`/api/articles/by-slug/${story.slug}`, `/api/articles/${story.id}?depth=1`, `/api/media/${hero.id}`, '/api/feeds/feed.json']
    for (const path of paths) await warm(ctx.baseUrl, path)

    await ctx.payload.update({ collection: 'photo-credits', id: heroCredit.id, data: { photographer: 'Corrected Name' }, overrideAccess: true })
    for (const path of paths) {
      const text = await (await get(ctx.baseUrl, path)).text()
      // Other stories in the feed still credit Alexander Nemenov; the single-story reads must not.
      const hasOldLine = !path.includes('feed') && text.includes('Alexander Nemenov')
      expect({ path, isFresh: text.includes('Photo by Corrected Name/') && !hasOldLine }).toEqual({ path, isFresh: true })
    }
    const bySlug = (await getJson(ctx.baseUrl, `/api/articles/by-slug/${story.slug}`)).body!
    expect(uploadValues(bySlug.body.root)[1].creditLine).toMatch(/^Photo by Corrected Name\//)

    for (const path of paths) await warm(ctx.baseUrl, path)
    await ctx.payload.update({ collection: 'organizations', id: afp.id, data: { name: `Agence France-Presse ${afp.id}` }, overrideAccess: true })
    for (const path of paths) {
      expect({ path, isFresh: (await (await get(ctx.baseUrl, path)).text()).includes(`Agence France-Presse ${afp.id}`) }).toEqual({ path, isFresh: true })
    }
  })

  it('shows a closed call to action at once', async () => {
    const { story, petition } = await publishedStory('Petition closes')
    await warm(ctx.baseUrl, `/api/articles/by-slug/${story.slug}`)
    await ctx.payload.update({ collection: 'calls-to-action', id: petition.id, data: { status: 'closed' }, overrideAccess: true })
    const { body } = await getJson(ctx.baseUrl, `/api/articles/by-slug/${story.slug}`)
    expect(body!.callsToAction[0]).toMatchObject({ status: 'closed', isActive: false })
  })

  it('keeps serving from the cache while editors only save drafts of a live story', async () => {
    const { story } = await publishedStory('Draft saves do not invalidate')
    await warm(ctx.baseUrl, `/api/articles/by-slug/${story.slug}`)
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'A draft title' }, draft: true, overrideAccess: true })
    const after = await getJson(ctx.baseUrl, `/api/articles/by-slug/${story.slug}`)
    expect(after).toMatchObject({ status: 200, cache: 'HIT' })
    expect(after.body!.title).toBe('Draft saves do not invalidate')
  })

  it('files the story by slug and the same story through REST under the same documents, so one change drops both', async () => {
    const { story, hero, heroCredit, afp, getty, advocacy, petition } = await publishedStory('Tagged alike')
    const bySlug = `/api/articles/by-slug/${story.slug}`
    const paths = [bySlug, `/api/articles/${story.id}?depth=0`, `/api/articles/${story.id}`]
    for (const path of paths) await warm(ctx.baseUrl, path)
    const documentsOf = (path: string) => [...(ctx.app.locals.contentCache.cache.get(`GET ${path}`)?.tags ?? [])].sort()

    for (const path of paths) expect({ path, documents: documentsOf(path) }).toEqual({ path, documents: documentsOf(bySlug) })
    // Everything the story shows, down to the agencies its credit lines name.
    expect(documentsOf(bySlug)).toEqual(
      expect.arrayContaining([
        `articles:${story.id}`,
        `media:${hero.id}`,
        `photo-credits:${heroCredit.id}`,
        `organizations:${afp.id}`,
        `organizations:${getty.id}`,
        `organizations:${advocacy.id}`,
        `calls-to-action:${petition.id}`,
      ]),
    )
  })
  it('stores again as soon as a transaction that announced the same change twice commits (PostgreSQL folds identical NOTIFYs)', async () => {
    const { story, path: bySlug, req } = await warmStoryThenOpenTransaction('Announced twice in one transaction')
    // Two hooks of one save announcing the same documents: each marks them pending here; one commit confirms both.
    await announceChange(req, { articles: [story.id] })
    await announceChange(req, { articles: [story.id] })
    await commitTransaction(req)
    // The pending marks' own timeout is 30 s: storing again within 5 s means the commit confirmed both.
    const startedAt = Date.now()
    let cacheState: string | null = null
    while (cacheState !== 'HIT' && Date.now() - startedAt < 5_000) {
      cacheState = (await get(ctx.baseUrl, bySlug)).headers.get('x-cache')
      if (cacheState !== 'HIT') await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(cacheState).toBe('HIT')
  })
})

describe('response cache invalidation across two app processes sharing the database', () => {
  const other = secondAppProcessForTheseTests(ctx)

  /**
   * The other process hears of a commit through NOTIFY, asynchronously; once it has (the test waits for exactly
   * that, not for a time), its very first read must be fresh: no entry stored before may survive, and no response
   * produced from the old rows may be stored. A stale read here is a bug, never a reason to read again.
   */
  async function expectFreshOnOtherProcess(path: string, isFresh: (read: { status: number; text: string }) => boolean) {
    await other.hasCaughtUp()
    const response = await get(other.baseUrl, path)
    expect({ path, isFresh: isFresh({ status: response.status, text: await response.text() }) }).toEqual({ path, isFresh: true })
  }

  /** Caches `path` in the other process once it has heard of every commit so far (else a NOTIFY may drop it). */
  async function warmOnOtherProcess(path: string) {
    await other.hasCaughtUp()
    await warm(other.baseUrl, path)
  }

  it('an edit, a publish, an unpublish and a credit change made in one process are served fresh by the other', async () => {
    const { story, heroCredit, hero } = await publishedStory('Two processes: first title')
    const slugPath = `/api/articles/by-slug/${story.slug}`
    await warmOnOtherProcess(slugPath)
    await warmOnOtherProcess('/api/articles?limit=100&depth=0')

    await ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'Two processes: edited' }, overrideAccess: true })
    await expectFreshOnOtherProcess(slugPath, ({ text }) => text.includes('Two processes: edited'))
    await expectFreshOnOtherProcess('/api/articles?limit=100&depth=0', ({ text }) => text.includes('Two processes: edited'))

    await warmOnOtherProcess(slugPath)
    await warmOnOtherProcess(`/api/media/${hero.id}`)
    await ctx.payload.update({ collection: 'photo-credits', id: heroCredit.id, data: { photographer: 'Other Process' }, overrideAccess: true })
    await expectFreshOnOtherProcess(slugPath, ({ text }) => text.includes('Photo by Other Process/'))
    await expectFreshOnOtherProcess(`/api/media/${hero.id}`, ({ text }) => text.includes('Photo by Other Process/'))

    await warmOnOtherProcess(slugPath)
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { _status: 'draft' }, overrideAccess: true })
    await expectFreshOnOtherProcess(slugPath, ({ status }) => status === 404)
    await expectFreshOnOtherProcess(`/api/media/${hero.id}`, ({ status }) => status === 404)

    await warmOnOtherProcess('/api/feeds/feed.json')
    await publishStory(ctx.payload, story.id)
    await expectFreshOnOtherProcess(slugPath, ({ status }) => status === 200)
    await expectFreshOnOtherProcess('/api/feeds/feed.json', ({ text }) => text.includes('Two processes: edited'))
  })
})
