// Sends a committed change's keys to every configured Varnish as `PURGE` with an `xkey` header. It runs when this
// process hears the change's NOTIFY (after the commit, outside any request), so a save never waits for it: a slow
// or absent edge costs a logged warning, never a slower or failed save.
//
// Every web process purges every change it hears, not only the process that wrote it. The edge is fresh only once
// the last process has dropped its own cached copy: a purge sent by the writer alone could be followed by a read
// that the edge sends to a process which has not yet heard the NOTIFY and still holds the old body in memory, and
// the edge would keep that for EDGE_CACHE_SECONDS. The extra purges are harmless: an xkey purge is idempotent and
// costs Varnish one hash lookup per key (N small requests per change for N processes, at the rate of saves).
// Each purge is sent again EDGE_PURGE_SOON_MS and EDGE_PURGE_AGAIN_MS later, for a copy the edge was still
// receiving as it passed.
import { purgeBatches, purgeRetryDelayMs, type EdgeCacheSettings } from './edgeRules'

export type EdgePurger = {
  /** Purges `keys` at every edge; resolves when done or given up (never rejects). */
  purge: (keys: string[]) => Promise<void>
  /** Purges still being sent or retried (tests, shutdown). */
  readonly inFlight: number
  /** Waits for the purges in flight (at most `timeoutMs`). */
  settle: (timeoutMs?: number) => Promise<void>
}

type Log = { warn: (message: string) => void }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref())

export function createEdgePurger({ settings, log }: { settings: EdgeCacheSettings; log: Log }): EdgePurger {
  const inFlight = new Set<Promise<void>>()

  const sendOne = async (url: string, xkey: string): Promise<void> => {
    let lastProblem = ''
    for (let attempt = 1; attempt <= settings.purgeAttempts; attempt++) {
      if (attempt > 1) await sleep(purgeRetryDelayMs(attempt, settings.purgeRetryBaseMs))
      try {
        const response = await fetch(url, { method: 'PURGE', headers: { xkey }, signal: AbortSignal.timeout(settings.purgeTimeoutMs) })
        await response.arrayBuffer().catch(() => undefined)
        if (response.ok) return
        lastProblem = `it answered ${response.status}`
        // A refusal (the ACL, a VCL without the xkey purge) will not change on a retry.
        if (response.status >= 400 && response.status < 500) break
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code
        lastProblem = (error as Error).name === 'TimeoutError' ? `no answer within ${settings.purgeTimeoutMs} ms` : `${cause ?? (error as Error).message}`
      }
    }
    log.warn(
      `The edge cache at ${url} could not be purged of ${xkey.split(' ').length} key(s) (${lastProblem}); it may serve those responses stale for up to EDGE_CACHE_SECONDS (${settings.edgeSeconds} s). Check that Varnish runs and that this host is in its purgers ACL.`,
    )
  }

  const sendAll = (batches: string[]): Promise<void> => {
    const done = Promise.all(settings.purgeUrls.flatMap((url) => batches.map((xkey) => sendOne(url, xkey)))).then(() => undefined)
    inFlight.add(done)
    void done.finally(() => inFlight.delete(done))
    return done
  }

  const purge = (keys: string[]): Promise<void> => {
    if (!settings.purgeUrls.length || !keys.length) return Promise.resolve()
    const batches = purgeBatches(keys)
    for (const delay of [settings.purgeSoonAfterMs ?? 0, settings.purgeAgainAfterMs]) if (delay > 0) setTimeout(() => void sendAll(batches), delay).unref()
    return sendAll(batches)
  }

  return {
    purge,
    get inFlight() {
      return inFlight.size
    },
    settle: async (timeoutMs = 10_000) => {
      await Promise.race([Promise.all([...inFlight]), sleep(timeoutMs)])
    },
  }
}
