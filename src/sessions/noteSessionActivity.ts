// "Last seen" of a session, and "last used" of a machine reader's API key: noted when a request uses it, at most once a
// minute per session or key, after the request's identity is verified anyway (verifiedUser, shared with the guards)
// and without holding the request up.
import type { RequestHandler } from 'express'
import type { Payload } from 'payload'

import { hasCredentials, verifiedUser } from '../access/requestIdentity'
import { noteApiKeyUse } from '../apiKeys/keepOnlyTheKeysHash'
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
          const { _sid: sessionId, _strategy: strategy } = (user ?? {}) as { _sid?: string; _strategy?: string }
          const isApiKey = strategy === 'api-key'
          if (!user || (!sessionId && !isApiKey)) return
          const key = isApiKey ? `api-key:${user.id}` : `session:${sessionId}`
          const at = now()
          if (at - (lastTouched.get(key) ?? 0) < SESSION_TOUCH_INTERVAL_MS) return
          lastTouched.delete(key)
          lastTouched.set(key, at)
          while (lastTouched.size > MAX_REMEMBERED_SESSIONS) lastTouched.delete(lastTouched.keys().next().value as string)
          if (isApiKey) await noteApiKeyUse({ payload, userId: Number(user.id) })
          else await touchSession({ payload, sessionId: sessionId!, userId: Number(user.id), address: clientAddressOf(req) })
        })
        // The guards that await the same verification answer its failure; a lost "last seen" is only logged.
        .catch((error: unknown) => payload.logger.debug({ err: error }, 'A session’s last-seen time was not noted'))
    }
    next()
  }
}
