import { rateLimit } from 'express-rate-limit'

import { sendError } from './errors'
import { hasCredentials } from './requestIdentity'

/** Anonymous reads per client address; signed-in staff and API keys are not limited here. */
export function apiRateLimit({ limit, windowSeconds }: { limit: number; windowSeconds: number }) {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    skip: (req) => (req.method !== 'GET' && req.method !== 'HEAD') || hasCredentials(req),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res, _next, options) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(options.windowMs / 1000)
      res.set('Retry-After', String(seconds))
      sendError(res, 429, `Too many requests from this address. Wait ${seconds} seconds, or use an API key.`)
    },
  })
}
