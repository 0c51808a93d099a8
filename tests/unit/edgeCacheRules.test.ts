import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { keysInvalidatedBy } from '../../src/cache/documentKeys'
import { edgeHeaders, keysForEdge, MAX_KEY_HEADER_CHARS, purgeBatches, purgeRetryDelayMs } from '../../src/edgeCache/edgeRules'
import { createEdgePurger } from '../../src/edgeCache/edgePurger'
import { edgeCacheSettingsFrom, invalidSettings } from '../../src/env'

const settings = { edgeSeconds: 3600, staleIfErrorSeconds: 86_400 }
const now = Date.UTC(2026, 0, 1)

describe('the keys a response carries to the edge', () => {
  it('are its document keys, once each, in every header the edges read', () => {
    const headers = edgeHeaders({ tags: ['articles:1', 'media:5', 'media:5', 'photo-credits:2'], isKeepable: true, settings, now })
    expect(headers).toEqual({
      'Cache-Control': 'public, no-cache',
      'Surrogate-Control': 'max-age=3600, stale-if-error=86400',
      'CDN-Cache-Control': 'max-age=3600, stale-if-error=86400',
      xkey: 'articles:1 media:5 photo-credits:2',
      'Surrogate-Key': 'articles:1 media:5 photo-credits:2',
      'Cache-Tag': 'articles:1,media:5,photo-credits:2',
    })
  })

  it('fold the biggest collection into its list key when they would not fit a header, and every change that purged a folded key still purges it', () => {
    const tags = ['articles:*', ...Array.from({ length: 2000 }, (_, index) => `media:${index}`), 'photo-credits:1', 'articles:7']
    const keys = keysForEdge(tags)
    expect(keys.join(' ').length).toBeLessThanOrEqual(MAX_KEY_HEADER_CHARS)
    expect(keys).toEqual(expect.arrayContaining(['media:*', 'photo-credits:1', 'articles:7', 'articles:*']))
    expect(keys.filter((key) => key.startsWith('media:') && key !== 'media:*')).toEqual([])
    for (const changed of ['media:1999', 'photo-credits:1', 'articles:7']) {
      expect({ changed, isPurged: keysInvalidatedBy([changed]).some((key) => keys.includes(key)) }).toEqual({ changed, isPurged: true })
    }
  })

  it('fold every collection when one alone is not enough, and stay within the limit', () => {
    const tags = ['media', 'articles', 'organizations'].flatMap((collection) => Array.from({ length: 400 }, (_, index) => `${collection}:${index}`))
    expect(keysForEdge(tags, 100).sort()).toEqual(['articles:*', 'media:*', 'organizations:*'])
  })
})

describe('how long the edge may keep a response', () => {
  it('is never past the end of a photo licence in it, and without stale serving across that end', () => {
    const endsIn = (seconds: number) => now + seconds * 1000
    expect(edgeHeaders({ tags: ['media:1'], expiresAt: endsIn(600), isKeepable: true, settings, now })['Surrogate-Control']).toBe('max-age=600, stale-if-error=0')
    expect(edgeHeaders({ tags: ['media:1'], expiresAt: endsIn(5000), isKeepable: true, settings, now })['Surrogate-Control']).toBe('max-age=3600, stale-if-error=1400')
  })

  it('is not at all for a response whose licence already ended, one the app did not keep itself, or with EDGE_CACHE_SECONDS=0', () => {
    const refused = { 'Cache-Control': 'public, no-cache', 'Surrogate-Control': 'no-store', 'CDN-Cache-Control': 'no-store' }
    expect(edgeHeaders({ tags: ['media:1'], expiresAt: now - 1, isKeepable: true, settings, now })).toEqual(refused)
    expect(edgeHeaders({ tags: ['media:1'], expiresAt: now + 500, isKeepable: true, settings, now })).toEqual(refused)
    expect(edgeHeaders({ tags: ['media:1'], isKeepable: false, settings, now })).toEqual(refused)
    expect(edgeHeaders({ tags: ['media:1'], isKeepable: true, settings: { ...settings, edgeSeconds: 0 }, now })).toEqual(refused)
  })
})

