// The sign-in events the audit log records. Every place in src/signIn/ where one happens calls recordSignInEvent;
// the audit log (built separately) gives this function its body, so no call site changes when it lands.
import type { Payload } from 'payload'

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

/** The audit call site for sign-in and enrolment events (a debug log line until the audit log lands). */
export function recordSignInEvent(payload: Payload, event: SignInEvent, origin: EventOrigin): void {
  payload.logger.debug({ signInEvent: event, address: origin.address }, `sign-in event: ${event.type}`)
}
