import { rateLimit } from 'express-rate-limit'

import { sendError } from './errors'

/**
 * Failed logins per client address. Kept below Payload's `maxLoginAttempts` so that one address alone
 * cannot reach the account lockout of an editor within a lock period.
 */
export function loginRateLimit({ limit, windowMinutes }: { limit: number; windowMinutes: number }) {
  return rateLimit({
    windowMs: windowMinutes * 60 * 1000,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res, _next, options) => {
      res.set('Retry-After', String(Math.ceil(options.windowMs / 1000)))
      sendError(res, 429, 'Too many failed sign-in attempts from this address. Wait a few minutes and try again.')
    },
  })
}
