// The bench's publish → fresh measurement (bench/lib/freshness.ts), against a local server whose answer changes
// when the test says: the first fresh answer is found, an old answer after it is counted as a violation, answers
// other than 200 never count as fresh, and the summary takes the slowest address of each publish.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { measurePublishesUntilFresh, now, summariseFreshness, watchAddress, type FreshnessSample } from '../../bench/lib/freshness'

type Answer = { status: number; body: string }

/** A server answering each request with `answer()`, counting the requests. */
async function serverAnswering(answer: () => Answer) {
  let requests = 0
  const server = http.createServer((_request, response) => {
    requests += 1
    const { status, body } = answer()
    response.writeHead(status, { 'content-type': 'text/plain', 'x-edge-cache': 'HIT' })
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('watching one address for the new version', () => {
  it('finds the first answer carrying the marker after the change, counting the stale answers before it', async () => {
    let isChanged = false
    const server = await serverAnswering(() => ({ status: 200, body: isChanged ? 'dek: New dek.' : 'dek: Old dek.' }))
    try {
      const watching = watchAddress({ url: server.url, marker: 'New dek.', pollIntervalMs: 2, timeoutMs: 5000, watchAfterFreshMs: 0 })
      await sleep(100)
      const changedAt = now()
      isChanged = true
      const watch = await watching
      expect(watch.freshAt).not.toBeNull()
      expect(watch.freshAt!).toBeGreaterThanOrEqual(changedAt)
      expect(watch.staleBefore).toBeGreaterThan(3)
      expect(watch.staleAfter).toBe(0)
      // Stopped at the first fresh answer: every poll but that one was stale.
      expect(watch.polls).toBe(watch.staleBefore + 1)
      expect(watch.freshAnswer).toEqual(expect.objectContaining({ edge: 'HIT' }))
      expect(watch.freshAnswer!.sentAt).toBeLessThanOrEqual(watch.freshAt!)
      // The pollers' own delay: the interval and a timer's slack, not the time the change took.
      expect(watch.pollGapMs).not.toBeNull()
      expect(watch.pollGapMs!).toBeGreaterThanOrEqual(1)
      expect(watch.pollGapMs!).toBeLessThan(100)
      expect(watch.statuses).toEqual([200])
    } finally {
      await server.close()
    }
  })

  it('counts every old answer after the first fresh one while it keeps watching', async () => {
    // Fresh, then the old version twice (a stale copy that came back), then fresh for good.
    const sequence = ['Old', 'Old', 'New', 'Old', 'New', 'Old', 'New']
    let answered = 0
    const server = await serverAnswering(() => ({ status: 200, body: `dek: ${sequence[Math.min(answered++, sequence.length - 1)]} dek.` }))
    try {
      const watch = await watchAddress({ url: server.url, marker: 'New dek.', pollIntervalMs: 1, timeoutMs: 5000, watchAfterFreshMs: 150 })
      expect(watch.staleBefore).toBe(2)
      expect(watch.staleAfter).toBe(2)
      // It went on polling for the window after the fresh answer.
      expect(watch.polls).toBeGreaterThan(sequence.length)
      expect(now() - watch.freshAt!).toBeGreaterThanOrEqual(150)
    } finally {
      await server.close()
    }
  })

  it('never takes an answer other than 200 for the new version, and records its status', async () => {
    let answered = 0
    const server = await serverAnswering(() => (answered++ < 3 ? { status: 503, body: 'New dek. (an error page quoting it)' } : { status: 200, body: 'New dek.' }))
    try {
      const watch = await watchAddress({ url: server.url, marker: 'New dek.', pollIntervalMs: 1, timeoutMs: 5000, watchAfterFreshMs: 0 })
      expect(watch.staleBefore).toBe(3)
      expect(watch.statuses).toEqual([503, 200])
    } finally {
      await server.close()
    }
  })

  it('gives up after the time limit with no fresh answer', async () => {
    const server = await serverAnswering(() => ({ status: 200, body: 'Old dek.' }))
    try {
      const started = now()
      const watch = await watchAddress({ url: server.url, marker: 'New dek.', pollIntervalMs: 5, timeoutMs: 200, watchAfterFreshMs: 1000 })
      expect(watch.freshAt).toBeNull()
      expect(watch.freshAnswer).toBeNull()
      expect(now() - started).toBeLessThan(1000)
    } finally {
      await server.close()
    }
  })
})

/** One publish measured, nothing done to save or publish unless given, committed when asked. */
const onePublish = (options: Partial<Parameters<typeof measurePublishesUntilFresh>[0]> & { addresses: Record<string, string> }) =>
  measurePublishesUntilFresh({ publishes: 1, pollIntervalMs: 1, saveDraft: async () => {}, publish: async () => {}, committedAt: async () => now(), ...options })

describe('measuring publishes until fresh', () => {
  it('times each address from the commit the scenario reports, and sums the violations', async () => {
    let live = 'Old dek.'
    let draft = ''
    const server = await serverAnswering(() => ({ status: 200, body: live }))
    let committed = 0
    try {
      const { samples } = await measurePublishesUntilFresh({
        publishes: 3,
        addresses: { story: server.url, list: `${server.url}list` },
        pollIntervalMs: 1,
        watchAfterFreshMs: 20,
        saveDraft: async (marker) => void (draft = marker),
        publish: async () => {
          await sleep(20)
          committed = now()
          // Readers see it 30 ms after the commit.
          setTimeout(() => void (live = draft), 30)
        },
        committedAt: async () => committed,
        afterPublish: (at) => ({ heardMs: at - committed }),
      })
      expect(samples).toHaveLength(3)
      for (const sample of samples) {
        for (const name of ['story', 'list']) {
          expect(sample.byAddress[name]).toBeGreaterThanOrEqual(29)
          expect(sample.byAddress[name]).toBeLessThan(1000)
          expect(sample.freshRequestSentMs[name]).toBeLessThanOrEqual(sample.byAddress[name])
        }
        expect(sample.freshMs).toBe(Math.max(sample.byAddress.story, sample.byAddress.list))
        expect(sample.staleAnswers).toBeGreaterThan(0)
        expect(sample.staleAfterFresh).toEqual({ story: 0, list: 0 })
        expect(sample.extra).toEqual({ heardMs: 0 })
      }
    } finally {
      await server.close()
    }
  })

  it('refuses a run in which an address never served the new version, naming it', async () => {
    const server = await serverAnswering(() => ({ status: 200, body: 'Old dek.' }))
    try {
      await expect(onePublish({ addresses: { rss: server.url }, pollIntervalMs: 5, timeoutMs: 100 })).rejects.toThrow('After publish 1, rss still served the old version 0.1 s later.')
    } finally {
      await server.close()
    }
  })

  it('refuses a run in which a reader got an error, even though the new version came after it', async () => {
    let [live, draft, isBroken] = ['Old dek.', '', false]
    const server = await serverAnswering(() => (isBroken ? { status: 502, body: 'Bad gateway' } : { status: 200, body: live }))
    try {
      await expect(
        onePublish({
          addresses: { story: server.url },
          saveDraft: async (marker) => void (draft = marker),
          // Broken for a moment after the publish (the warming reads before it were answered).
          publish: async () => {
            isBroken = true
            setTimeout(() => void ([live, isBroken] = [draft, false]), 20)
          },
        }),
      ).rejects.toThrow('A reader got status 502, 200 during publish 1.')
    } finally {
      await server.close()
    }
  })
})

describe('the summary of a run', () => {
  const sample = (byAddress: Record<string, number>, staleAfter: Record<string, number> = {}, gaps: Record<string, number | null> = {}): FreshnessSample => ({
    freshMs: Math.max(...Object.values(byAddress)),
    byAddress,
    publishRequestMs: 40,
    answerAfterCommitMs: 2,
    staleAnswers: 1,
    staleAfterFresh: { story: 0, list: 0, ...staleAfter },
    pollGapMs: { story: 2, list: 2, ...gaps },
    freshAnswers: { story: { ms: 5, sentAt: 0, cache: 'MISS', edge: 'MISS' }, list: { ms: 9, sentAt: 0, cache: 'MISS', edge: 'MISS' } },
    freshRequestSentMs: { story: byAddress.story - 5, list: byAddress.list - 9 },
    extra: {},
  })

  it('takes the slowest address of each publish for the overall figures, and each address alone for its own', () => {
    const samples = [sample({ story: 10, list: 90 }), sample({ story: 200, list: 20 }), sample({ story: 30, list: 40 })]
    const summary = summariseFreshness(samples, ['story', 'list'])
    expect({ p50: summary.p50, p99: summary.p99, max: summary.max }).toEqual({ p50: 90, p99: 200, max: 200 })
    expect(summary.byAddressP50).toEqual({ story: 30, list: 40 })
    expect(summary.byAddressP99).toEqual({ story: 200, list: 90 })
    expect(summary.refillP50).toEqual({ story: 5, list: 9 })
    expect(summary.staleAfterFresh).toBe(0)
  })

  it('adds up the violations of every address and publish, and leaves out addresses fresh at the first poll from the resolution', () => {
    const samples = [sample({ story: 10, list: 10 }, { list: 2 }, { story: null }), sample({ story: 10, list: 10 }, { story: 1 }, { story: 8, list: 4 })]
    const summary = summariseFreshness(samples, ['story', 'list'])
    expect(summary.staleAfterFresh).toBe(3)
    expect({ p50: summary.pollGapP50, p99: summary.pollGapP99 }).toEqual({ p50: 4, p99: 8 })
  })
})
