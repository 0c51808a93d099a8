// CORS for the responses we send ourselves (cached public reads, the story by slug, feeds): the same rule as
// Payload's own `cors: ALLOWED_ORIGINS`, applied per request, so a stored response never carries another origin's.
import type { IncomingMessage, ServerResponse } from 'node:http'

import { settings } from '../env'

const ALLOWED = new Set(settings.allowedOrigins)

/** Every response whose CORS headers depend on the asking origin must say so to shared caches. */
export const VARY_PUBLIC = 'Authorization, Cookie, Origin'

/** Whether `origin` is one of ALLOWED_ORIGINS, exactly. */
export const isListedOrigin = (origin: string): boolean => ALLOWED.has(origin)

/** Sets `Access-Control-Allow-Origin` (and credentials, as Payload does) when the request's origin is listed exactly. */
export function allowListedOrigin(req: Pick<IncomingMessage, 'headers'>, res: Pick<ServerResponse, 'setHeader'>): void {
  const { origin } = req.headers
  if (origin === undefined || !isListedOrigin(origin)) return
  res.setHeader('Access-Control-Allow-Origin', origin)
  res.setHeader('Access-Control-Allow-Credentials', 'true')
}