describe('purges', () => {
  it('split a change’s keys into xkey headers within the limit, each key once', () => {
    const keys = Array.from({ length: 50 }, (_, index) => `articles:${index}`)
    const batches = purgeBatches([...keys, 'articles:3'], 60)
    expect(batches.every((batch) => batch.length <= 60)).toBe(true)
    expect(batches.join(' ').split(' ')).toEqual(keys)
    expect(purgeBatches([])).toEqual([])
  })

  it('are retried after a doubling wait', () => {
    expect([2, 3, 4].map((attempt) => purgeRetryDelayMs(attempt, 500))).toEqual([500, 1000, 2000])
  })

  it('are not sent, and cost nothing, where no edge is configured', async () => {
    const purger = createEdgePurger({ settings: { ...edgeCacheSettingsFrom({ EDGE_CACHE: 'on' }) }, log: { warn: () => {} } })
    await purger.purge(['articles:1'])
    expect(purger.inFlight).toBe(0)
  })
})

describe('the purger', () => {
  type Seen = { method?: string; xkey?: string; at: number }
  const edgeAnswering = async (statuses: number[]) => {
    const seen: Seen[] = []
    const server = http.createServer((req, res) => {
      seen.push({ method: req.method, xkey: req.headers.xkey as string | undefined, at: Date.now() })
      res.statusCode = statuses[Math.min(seen.length - 1, statuses.length - 1)]
      res.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return { seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(resolve)) }
  }
  const purgerFor = (url: string, overrides: Record<string, number> = {}) => {
    const warnings: string[] = []
    const settings = { ...edgeCacheSettingsFrom({ EDGE_PURGE_URLS: url }), purgeRetryBaseMs: 10, purgeAgainAfterMs: 0, purgeSoonAfterMs: 0, ...overrides }
    return { warnings, purger: createEdgePurger({ settings, log: { warn: (message) => warnings.push(message) } }) }
  }

  it('sends PURGE with the keys in an xkey header, retries a failure a bounded number of times, then warns once', async () => {
    const edge = await edgeAnswering([503, 503, 503, 503])
    try {
      const { purger, warnings } = purgerFor(edge.url)
      await purger.purge(['articles:1', 'media:2'])
      expect(edge.seen.map(({ method, xkey }) => ({ method, xkey }))).toEqual(Array(3).fill({ method: 'PURGE', xkey: 'articles:1 media:2' }))
      expect(warnings).toEqual([expect.stringMatching(/^The edge cache at http:\/\/127\.0\.0\.1:\d+\/ could not be purged of 2 key\(s\) \(it answered 503\)/)])
    } finally {
      await edge.close()
    }
  })

  it('does not retry a refusal (the ACL), and stops retrying once the edge answers', async () => {
    const refusing = await edgeAnswering([403])
    const recovering = await edgeAnswering([503, 200])
    try {
      const refused = purgerFor(refusing.url)
      await refused.purger.purge(['articles:1'])
      expect(refusing.seen).toHaveLength(1)
      expect(refused.warnings[0]).toContain('(it answered 403)')
      const recovered = purgerFor(recovering.url)
      await recovered.purger.purge(['articles:1'])
      expect(recovering.seen).toHaveLength(2)
      expect(recovered.warnings).toEqual([])
    } finally {
      await refusing.close()
      await recovering.close()
    }
  })

  it('sends each purge once more after EDGE_PURGE_AGAIN_MS', async () => {
    const edge = await edgeAnswering([200])
    try {
      const { purger } = purgerFor(edge.url, { purgeAgainAfterMs: 150 })
      const started = Date.now()
      await purger.purge(['articles:9'])
      expect(edge.seen).toHaveLength(1)
      while (edge.seen.length < 2 && Date.now() - started < 3000) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(edge.seen.map(({ xkey }) => xkey)).toEqual(['articles:9', 'articles:9'])
      expect(edge.seen[1].at - started).toBeGreaterThanOrEqual(140)
    } finally {
      await edge.close()
    }
  })
})

describe('the early repeat of a purge', () => {
  it('sends each purge again soon after the first (EDGE_PURGE_SOON_MS), then once more after EDGE_PURGE_AGAIN_MS', async () => {
    // A copy an app process answered from memory just before it heard the change can reach the edge after every
    // first purge: the early repeat leaves it stale for about EDGE_PURGE_SOON_MS, not for EDGE_PURGE_AGAIN_MS.
    const seen: number[] = []
    const server = http.createServer((req, res) => {
      seen.push(Date.now())
      req.resume()
      res.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    try {
      const settings = { ...edgeCacheSettingsFrom({ EDGE_PURGE_URLS: url }), purgeSoonAfterMs: 100, purgeAgainAfterMs: 600 }
      const purger = createEdgePurger({ settings, log: { warn: () => {} } })
      const started = Date.now()
      await purger.purge(['articles:9'])
      while (seen.length < 3 && Date.now() - started < 3000) await new Promise((resolve) => setTimeout(resolve, 10))
      const after = seen.map((at) => at - started)
      expect(after).toHaveLength(3)
      expect(after[1]).toBeGreaterThanOrEqual(90)
      expect(after[1]).toBeLessThan(450)
      expect(after[2]).toBeGreaterThanOrEqual(590)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('is 100 ms by default, and off at 0', () => {
    expect(edgeCacheSettingsFrom({ EDGE_PURGE_URLS: 'http://10.0.0.5:6081/' }).purgeSoonAfterMs).toBe(100)
    expect(edgeCacheSettingsFrom({ EDGE_PURGE_URLS: 'http://10.0.0.5:6081/', EDGE_PURGE_SOON_MS: '0' }).purgeSoonAfterMs).toBe(0)
  })
})

describe('the edge cache settings', () => {
  it('are off by default, and on with purging when purge URLs are listed', () => {
    expect(edgeCacheSettingsFrom({})).toMatchObject({ isOn: false, purgeUrls: [] })
    expect(edgeCacheSettingsFrom({ EDGE_PURGE_URLS: ' http://10.0.0.5:6081/ , http://10.0.0.6:6081/,' })).toMatchObject({
      isOn: true,
      purgeUrls: ['http://10.0.0.5:6081/', 'http://10.0.0.6:6081/'],
      edgeSeconds: 3600,
      purgeTimeoutMs: 2000,
      purgeAttempts: 3,
    })
    expect(edgeCacheSettingsFrom({ EDGE_CACHE: 'on' })).toMatchObject({ isOn: true, purgeUrls: [] })
    expect(edgeCacheSettingsFrom({ EDGE_CACHE: 'off', EDGE_PURGE_URLS: 'http://10.0.0.5:6081/' })).toMatchObject({ isOn: false, purgeUrls: [] })
  })

  it('name a purge URL or EDGE_CACHE value that cannot be used, so the server refuses to start', () => {
    expect(invalidSettings({ EDGE_PURGE_URLS: 'varnish:6081,ftp://x/', EDGE_CACHE: 'yes' })).toEqual([
      'EDGE_PURGE_URLS lists "varnish:6081", which is not an http(s) URL: list the Varnish addresses, e.g. EDGE_PURGE_URLS=http://10.0.0.5:6081/,http://10.0.0.6:6081/.',
      'EDGE_PURGE_URLS lists "ftp://x/", which is not an http(s) URL: list the Varnish addresses, e.g. EDGE_PURGE_URLS=http://10.0.0.5:6081/,http://10.0.0.6:6081/.',
      'EDGE_CACHE is "yes": set EDGE_CACHE=on or EDGE_CACHE=off, or remove it (on when EDGE_PURGE_URLS is set).',
    ])
    expect(invalidSettings({ EDGE_CACHE_SECONDS: 'an hour' })).toEqual([
      'EDGE_CACHE_SECONDS is "an hour", which is not a number: set a number (e.g. EDGE_CACHE_SECONDS=3600) or remove it to use 3600.',
    ])
  })
})
