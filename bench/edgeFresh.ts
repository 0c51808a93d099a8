// Publish → fresh at the edge (issues 19 and 20): the whole scale-out topology started as `npm run cluster` starts it
// (src/cluster/startCluster.ts: PostgreSQL primary + streaming replica, s3rver, two app processes, the job worker,
// HAProxy, Varnish with xkey), corrections of a live story published through app process A directly, and anonymous
// readers polling the story by slug, the front page's list and both feeds through Varnish. Measured as the
// one-process scenario measures (bench/lib/freshness.ts): from the publish's commit timestamp until each address at
// the edge answers with the new version; then the addresses are watched past the repeat purge
// (EDGE_PURGE_AGAIN_MS) and any answer with the old version after a fresh one is counted as a violation.
import os from 'node:os'
import pg from 'pg'

import { type Cluster, startCluster } from '../src/cluster/startCluster'
import { edgeCacheSettingsFrom } from '../src/env'
import { STORY_BY_SLUG_STATEMENT } from '../src/publicApi/loadPublishedStory'
import { commitTimeOfStory, correctionsThrough, newestStoryOfTheFeed, readerAddresses, signedInEditor } from './lib/corrections'
import { measurePublishesUntilFresh, now, percentile, round, summariseFreshness } from './lib/freshness'
import type { BenchPostgres } from './lib/postgres'
import type { Scenario, ScenarioContext } from './lib/scenarios'
import { freshStoryFolders } from './lib/smallNewsroom'

/** Between an answer and a poller's next request at the same address: the resolution the pollers add, at most. */
const POLL_INTERVAL_MS = 2
const TARGET_P99_MS = 250
const STALL_MS = 50
/** Longer than node-postgres's idle timeout (10 s), after which it closes an idle connection unless kept. */
const QUIET_SPELL_MS = 11_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const median = (values: number[]) => round(percentile(values, 50), 1)

/**
 * The story statement's planning and execution on a new connection, executed `times` times as a named statement is
 * (PostgreSQL plans each of the first five executions for their own values; a generic plan only after).
 */
async function storyStatementTimings(databaseUrl: string, slug: string, times = 7): Promise<{ planningMs: number[]; executionMs: number[] }> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(`prepare story_by_slug as ${STORY_BY_SLUG_STATEMENT}`)
    const timings = { planningMs: [] as number[], executionMs: [] as number[] }
    for (let n = 0; n < times; n++) {
      const { rows } = await client.query<{ 'QUERY PLAN': { 'Planning Time': number; 'Execution Time': number }[] }>(
        `explain (analyze, summary, format json) execute story_by_slug(${pg.escapeLiteral(slug)}, ${pg.escapeLiteral(new Date().toISOString())})`,
      )
      timings.planningMs.push(round(rows[0]['QUERY PLAN'][0]['Planning Time'], 2))
      timings.executionMs.push(round(rows[0]['QUERY PLAN'][0]['Execution Time'], 2))
    }
    return timings
  } finally {
    await client.end()
  }
}

/**
 * Where a publish's time goes, apart from the measured run (so these reads add no load to it): a few more corrections,
 * each followed, once its NOTIFY was heard, by the four addresses read one at a time at each app process directly (a
 * refill with no other refill beside it), the replica's replay lag as the primary reports it, and the story
 * statement's planning and execution times.
 */
async function whereTheTimeGoes({
  cluster,
  addresses,
  corrections,
  heard,
  slug,
  purgeAgainAfterMs,
  query,
}: {
  query: BenchPostgres['query']
  cluster: Cluster
  addresses: Record<string, string>
  corrections: { saveDraft: (marker: string) => Promise<void>; publish: () => Promise<void> }
  heard: unknown[]
  slug: string
  purgeAgainAfterMs: number
}) {
  const replayLagMs: number[] = []
  /** One correction, then once its NOTIFY was heard, each address read at each app process in turn. */
  const correctAndReadAlone = async (into: Record<string, number[]>, marker: string) => {
    await corrections.saveDraft(marker)
    await sleep(purgeAgainAfterMs + 200)
    heard.length = 0
    await corrections.publish()
    while (!heard.length) await sleep(1)
    const [replication] = await query<{ ms: number | null }>(cluster.primaryUrl, 'select extract(epoch from replay_lag) * 1000 as ms from pg_stat_replication')
    if (replication?.ms != null) replayLagMs.push(round(Number(replication.ms), 2))
    for (const [index, app] of cluster.apps.entries()) {
      for (const [name, url] of Object.entries(addresses)) {
        const started = now()
        const response = await fetch(url.replace(cluster.edge.url, app.url))
        await response.arrayBuffer()
        ;(into[`${name} at app ${index === 0 ? 'A' : 'B'} (${response.headers.get('x-cache')})`] ??= []).push(round(now() - started, 1))
      }
    }
  }
  const alone: Record<string, number[]> = {}
  for (let n = 0; n < 3; n++) await correctAndReadAlone(alone, `Diagnosed dek ${Date.now()}-${n}.`)
  // After a quiet spell longer than node-postgres's idle timeout (10 s): the refills of a publish on a site whose
  // readers the edge serves alone, as most publishes are.
  const afterQuiet: Record<string, number[]> = {}
  for (let n = 0; n < 2; n++) {
    await sleep(QUIET_SPELL_MS)
    await correctAndReadAlone(afterQuiet, `Dek after a quiet spell ${Date.now()}-${n}.`)
  }
  const medians = (timings: Record<string, number[]>) => Object.fromEntries(Object.entries(timings).map(([key, values]) => [key, median(values)]))
  return { refillAloneMs: medians(alone), refillAloneAfterQuietMs: medians(afterQuiet), replayLagMs, storyStatement: await storyStatementTimings(cluster.primaryUrl, slug) }
}

