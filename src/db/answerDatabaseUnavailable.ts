// While the database is down (a restart, a failover), every API call fails: say so with a 503 and
// Retry-After, which clients and proxies know to retry, instead of Payload's generic 500.
import type { AfterErrorHook } from 'payload'

import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailableError, RETRY_AFTER_SECONDS } from './databaseUnavailable'
import { isDatabaseReachable } from './isDatabaseReachable'

type HookArgs = Parameters<AfterErrorHook>[0]

const hasCredentials = (req: HookArgs['req']) =>
  Boolean(req.headers.get('authorization') || /(^|;\s*)payload-token=/.test(req.headers.get('cookie') ?? ''))

const isServerError = (error: Error) => {
  const status = (error as { status?: unknown }).status
  return typeof status !== 'number' || status >= 500
}

/**
 * Payload's auth strategies swallow their own database errors and carry on as anonymous, so during an outage
 * a signed-in writer would hear "You are not allowed to perform this action". Signing the request in again
 * tells: it fails, or now finds the user the first attempt could not.
 */
async function wasRefusedForLackOfDatabase({ error, req }: Pick<HookArgs, 'error' | 'req'>): Promise<boolean> {
  const status = (error as { status?: unknown }).status
  if ((status !== 401 && status !== 403) || req.user || !hasCredentials(req)) return false
  try {
    return Boolean((await req.payload.auth({ headers: req.headers })).user)
  } catch (authError) {
    return isDatabaseUnavailableError(authError) || !(await isDatabaseReachable(req.payload))
  }
}

/**
 * Payload sometimes rewraps the driver's error without its cause: for a server error that names no
 * connection failure, a quick probe of the database decides.
 */
const isOutage = async ({ error, req }: Pick<HookArgs, 'error' | 'req'>) =>
  isServerError(error)
    ? isDatabaseUnavailableError(error) || !(await isDatabaseReachable(req.payload))
    : wasRefusedForLackOfDatabase({ error, req })

export const answerDatabaseUnavailable: AfterErrorHook = async ({ error: raised, req, graphqlResult }) => {
  // GraphQL wraps what a resolver threw; GraphQL's own errors (syntax, validation) are the client's.
  const error = graphqlResult ? (raised as { originalError?: Error }).originalError : raised
  if (!error || !(await isOutage({ error, req }))) return
  req.payload.logger.warn(`Answered 503: the database is unavailable (${error.message.split('\n')[0]}).`)
  if (graphqlResult) return { graphqlResult: { ...graphqlResult, message: DATABASE_UNAVAILABLE_MESSAGE } }
  req.responseHeaders ??= new Headers()
  req.responseHeaders.set('Retry-After', String(RETRY_AFTER_SECONDS))
  return { status: 503, response: { errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE }] } }
}
