import type { IncomingMessage } from 'node:http'

/** An Express request, or Node's own before Express has seen it (where `url` is still the original URL). */
type RequestLike = Pick<IncomingMessage, 'headers' | 'url'> & { originalUrl?: string }

/** Anything that may identify a user: the response depends on who asks, so it must never be shared. */
export const hasCredentials = (req: Pick<IncomingMessage, 'headers'>): boolean =>
  Boolean(req.headers.authorization) || /(?:^|;\s*)payload-token=/.test(req.headers.cookie ?? '')

export const API_KEY_PREFIX = 'users API-Key '

/** `?draft=true`, read as URLSearchParams reads it; cheap for the common URL without a query. */
export const isDraftRequest = (req: RequestLike): boolean => {
  const url = req.originalUrl ?? req.url ?? ''
  const queryStart = url.indexOf('?')
  if (queryStart < 0) return false
  const fragmentStart = url.indexOf('#', queryStart)
  return new URLSearchParams(url.slice(queryStart + 1, fragmentStart < 0 ? undefined : fragmentStart)).get('draft') === 'true'
}

export const PRIVATE_CACHE_CONTROL = 'private, no-store'
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300'