export const edgeFresh: Scenario = {
  name: 'edge-fresh',
  isApiOnly: true,
  run: async ({ pg: postgres, isQuick, work, log, runScript }: ScenarioContext) => {
    const publishes = isQuick ? 8 : 40
    const loadAtStart = os.loadavg().map((value) => round(value, 2))
    // The app processes as `npm run cluster` runs them, but for one client address sending every request of the run
    // (API_RATE_LIMIT) and an editor without a second factor (REQUIRE_SECOND_FACTOR), as the bench's other servers.
    // BENCH_TRACE_GC=1: the app processes print each garbage collection of 50 ms or more (a PerformanceObserver loaded
    // with --import, as NODE_OPTIONS refuses --trace-gc; written without spaces, which NODE_OPTIONS splits on).
    const isTracingGc = process.env.BENCH_TRACE_GC === '1'
    const gcObserver =
      "--import=data:text/javascript,import{PerformanceObserver}from'node:perf_hooks';Reflect.construct(PerformanceObserver,[(list)=>{for(const/**/entry/**/of/**/list.getEntries())if(entry.duration>=50)console.log('long-gc',entry.duration.toFixed(1))}]).observe({entryTypes:['gc']})"
    const appSettings: Record<string, string> = { API_RATE_LIMIT: '1000000000', REQUIRE_SECOND_FACTOR: 'false', ...(isTracingGc ? { NODE_OPTIONS: gcObserver } : {}) }
    const { purgeAgainAfterMs } = edgeCacheSettingsFrom({ ...process.env, EDGE_PURGE_URLS: 'http://127.0.0.1/', ...appSettings })
    log('edge-fresh: starting the cluster (primary + replica, s3rver, 2 app processes, worker, HAProxy, Varnish) …')
    const cluster = await startCluster({ appSettings, postgresSettings: { track_commit_timestamp: 'on' }, log: (message) => log(`cluster: ${message}`) })
    const listener = new pg.Client({ connectionString: cluster.primaryUrl })
    try {
      const [appA] = cluster.apps
      const folders = freshStoryFolders(work)
      log('edge-fresh: the small newsroom set up on the primary, its photos in the bucket …')
      await runScript('bench/setup.ts', [`${work}/setup-edge-fresh.json`, folders.stories, folders.probes, folders.gate], cluster.primaryUrl, { ...cluster.scriptEnvironment, BENCH_WORKFLOW_SAMPLE: '2' })
      await postgres.query(cluster.primaryUrl, 'vacuum analyze')
      // When the change's NOTIFY reaches a process on the primary (the app processes hear it at the same time).
      await listener.connect()
      await listener.query('listen content_changes')
      // Every change heard, with how many keys it named: a publish announced in more than one message, or work after
      // it (the worker's jobs) announcing more, purges the edge more than once.
      const heard: { at: number; keys: number }[] = []
      listener.on('notification', (message) => void heard.push({ at: now(), keys: (JSON.parse(message.payload ?? '{}') as { keys?: unknown[] }).keys?.length ?? 0 }))

      const staff = await signedInEditor(appA.url)
      const story = await newestStoryOfTheFeed(cluster.edge.url, postgres, cluster.primaryUrl)
      const addresses = readerAddresses(cluster.edge.url, story.slug)
      const corrections = correctionsThrough(appA.url, staff, story.id)
      const cpuBefore = process.cpuUsage()
      const { samples, pollerCpuShareOfOneCore } = await measurePublishesUntilFresh({
        publishes,
        addresses,
        pollIntervalMs: POLL_INTERVAL_MS,
        // Past the repeat purge of the publish: a stale copy that reached the edge after the first purge is seen.
        watchAfterFreshMs: purgeAgainAfterMs + 500,
        saveDraft: async (marker) => {
          await corrections.saveDraft(marker)
          // The draft save's own purges (and their repeat) are over before the publish, so none of them is counted
          // as the publish's.
          await sleep(purgeAgainAfterMs + 200)
        },
        publish: corrections.publish,
        committedAt: () => commitTimeOfStory(postgres, cluster.primaryUrl, story.id),
        afterPublish: (committed) => {
          // This publish's window: from its commit to the end of the watch (the next draft is saved after).
          const ofThisPublish = heard.filter((change) => change.at >= committed - 50)
          heard.length = 0
          return {
            notifyMs: ofThisPublish.length ? round(ofThisPublish[0].at - committed, 2) : -1,
            notifications: ofThisPublish.length,
            lastNotificationMs: ofThisPublish.length ? round(ofThisPublish[ofThisPublish.length - 1].at - committed, 1) : -1,
            keysAnnounced: ofThisPublish.reduce((sum, change) => sum + change.keys, 0),
          }
        },
        log,
      })
      log('edge-fresh: where the time goes (3 more corrections, read one address at a time at each app process) …')
      const diagnosis = await whereTheTimeGoes({ cluster, addresses, corrections, heard, slug: story.slug, purgeAgainAfterMs, query: postgres.query })
      const notify = samples.map((sample) => sample.extra.notifyMs)
      // A publish during which the machine itself stalled: the bench's own listener heard the NOTIFY, or a poller sent
      // its next request, 50 ms or more late; neither depends on Varnish, HAProxy or the app processes.
      const isStalled = (sample: (typeof samples)[number]) =>
        sample.extra.notifyMs >= STALL_MS || Object.values(sample.pollGapMs).some((gap) => gap !== null && gap >= STALL_MS)
      const overTarget = samples.filter((sample) => sample.freshMs > TARGET_P99_MS).length
      const overTargetWhileStalled = samples.filter((sample) => sample.freshMs > TARGET_P99_MS && isStalled(sample)).length
      const notifications = samples.map((sample) => sample.extra.notifications)
      const purgeWarnings = cluster.apps.map((app) => (app.process.output().match(/could not be purged/g) ?? []).length)
      const longGcPausesMs = isTracingGc ? cluster.apps.map((app) => [...app.process.output().matchAll(/^long-gc ([\d.]+)$/gm)].map((match) => Number(match[1]))) : null
      const results = {
        ...summariseFreshness(samples, Object.keys(addresses)),
        storyId: story.id,
        writer: 'app process A directly; readers through Varnish → HAProxy → A or B',
        pollIntervalMs: POLL_INTERVAL_MS,
        pollerCpuShareOfOneCore,
        // The bench process over the measured publishes and the diagnosis after them.
        benchCpuSeconds: round(Object.values(process.cpuUsage(cpuBefore)).reduce((sum, micros) => sum + micros, 0) / 1e6, 1),
        watchAfterFreshMs: purgeAgainAfterMs + 500,
        notifyDeliveryP50: round(percentile(notify, 50), 2),
        notifyDeliveryP99: round(percentile(notify, 99), 2),
        notificationsPerPublish: { min: Math.min(...notifications), max: Math.max(...notifications) },
        purgeWarnings,
        longGcPausesMs,
        p95: round(percentile(samples.map((sample) => sample.freshMs), 95), 1),
        overTarget,
        overTargetWhileStalled,
        loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((value) => round(value, 2)) },
        diagnosis,
        samples,
      }
      log(
        `edge-fresh: p50 ${results.p50} ms, p99 ${results.p99} ms (by address p99 ${JSON.stringify(results.byAddressP99)}; ` +
          `fresh request sent p99 ${JSON.stringify(results.freshRequestSentP99)}; refill p99 ${JSON.stringify(results.refillP99)}; NOTIFY p99 ${results.notifyDeliveryP99} ms; ` +
          `stale after fresh ${results.staleAfterFresh}; pollers' gap p99 ${results.pollGapP99} ms, ${Math.round(pollerCpuShareOfOneCore * 100)}% of a core)`,
      )
      log(`edge-fresh: where the time goes: ${JSON.stringify(diagnosis)}`)
      const byAddress = Object.keys(addresses).map((name) => `${name} ${results.byAddressP50[name]}/${results.byAddressP99[name]}`).join(', ')
      return {
        results,
        targets: [
          {
            scenario: `publish → fresh at the edge, the cluster of npm run cluster (${publishes} corrections of a live story published through app process A; story by slug, list of 25, RSS, JSON feed read through Varnish)`,
            baseline: `the publish's commit (commit timestamp); the publish request itself ${results.publishRequestP50} ms`,
            measured:
              `p50 ${results.p50} ms, p95 ${results.p95} ms, p99 ${results.p99} ms (slowest address per publish); by address p50/p99 ${byAddress} ms; ` +
              `${overTarget} of ${publishes} over ${TARGET_P99_MS} ms (${overTargetWhileStalled} while the machine stalled: NOTIFY or a poller ≥ ${STALL_MS} ms late; load average ${loadAtStart.join(' / ')} at start); ` +
              `old version after a fresh answer: ${results.staleAfterFresh} (watched ${results.watchAfterFreshMs} ms after it); ` +
              `pollers every ${POLL_INTERVAL_MS} ms after an answer (gap p99 ${results.pollGapP99} ms: the resolution), ${Math.round(pollerCpuShareOfOneCore * 100)}% of a core`,
            target: `p99 ≤ ${TARGET_P99_MS} ms, never stale after`,
            isPassed: results.p99 <= TARGET_P99_MS && results.staleAfterFresh === 0,
          },
        ],
      }
    } finally {
      await listener.end().catch(() => {})
      await cluster.stop()
    }
  },
}
