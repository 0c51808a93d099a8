// The one way an audit event is written. Called from hooks and endpoints with the action's own `req`, so the event
// commits or rolls back with the action it records; failed attempts (AUDIT_ACTIONS' `outlivesRollback`) are
// written on their own and committed at once, because the request that made them fails.
import type { Payload, PayloadRequest } from 'payload'

import { AUDIT_ACTIONS, type AuditAction } from './actions'
import { briefDetails } from './changeInBrief'
import { clientAddressOf } from './clientAddress'

export const AUDIT_EVENTS_SLUG = 'audit-events'

type Actor = { id?: number | string | null; email?: string | null } | null

export type AuditEvent = {
  action: AuditAction
  /** Who did it; by default the request's signed-in user. `null`: the system (a job, a script). */
  actor?: Actor
  /** The document acted on: its collection, id and a title as it was then. */
  document?: { collection: string; id?: number | string | null; title?: string | null }
  /** The change in brief: changed field names, an old and new role, never a secret (briefDetails removes those). */
  details?: Record<string, unknown>
  /** The client address, when it is not the request's own (an Express route). */
  address?: string | null
}

const MAX_TEXT = 300
const cut = (value: unknown): string | null => (typeof value === 'string' && value ? value.slice(0, MAX_TEXT) : null)

function actorOf(req: Pick<PayloadRequest, 'user'> | null | undefined, actor: Actor | undefined) {
  const who = actor === undefined ? (req?.user?.collection === 'users' ? req.user : null) : actor
  const id = who?.id === undefined || who?.id === null ? null : Number(who.id)
  return { actor: Number.isSafeInteger(id) && id! > 0 ? id : null, actorEmail: cut(who?.email) }
}

/** The stored row for an event. */
export function auditEventData(req: Pick<PayloadRequest, 'user' | 'headers'> | null | undefined, event: AuditEvent) {
  const documentId = event.document?.id
  return {
    action: event.action,
    ...actorOf(req, event.actor),
    address: cut(event.address ?? clientAddressOf(req)),
    documentCollection: cut(event.document?.collection),
    documentId: documentId === undefined || documentId === null ? null : String(documentId).slice(0, 100),
    documentTitle: cut(event.document?.title),
    details: briefDetails(event.details),
  }
}

/**
 * Records one event. With `req`, inside the action's transaction: if the action rolls back, so does its event, and
 * if the event cannot be written the action fails rather than go unrecorded.
 */
export async function recordAuditEvent(req: PayloadRequest, event: AuditEvent): Promise<void> {
  const data = auditEventData(req, event)
  if (AUDIT_ACTIONS[event.action].outlivesRollback) return recordOutsideRequest(req.payload, data)
  await req.payload.create({ collection: AUDIT_EVENTS_SLUG, data, overrideAccess: true, depth: 0, req })
}

/** A failed attempt: its own write, committed at once, whatever becomes of the request that made it. */
async function recordOutsideRequest(payload: Payload, data: ReturnType<typeof auditEventData>): Promise<void> {
  try {
    await payload.create({ collection: AUDIT_EVENTS_SLUG, data, overrideAccess: true, depth: 0 })
  } catch (error) {
    // The attempt is refused whatever happens here; a lost record is an error someone must see in the log.
    payload.logger.error({ err: error, action: data.action }, 'An audit event could not be recorded')
  }
}

/**
 * For Express routes that have no Payload request (sign-in steps, enrolment): the address given, committed at once.
 * A record that cannot be written is logged as an error, never turned into a failed request.
 */
export function recordEventOfRoute({ payload, event }: { payload: Payload; event: AuditEvent }): Promise<void> {
  return recordOutsideRequest(payload, auditEventData(null, event))
}

/** A failed password sign-in (REST or GraphQL), under the e-mail it named, from the verified client address. */
export function recordFailedSignIn({ payload, email, address }: { payload: Payload; email: string | null; address: string | null }): Promise<void> {
  return recordEventOfRoute({ payload, event: { action: 'sign-in.failed', actor: { email }, address, document: { collection: 'users', title: email } } })
}
