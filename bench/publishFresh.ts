// Publish → fresh (issue 20): how long after a publish's commit anonymous readers still get the old version.
// One production server with its response cache on; an editor publishes a correction of a live story (a new dek)
// through the real endpoints while four anonymous readers poll the story by slug, the front page's list and both
// feeds. For each publish: the commit's own timestamp (track_commit_timestamp) and, per address, when the first
// response carrying the new dek arrived; freshness is the latest of the four minus the commit. Polling starts before
// the publish request is sent, so a stale answer served after the commit is counted.
import pg from 'pg'

import type { Scenario, ScenarioContext } from './lib/scenarios'
import { freshStoryFolders, signInAsEditor } from './lib/smallNewsroom'
import { percentile } from './lib/statistics'

const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

/** Polls `url` until its body contains `marker`; the time the first such response arrived, or null after `timeoutMs`. */
type Seen = { stale: number; statuses: Set<number>; freshAnswers: Record<string, { ms: number; cache: string | null }> }

async function firstFresh(name: string, url: string, marker: string, timeoutMs: number, seen: Seen): Promise<number | null> {
  const deadline = now() + timeoutMs
  while (now() < deadline) {
    const sent = now()
    const response = await fetch(url)
    const text = await response.text()
    const arrived = now()
    seen.statuses.add(response.status)
    if (text.includes(marker)) {
      // How long the answer that brought the new version took, and whether it was made for it (MISS) or a hit.
      seen.freshAnswers[name] = { ms: Math.round((arrived - sent) * 10) / 10, cache: response.headers.get('x-cache') }
      return arrived
    }
    seen.stale += 1
    await sleep(1)
  }
  return null
}

