// How errors reach the log: a refusal the API answers with a 4xx (a writer may not publish, a malformed query)
// is the system working, logged as one info line with its message; a fault (5xx) keeps its stack for whoever
// has to fix it.
import { APIError, type AfterErrorHook, type Config } from 'payload'

/**
 * Payload logs each error by its class name (`loggingLevels`), before any afterError hook. Our refusals are
 * plain `APIError`s whose status says what they are, so that class is logged by logRefusalsAndFaults instead;
 * the other 4xx classes are logged as info (message, no stack).
 */
export const ERROR_LOGGING_LEVELS: Config['loggingLevels'] = {
  APIError: false,
  AuthenticationError: 'info',
  LockedAuth: 'info',
  QueryError: 'info',
  UnverifiedEmail: 'info',
}

/** afterError: logs a plain APIError by its status (4xx as info without stack, 5xx as an error with its stack). */
export const logRefusalsAndFaults: AfterErrorHook = ({ error, req }) => {
  if (!(error instanceof APIError) || error.name !== 'APIError') return
  const status = Number(error.status) || 500
  if (status < 500) req.payload.logger.info({ msg: `Refused (${status}): ${error.message}` })
  else req.payload.logger.error({ err: error })
}
