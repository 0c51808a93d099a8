import type { IncomingMessage } from 'node:http'

import { executeAuthStrategies, type Payload, type TypedUser } from 'payload'

import { isDatabaseReachable } from '../db/isDatabaseReachable'

/** An Express request, or Node's own before Express has seen it (where `url` is still the original URL). */
type RequestLike = Pick<IncomingMessage, 'headers' | 'url'> & { originalUrl?: string }

/**
 * Anything that may identify a user: the response depends on who asks, so it must never be shared.
 * Presence only: use it to keep responses private, never to grant anything (limits, caps): see verifiedUser.
 */
export const hasCredentials = (req: Pick<IncomingMessage, 'headers'>): boolean =>
  Boolean(req.headers.authorization) || /(?:^|;\s*)payload-token=/.test(req.headers.cookie ?? '')

export const API_KEY_PREFIX = 'users API-Key '

const VERIFIED_USER = Symbol('verified user')
type WithVerifiedUser = Pick<IncomingMessage, 'headers'> & { [VERIFIED_USER]?: Promise<TypedUser | null> }

/**
 * The user a request's credentials really identify (Payload's own auth strategies: session cookie, JWT, API
 * key), or null. A junk cookie or token is anonymous: callers are classified by this, never by a header's
 * presence. Verified once per request; a request without credential headers costs nothing.
 */
export function verifiedUser(req: Pick<IncomingMessage, 'headers'>, payload: Payload): Promise<TypedUser | null> {
  if (!hasCredentials(req)) return Promise.resolve(null)
  const holder = req as WithVerifiedUser
  holder[VERIFIED_USER] ??= verify(req, payload)
  return holder[VERIFIED_USER]
}

async function verify(req: Pick<IncomingMessage, 'headers'>, payload: Payload): Promise<TypedUser | null> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item))
    else if (value !== undefined) headers.set(name, value)
  }
  const lookUp = async () =>
    ((await executeAuthStrategies({ headers, payload, canSetHeaders: false })).user as TypedUser | null) ?? null
  const user = await lookUp()
  if (user) return user
  // Payload's strategies answer "nobody" when they cannot read the account, also while the database is down: a
  // signed-in editor must then hear "try again" (503), not be treated as anonymous and refused their drafts.
  if (!(await isDatabaseReachable(payload))) throw new DatabaseUnreachableWhileVerifying()
  // The database answers now, but it may have come back only after the lookup failed (a restart takes a fraction
  // of a second): only a lookup made while it was known to be up can say "nobody".
  const userOnceTheDatabaseAnswers = await lookUp()
  if (userOnceTheDatabaseAnswers) return userOnceTheDatabaseAnswers
  if (!(await isDatabaseReachable(payload))) throw new DatabaseUnreachableWhileVerifying()
  return null
}

/** A connection-class error (SQLSTATE 08006), so every error handler answers it as the outage it is. */
class DatabaseUnreachableWhileVerifying extends Error {
  code = '08006'
  constructor() {
    super('The database could not be reached to verify the request’s credentials.')
  }
}

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
