// How long after a publish's commit anonymous readers get the new version, shared by the one-process scenario
// (bench/publishFresh.ts) and the cluster's edge (bench/edgeFresh.ts). For each publish: every address is polled
// from before the publish request is sent (so a stale answer served after the commit is counted), one request in
// flight per address and `pollIntervalMs` between an answer and the next request; freshness at an address is when
// the first answer carrying the new version arrived, minus the commit's own timestamp (track_commit_timestamp).
// Polling can go on for `watchAfterFreshMs` after that answer: any later answer without the new version is a
// violation of "never stale after", counted.

import { percentile } from './statistics'

export { percentile }
export const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

export type AddressWatch = {
  /** When the first answer carrying the marker arrived (null: none before the time ran out). */
  freshAt: number | null
  /** Answers without the marker before the first fresh one. */
  staleBefore: number
  /** Answers (200) without the marker after the first fresh one: "never stale after" broken. */
  staleAfter: number
  /** How long the answer that first carried the marker took, and the cache headers it came with. */
  freshAnswer: { ms: number; sentAt: number; cache: string | null; edge: string | null } | null
  /**
   * From the last stale answer's arrival to sending the request that brought the fresh one: how late the pollers
   * themselves can be in seeing the change (the resolution of the measurement).
   */
  pollGapMs: number | null
  polls: number
  statuses: number[]
}

/** Polls `url` until the first answer containing `marker`, then `watchAfterFreshMs` more; or until `timeoutMs`. */
export async function watchAddress({
  url,
  marker,
  pollIntervalMs,
  timeoutMs,
  watchAfterFreshMs,
}: {
  url: string
  marker: string
  pollIntervalMs: number
  timeoutMs: number
  watchAfterFreshMs: number
}): Promise<AddressWatch> {
  const watch: AddressWatch = { freshAt: null, staleBefore: 0, staleAfter: 0, freshAnswer: null, pollGapMs: null, polls: 0, statuses: [] }
  const deadline = now() + timeoutMs
  let lastStaleAt: number | null = null
  for (;;) {
    const sent = now()
    if (watch.freshAt === null ? sent > deadline : sent > watch.freshAt + watchAfterFreshMs) break
    const response = await fetch(url)
    const text = await response.text()
    const arrived = now()
    watch.polls += 1
    if (!watch.statuses.includes(response.status)) watch.statuses.push(response.status)
    const isFresh = response.status === 200 && text.includes(marker)
    if (watch.freshAt === null) {
      if (isFresh) {
        watch.freshAt = arrived
        watch.freshAnswer = { ms: round(arrived - sent, 1), sentAt: sent, cache: response.headers.get('x-cache'), edge: response.headers.get('x-edge-cache') }
        if (lastStaleAt !== null) watch.pollGapMs = round(sent - lastStaleAt, 2)
        if (watchAfterFreshMs <= 0) break
      } else {
        watch.staleBefore += 1
        lastStaleAt = arrived
      }
    } else if (response.status === 200 && !isFresh) {
      watch.staleAfter += 1
    }
    await sleep(pollIntervalMs)
  }
  return watch
}

export type FreshnessSample = {
  /** The slowest address of this publish, from the commit. */
  freshMs: number
  byAddress: Record<string, number>
  publishRequestMs: number
  /** From the commit to the publish's answer: what the writer still did after committing. */
  answerAfterCommitMs: number
  staleAnswers: number
  staleAfterFresh: Record<string, number>
  pollGapMs: Record<string, number | null>
  freshAnswers: Record<string, AddressWatch['freshAnswer']>
  /**
   * From the commit to sending the request that brought the new version: by then the old copy was gone everywhere
   * on that request's way (the purge and the app's own invalidation), so what follows is the refill alone.
   */
  freshRequestSentMs: Record<string, number>
  /** Whatever else the scenario records per publish (e.g. when its own listener heard the NOTIFY). */
  extra: Record<string, number>
}

/**
 * `publishes` publishes of a correction, each: `saveDraft(marker)` (the new version, not yet live), the addresses
 * read twice (every cache holds the old version), then watched while `publish()` runs; `committedAt()` gives the
 * publish's commit time (epoch ms). Throws when an address never served the new version or answered other than 200.
 */
