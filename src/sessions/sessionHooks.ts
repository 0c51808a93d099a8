// What happens to sessions around account changes: a new session notes its device and address; a role change ends
// the person's other sessions (a demoted editor's open tabs must not keep an editor's session); a password change
// does too (Payload's own update keeps only the session that made the change), which is recorded here.
import type { CollectionAfterChangeHook, CollectionAfterLoginHook, CollectionBeforeChangeHook } from 'payload'

import { clientAddressOf } from '../audit/clientAddress'
import { recordAuditEvent } from '../audit/recordAuditEvent'
import { takeSaveState, writeSaveState } from '../saveState'
import { storedUserAgent } from './describeDevice'
import { describeSession, endSessions, isSessionId } from './sessionRows'

/** The session id a freshly signed token carries (the token was signed by this server a moment ago). */
function sessionIdOfToken(token: string): string | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sid?: unknown }
    return isSessionId(claims.sid) ? claims.sid : null
  } catch {
    return null
  }
}

export const describeNewSession: CollectionAfterLoginHook = async ({ req, token, user }) => {
  const sessionId = sessionIdOfToken(token)
  if (sessionId) await describeSession({ req, sessionId, userAgent: storedUserAgent(req.headers.get('user-agent')), address: clientAddressOf(req) })
  return user
}


/**
 * Payload drops the password from the data, and encrypts the API key, before afterChange hooks run; this notes,
 * while the values are still plain, that a password was set or a different key given.
 */
export const noticeCredentialChanges: CollectionBeforeChangeHook = ({ data, operation, originalDoc, req }) => {
  if (operation !== 'update') return data
  if (typeof data.password === 'string' && data.password) writeSaveState(req, 'isPasswordChanged', true)
  if (typeof data.apiKey === 'string' && data.apiKey && data.apiKey !== originalDoc?.apiKey) writeSaveState(req, 'isApiKeyReplaced', true)
  return data
}

const currentSessionFor = (req: Parameters<CollectionAfterChangeHook>[0]['req'], userId: number): string | null =>
  req.user?.collection === 'users' && Number(req.user.id) === userId ? ((req.user as { _sid?: string })._sid ?? null) : null

/** Role, password and API-key changes: recorded, and a role change ends the person's other sessions. */
export const recordAccountChanges: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  const userId = Number(doc.id)
  const document = { collection: 'users', id: userId, title: doc.email as string }
  if (operation === 'create') {
    await recordAuditEvent(req, { action: 'account.created', document, details: { role: doc.role } })
    if (doc.enableAPIKey) await recordAuditEvent(req, { action: 'api-key.created', document })
    return doc
  }
  if (previousDoc?.role !== doc.role) {
    const ended = await endSessions({ req, userId, keep: currentSessionFor(req, userId) })
    await recordAuditEvent(req, { action: 'account.role-changed', document, details: { from: previousDoc?.role ?? null, to: doc.role, endedSessions: ended.length } })
  }
  if (takeSaveState(req, 'isPasswordChanged')) {
    await recordAuditEvent(req, { action: 'account.password-changed', document, details: { otherSessionsEnded: true } })
  }
  const hadKey = Boolean(previousDoc?.enableAPIKey)
  const hasKey = Boolean(doc.enableAPIKey)
  const isReplaced = Boolean(takeSaveState(req, 'isApiKeyReplaced'))
  if (hasKey && (!hadKey || isReplaced)) await recordAuditEvent(req, { action: 'api-key.created', document, details: { replaced: hadKey } })
  if (hadKey && !hasKey) await recordAuditEvent(req, { action: 'api-key.revoked', document })
  return doc
}
