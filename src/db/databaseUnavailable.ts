// Whether an error means "the database cannot be reached right now" (down, restarting, connection lost),
// which a client should hear as a 503 to retry, not as a 500 bug report.

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is unavailable at the moment, so this request could not be completed. Please try again in a few seconds.'

/** Seconds a client should wait before retrying, sent as `Retry-After`. */
export const RETRY_AFTER_SECONDS = 5

/**
 * Socket errors, and the PostgreSQL classes for a lost or refused connection: 08 (connection exception) and
 * 57P01–57P03 (server shutting down, crashed, or still starting).
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03'])

/**
 * 08P01 (protocol violation) is in the connection class, but the connection survives it: node-postgres sends it
 * for a statement with more than 65,535 parameters (a write of 20,000 topics). It is not an outage.
 */
const CONNECTION_SURVIVES = new Set(['08P01'])

// node-postgres reports a connection that died under it by message only; Payload rewraps a failed BEGIN
// (which fails only when the connection does) without its cause.
const UNAVAILABLE_MESSAGES = /cannot begin transaction|Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect/i

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }

/** Looks through wrapped errors (drizzle's `cause`, an AggregateError's `errors`) for a connection failure. */
export function isDatabaseUnavailableError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false
  const { code, message, cause, errors } = error as ErrorLike
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || (code.startsWith('08') && !CONNECTION_SURVIVES.has(code)))) return true
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailableError(inner, depth + 1))) return true
  return isDatabaseUnavailableError(cause, depth + 1)
}