export async function measurePublishesUntilFresh({
  publishes,
  addresses,
  saveDraft,
  publish,
  committedAt,
  afterPublish = () => ({}),
  pollIntervalMs,
  watchAfterFreshMs = 0,
  timeoutMs = 10_000,
  log = () => {},
}: {
  publishes: number
  addresses: Record<string, string>
  saveDraft: (marker: string) => Promise<void>
  publish: () => Promise<void>
  committedAt: () => Promise<number>
  afterPublish?: (committed: number) => Record<string, number>
  pollIntervalMs: number
  watchAfterFreshMs?: number
  timeoutMs?: number
  log?: (message: string) => void
}): Promise<{ samples: FreshnessSample[]; pollerCpuShareOfOneCore: number }> {
  const samples: FreshnessSample[] = []
  const runId = Date.now().toString(36)
  let watchingMs = 0
  let pollerCpuMs = 0
  for (let n = 0; n < publishes; n++) {
    const marker = `Fresh dek ${runId}-${n}.`
    await saveDraft(marker)
    for (let warm = 0; warm < 2; warm++) for (const url of Object.values(addresses)) await (await fetch(url)).arrayBuffer()
    const [watchStarted, cpuBefore] = [now(), process.cpuUsage()]
    const watches = Promise.all(
      Object.entries(addresses).map(async ([name, url]) => [name, await watchAddress({ url, marker, pollIntervalMs, timeoutMs, watchAfterFreshMs })] as const),
    )
    const sentAt = now()
    await publish()
    const answeredAt = now()
    const watched = Object.fromEntries(await watches)
    const cpu = process.cpuUsage(cpuBefore)
    watchingMs += now() - watchStarted
    pollerCpuMs += (cpu.user + cpu.system) / 1000
    const committed = await committedAt()
    const missing = Object.entries(watched).filter(([, watch]) => watch.freshAt === null).map(([name]) => name)
    if (missing.length) throw new Error(`After publish ${n + 1}, ${missing.join(', ')} still served the old version ${timeoutMs / 1000} s later.`)
    const statuses = [...new Set(Object.values(watched).flatMap((watch) => watch.statuses))]
    if (statuses.some((status) => status !== 200)) throw new Error(`A reader got status ${statuses.join(', ')} during publish ${n + 1}.`)
    const byAddress = Object.fromEntries(Object.entries(watched).map(([name, watch]) => [name, round(Math.max(0, watch.freshAt! - committed), 2)]))
    const sample: FreshnessSample = {
      freshMs: Math.max(...Object.values(byAddress)),
      byAddress,
      publishRequestMs: round(answeredAt - sentAt, 1),
      answerAfterCommitMs: round(answeredAt - committed, 1),
      staleAnswers: Object.values(watched).reduce((sum, watch) => sum + watch.staleBefore, 0),
      staleAfterFresh: Object.fromEntries(Object.entries(watched).map(([name, watch]) => [name, watch.staleAfter])),
      pollGapMs: Object.fromEntries(Object.entries(watched).map(([name, watch]) => [name, watch.pollGapMs])),
      freshAnswers: Object.fromEntries(Object.entries(watched).map(([name, watch]) => [name, watch.freshAnswer])),
      freshRequestSentMs: Object.fromEntries(Object.entries(watched).map(([name, watch]) => [name, round(watch.freshAnswer!.sentAt - committed, 2)])),
      extra: afterPublish(committed),
    }
    samples.push(sample)
    log(`publish ${n + 1}/${publishes}: fresh everywhere ${round(sample.freshMs)} ms after the commit (${JSON.stringify(byAddress)})`)
  }
  return { samples, pollerCpuShareOfOneCore: round(pollerCpuMs / Math.max(1, watchingMs), 3) }
}

export type FreshnessSummary = ReturnType<typeof summariseFreshness>

/** p50/p99 overall (the slowest address per publish) and by address, the violations, and the pollers' resolution. */
export function summariseFreshness(samples: FreshnessSample[], names: string[]) {
  const fresh = samples.map((sample) => sample.freshMs)
  const per = (name: string) => samples.map((sample) => sample.byAddress[name])
  const gaps = samples.flatMap((sample) => Object.values(sample.pollGapMs).filter((gap): gap is number => gap !== null))
  return {
    publishes: samples.length,
    p50: round(percentile(fresh, 50), 1),
    p99: round(percentile(fresh, 99), 1),
    max: round(Math.max(...fresh), 1),
    byAddressP50: Object.fromEntries(names.map((name) => [name, round(percentile(per(name), 50), 1)])),
    byAddressP99: Object.fromEntries(names.map((name) => [name, round(percentile(per(name), 99), 1)])),
    publishRequestP50: round(percentile(samples.map((sample) => sample.publishRequestMs), 50), 1),
    // The answer that first carried the new version: how long it took to make (the refill), per address.
    refillP50: Object.fromEntries(names.map((name) => [name, round(percentile(samples.map((sample) => sample.freshAnswers[name]?.ms ?? 0), 50), 1)])),
    freshRequestSentP50: Object.fromEntries(names.map((name) => [name, round(percentile(samples.map((sample) => sample.freshRequestSentMs[name]), 50), 1)])),
    freshRequestSentP99: Object.fromEntries(names.map((name) => [name, round(percentile(samples.map((sample) => sample.freshRequestSentMs[name]), 99), 1)])),
    refillP99: Object.fromEntries(names.map((name) => [name, round(percentile(samples.map((sample) => sample.freshAnswers[name]?.ms ?? 0), 99), 1)])),
    /** Answers without the new version after an address had served it (must be 0). */
    staleAfterFresh: samples.reduce((sum, sample) => sum + Object.values(sample.staleAfterFresh).reduce((a, b) => a + b, 0), 0),
    /** The pollers' own delay in seeing a change (last stale answer → the request that brought the fresh one). */
    pollGapP50: gaps.length ? round(percentile(gaps, 50), 2) : null,
    pollGapP99: gaps.length ? round(percentile(gaps, 99), 2) : null,
  }
}