export const publishFresh: Scenario = {
  name: 'publish-fresh',
  isInQuickRun: false,
  run: async ({ pg: postgres, isQuick, work, log, startServer, runScript }: ScenarioContext) => {
    const publishes = isQuick ? 15 : 100
    const databaseUrl = await postgres.createDatabase('bench_fresh')
    const folders = freshStoryFolders(work)
    await runScript('bench/setup.ts', [`${work}/setup-fresh.json`, folders.stories, folders.probes, folders.gate], databaseUrl, { BENCH_WORKFLOW_SAMPLE: '2' })
    await postgres.query(databaseUrl, 'vacuum analyze')
    // API only: the editor and the readers use only the API (REST, the by-slug route, the feeds), never Next's pages.
    const server = await startServer(databaseUrl, { REQUIRE_SECOND_FACTOR: 'false', SERVE_ADMIN: 'false' }, 'publish-fresh')
    // The bench's own listener: when the change notification reaches a process (the server hears it at the same time).
    const listener = new pg.Client({ connectionString: databaseUrl })
    await listener.connect()
    await listener.query('listen content_changes')
    let lastNotificationAt = 0
    listener.on('notification', () => void (lastNotificationAt = now()))
    try {
      const staff = { ...(await signInAsEditor(server)), 'content-type': 'application/json' }

      // The newest story of the JSON feed: it is in both feeds and (once corrected, newest updated) first in the list.
      const feed = (await (await fetch(`${server.url}/api/feeds/feed.json`)).json()) as { items: { id: string | number; url: string }[] }
      const newestSlug = decodeURIComponent(feed.items[0].url.split('/').pop()!)
      const [story] = await postgres.query<{ id: number; slug: string }>(databaseUrl, 'select id, slug from articles where slug = $1', [newestSlug])
      if (!story) throw new Error(`The feed's newest story (${feed.items[0].url}) is not in the database.`)
      const addresses = {
        story: `${server.url}/api/articles/by-slug/${encodeURIComponent(story.slug)}`,
        list: `${server.url}/api/articles/summaries?limit=25&sort=-updatedAt&depth=0`,
        rss: `${server.url}/api/feeds/rss.xml`,
        jsonFeed: `${server.url}/api/feeds/feed.json`,
      }
      const samples: { freshMs: number; byAddress: Record<string, number>; notifyMs: number; publishRequestMs: number; staleAnswers: number; freshAnswers: Seen['freshAnswers'] }[] = []
      const runId = Date.now().toString(36)
      for (let n = 0; n < publishes; n++) {
        const marker = `Fresh dek ${runId}-${n}.`
        const save = await fetch(`${server.url}/api/articles/${story.id}?draft=true`, { method: 'PATCH', headers: staff, body: JSON.stringify({ dek: marker }) })
        if (save.status !== 200) throw new Error(`Saving the draft answered ${save.status}: ${(await save.text()).slice(0, 400)}`)
        // Every cache holds the old version before the publish.
        for (let warm = 0; warm < 2; warm++) for (const url of Object.values(addresses)) await (await fetch(url)).arrayBuffer()
        const seen: Seen = { stale: 0, statuses: new Set<number>(), freshAnswers: {} }
        const polls = Object.entries(addresses).map(async ([name, url]) => [name, await firstFresh(name, url, marker, 10_000, seen)] as const)
        const sentAt = now()
        const published = await fetch(`${server.url}/api/articles/${story.id}/publish-correction`, { method: 'POST', headers: staff, body: JSON.stringify({ note: 'Benchmark correction.' }) })
        const answeredAt = now()
        if (published.status !== 200) throw new Error(`Publishing the correction answered ${published.status}: ${(await published.text()).slice(0, 400)}`)
        const fresh = await Promise.all(polls)
        const [{ committed }] = await postgres.query<{ committed: number }>(
          databaseUrl,
          'select extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000 as committed from articles where id = $1',
          [story.id],
        )
        const missing = fresh.filter(([, at]) => at === null).map(([name]) => name)
        if (missing.length) throw new Error(`After publish ${n + 1}, ${missing.join(', ')} still served the old version 10 s later.`)
        if ([...seen.statuses].some((status) => status !== 200)) throw new Error(`A reader got status ${[...seen.statuses].join(', ')} during publish ${n + 1}.`)
        const byAddress = Object.fromEntries(fresh.map(([name, at]) => [name, round(Math.max(0, at! - committed), 2)]))
        samples.push({
          freshMs: Math.max(...Object.values(byAddress)),
          byAddress,
          notifyMs: round(lastNotificationAt - committed, 2),
          publishRequestMs: round(answeredAt - sentAt, 1),
          staleAnswers: seen.stale,
          freshAnswers: seen.freshAnswers,
        })
      }
      const fresh = samples.map((sample) => sample.freshMs)
      const per = (name: string) => samples.map((sample) => sample.byAddress[name])
      const results = {
        publishes,
        storyId: story.id,
        p50: round(percentile(fresh, 50), 1),
        p99: round(percentile(fresh, 99), 1),
        max: round(Math.max(...fresh), 1),
        byAddressP50: Object.fromEntries(Object.keys(addresses).map((name) => [name, round(percentile(per(name), 50), 1)])),
        byAddressP99: Object.fromEntries(Object.keys(addresses).map((name) => [name, round(percentile(per(name), 99), 1)])),
        notifyDeliveryP50: round(percentile(samples.map((sample) => sample.notifyMs), 50), 2),
        notifyDeliveryP99: round(percentile(samples.map((sample) => sample.notifyMs), 99), 2),
        publishRequestP50: round(percentile(samples.map((sample) => sample.publishRequestMs), 50), 1),
        // The answer that first carried the new version: how long it took to make (the refill), per address.
        refillP50: Object.fromEntries(Object.keys(addresses).map((name) => [name, round(percentile(samples.map((sample) => sample.freshAnswers[name]?.ms ?? 0), 50), 1)])),
        samples,
      }
      log(`publish → fresh: p50 ${results.p50} ms, p99 ${results.p99} ms (by address p99 ${JSON.stringify(results.byAddressP99)}; NOTIFY p99 ${results.notifyDeliveryP99} ms)`)
      return {
        results,
        targets: [
          {
            scenario: `publish → fresh, one process (${publishes} corrections of a live story; story by slug, list of 25, RSS, JSON feed; cache on)`,
            baseline: `the publish's commit (commit timestamp); the publish request itself ${results.publishRequestP50} ms`,
            measured: `p50 ${results.p50} ms, p99 ${results.p99} ms (slowest address per publish; NOTIFY reaches a listener in p99 ${results.notifyDeliveryP99} ms)`,
            target: 'p99 ≤ 50 ms',
            isPassed: results.p99 <= 50,
          },
        ],
      }
    } finally {
      await listener.end().catch(() => {})
      await server.stop()
    }
  },
}
