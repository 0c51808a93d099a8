// The sign-in events the audit log records. Every place in src/signIn/ where one happens calls recordSignInEvent,
// which turns it into an audit event (src/audit/actions.ts), written on its own and committed at once: these routes
// are Express routes without a Payload request whose transaction the event could join.
import type { Payload } from 'payload'

import type { AuditAction } from '../audit/actions'
import { recordEventOfRoute } from '../audit/recordAuditEvent'

export type SignInEvent =
  | { type: 'password-accepted-second-factor-pending'; userId: number | string }
  | { type: 'second-factor-failed'; userId: number | string; method: SecondFactorMethod }
  | { type: 'signed-in'; userId: number | string; method: SecondFactorMethod | 'passkey-alone' }
  | { type: 'passkey-sign-in-failed'; userId: number | string | null }
  | { type: 'password-refused-for-api-account'; userId: number | string }
  | { type: 'enrolment-started'; userId: number | string; method: 'authenticator' }
  | { type: 'enrolled'; userId: number | string; method: 'authenticator' | 'passkey' }
  | { type: 'recovery-codes-replaced'; userId: number | string }

export type SecondFactorMethod = 'authenticator' | 'recovery-code' | 'passkey'

/** Where the event happened: the client address as Express's `trust proxy` reads it. */
export type EventOrigin = { address: string | null }

/**
 * The audit log's action and details for an event; null for steps that are not events of their own (a right
 * password waiting for its second factor is recorded by the outcome of that step; an enrolment begun but not
 * confirmed changes nothing) or that are recorded where the request is answered.
 */
export function auditActionOf(event: SignInEvent): { action: AuditAction; details?: Record<string, unknown> } | null {
  switch (event.type) {
    // A refused API account: the sign-in route that answered records the failed sign-in (src/signIn/signInRoutes.ts).
    case 'password-accepted-second-factor-pending':
    case 'enrolment-started':
    case 'password-refused-for-api-account':
      return null
    case 'second-factor-failed':
      return { action: 'sign-in.second-factor-failed', details: { method: event.method } }
    case 'signed-in':
      return { action: 'sign-in.succeeded', details: { method: event.method } }
    case 'passkey-sign-in-failed':
      return { action: 'sign-in.failed', details: { method: 'passkey' } }
    case 'enrolled':
      return event.method === 'passkey' ? { action: 'passkey.added' } : { action: 'second-factor.enrolled', details: { method: event.method } }
    case 'recovery-codes-replaced':
      return { action: 'recovery-codes.regenerated' }
  }
}

/** Records a sign-in or enrolment event in the audit log, under the account's e-mail as it is now. */
export async function recordSignInEvent(payload: Payload, event: SignInEvent, origin: EventOrigin): Promise<void> {
  const recorded = auditActionOf(event)
  if (!recorded) return
  const account =
    event.userId === null
      ? null
      : await payload.findByID({ collection: 'users', id: event.userId, depth: 0, overrideAccess: true, disableErrors: true, select: { email: true } })
  await recordEventOfRoute({
    payload,
    event: {
      ...recorded,
      actor: account ? { id: account.id, email: account.email } : null,
      address: origin.address,
      document: { collection: 'users', id: account?.id ?? null, title: account?.email ?? null },
    },
  })
}
