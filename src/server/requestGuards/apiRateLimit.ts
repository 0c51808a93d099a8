import type { Request } from 'express'
import { rateLimit } from 'express-rate-limit'
import type { Payload } from 'payload'

import { sendError } from '../errors'
import { verifiedUser } from '../../access/requestIdentity'

/** Reads: GET and HEAD, and GraphQL (whose queries are POSTed). */
const isRead = (req: Request) => req.method === 'GET' || req.method === 'HEAD' || (req.method === 'POST' && req.path === '/graphql')

/**
 * Anonymous reads per client address; signed-in staff and API keys are not limited here. "Signed in" means
 * verified: a junk cookie or token is counted like no credential at all.
 */
export function apiRateLimit({ limit, windowSeconds, payload }: { limit: number; windowSeconds: number; payload: Payload }) {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    skip: async (req) => !isRead(req) || (await verifiedUser(req, payload)) !== null,
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
