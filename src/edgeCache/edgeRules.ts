// Which surrogate keys a public response carries to an edge cache (Varnish xkey, Fastly, Cloudflare), how long the
// edge may keep it, and which purges a change needs. Pure: the headers are written by publicCache, the purges
// sent by edgePurger.
import { listKey } from '../cache/documentKeys'

export type EdgeCacheSettings = {
  /** Public responses carry surrogate keys and Surrogate-Control (EDGE_CACHE; on when EDGE_PURGE_URLS is set). */
  isOn: boolean
  /** Varnish instances that take `PURGE` with an `xkey` header (EDGE_PURGE_URLS). Empty: nothing is purged. */
  purgeUrls: string[]
  /** How long the edge keeps a response that no purge removed (EDGE_CACHE_SECONDS): the bound of a lost purge. */
  edgeSeconds: number
  /** How long the edge may serve a kept response while the app cannot answer (EDGE_STALE_IF_ERROR_SECONDS). */
  staleIfErrorSeconds: number
  /** One purge request's time limit (EDGE_PURGE_TIMEOUT_MS) and how often a failed one is sent (EDGE_PURGE_ATTEMPTS). */
  purgeTimeoutMs: number
  purgeAttempts: number
  /** The wait before the first retry, doubled for each next one. */
  purgeRetryBaseMs: number
  /**
   * Each purge is sent once more this long after the first (EDGE_PURGE_AGAIN_MS; 0: never), for a response the
   * edge was still receiving while the first purge passed (xkey files an object under its keys only once it is
   * stored): such a copy is then stale for at most this long, not for EDGE_CACHE_SECONDS.
   */
  purgeAgainAfterMs: number
  /**
   * Each purge is also sent this long after the first (EDGE_PURGE_SOON_MS; 0 or unset: not). The copy the repeat
   * catches is nearly always one an app process answered from its memory just before it heard the change, which
   * reaches the edge within milliseconds of the purges: sent again soon, it is stale for about this long rather than
   * for EDGE_PURGE_AGAIN_MS (2 s, seen at the edge in `npm run bench -- --only edge-fresh`).
   */
  purgeSoonAfterMs?: number
}

/**
 * Varnish refuses a response header over 8 KB (http_resp_hdr_len) and Fastly one over 16 KB, and the keys go out in
 * three headers: past this many characters a response's keys are folded into their collections' list keys.
 */
export const MAX_KEY_HEADER_CHARS = 4000

/**
 * The keys a response carries. Every change to `media:12` also invalidates `media:*` (keysInvalidatedBy), so a
 * response tagged `media:*` instead of its many `media:<id>` keys is purged by every change that would have purged
 * it, and by more: coarser, never staler. The biggest collections are folded first, until the keys fit.
 */
export function keysForEdge(tags: string[], maxChars: number = MAX_KEY_HEADER_CHARS): string[] {
  const keys = [...new Set(tags)]
  const length = (list: string[]) => list.join(' ').length
  if (length(keys) <= maxChars) return keys
  const byCollection = new Map<string, string[]>()
  for (const key of keys) {
    const separator = key.indexOf(':')
    const collection = separator > 0 ? key.slice(0, separator) : key
    const inCollection = byCollection.get(collection)
    if (inCollection) inCollection.push(key)
    else byCollection.set(collection, [key])
  }
  const largestFirst = [...byCollection.entries()].sort(([, a], [, b]) => b.length - a.length)
  const folded = new Map(largestFirst)
  for (const [collection] of largestFirst) {
    folded.set(collection, [listKey(collection)])
    const result = [...new Set([...folded.values()].flat())]
    if (length(result) <= maxChars) return result
  }
  return [...new Set([...folded.values()].flat())]
}

const NOT_AT_THE_EDGE = { 'Surrogate-Control': 'no-store', 'CDN-Cache-Control': 'no-store' } as const

/**
 * The headers of a public response for the edge. `isKeepable` is false for a response the app's own cache refused
 * to keep (its production overlapped an invalidation, so it may predate the change): the edge must not keep it
 * either. The edge keeps a response for `edgeSeconds` (purges make it fresh) but never past `expiresAt` (a photo
 * licence in it ends); browsers keep nothing without asking (`no-cache`: a cheap 304 from the edge), since no
 * purge reaches them.
 */
export function edgeHeaders({
  tags,
  expiresAt,
  isKeepable,
  settings,
  now = Date.now(),
}: {
  tags: string[]
  expiresAt?: number
  isKeepable: boolean
  settings: Pick<EdgeCacheSettings, 'edgeSeconds' | 'staleIfErrorSeconds'>
  now?: number
}): Record<string, string> {
  const remaining = expiresAt === undefined ? Infinity : Math.floor((expiresAt - now) / 1000)
  if (!isKeepable || remaining <= 0 || settings.edgeSeconds <= 0) return { 'Cache-Control': 'public, no-cache', ...NOT_AT_THE_EDGE }
  const maxAge = Math.min(settings.edgeSeconds, remaining)
  const stale = Math.max(0, Math.min(settings.staleIfErrorSeconds, remaining - maxAge))
  const keys = keysForEdge(tags)
  const lifetime = `max-age=${maxAge}, stale-if-error=${stale}`
  return {
    'Cache-Control': 'public, no-cache',
    'Surrogate-Control': lifetime,
    'CDN-Cache-Control': lifetime,
    ...(keys.length ? { xkey: keys.join(' '), 'Surrogate-Key': keys.join(' '), 'Cache-Tag': keys.join(',') } : {}),
  }
}

/** A change's keys as the `xkey` header values of its purge requests, each within the header limit. */
export function purgeBatches(keys: string[], maxChars: number = MAX_KEY_HEADER_CHARS): string[] {
  const batches: string[] = []
  let batch = ''
  for (const key of new Set(keys)) {
    if (batch && batch.length + 1 + key.length > maxChars) {
      batches.push(batch)
      batch = ''
    }
    batch = batch ? `${batch} ${key}` : key
  }
  if (batch) batches.push(batch)
  return batches
}

/** The wait before attempt `attempt` (2, 3, …) of a purge: the base, doubled each time. */
export const purgeRetryDelayMs = (attempt: number, baseMs: number): number => baseMs * 2 ** Math.max(0, attempt - 2)
