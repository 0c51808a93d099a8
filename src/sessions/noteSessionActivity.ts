// "Last seen" of a session: noted when a signed-in request uses it, at most once a minute per session, after the
// request's identity is verified anyway (verifiedUser, shared with the guards) and without holding the request up.
import type { RequestHandler } from 'express'
import type { Payload } from 'payload'

import { hasCredentials, verifiedUser } from '../access/requestIdentity'
import { clientAddressOf } from '../audit/clientAddress'
import { touchSession } from './sessionRows'

export const SESSION_TOUCH_INTERVAL_MS = 60_000
const MAX_REMEMBERED_SESSIONS = 50_000

export function noteSessionActivity(payload: Payload, { now = Date.now }: { now?: () => number } = {}): RequestHandler {
  const lastTouched = new Map<string, number>()
  return (req, _res, next) => {
    if (hasCredentials(req)) {
      verifiedUser(req, payload)
        .then(async (user) => {
          const sessionId = (user as { _sid?: string } | null)?._sid
          if (!user || !sessionId) return
          const at = now()
          if (at - (lastTouched.get(sessionId) ?? 0) < SESSION_TOUCH_INTERVAL_MS) return
          lastTouched.delete(sessionId)
          lastTouched.set(sessionId, at)
          while (lastTouched.size > MAX_REMEMBERED_SESSIONS) lastTouched.delete(lastTouched.keys().next().value as string)
          await touchSession({ payload, sessionId, userId: Number(user.id), address: clientAddressOf(req) })
        })
        // The guards that await the same verification answer its failure; a lost "last seen" is only logged.
        .catch((error: unknown) => payload.logger.debug({ err: error }, 'A session’s last-seen time was not noted'))
    }
    next()
  }
}
