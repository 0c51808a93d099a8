// Payload's login (REST, GraphQL, the admin, the Local API and server functions all run this one operation) never
// issues a session to an account with a second factor: the right password earns a pending sign-in instead, which
// only the second factor turns into a session (secondFactorRoutes.ts). Machine accounts never sign in by password.
import { APIError, type CollectionBeforeLoginHook, type CollectionBeforeOperationHook } from 'payload'

import { hasRole } from '../access/roles'
import { readSaveState, writeSaveState } from '../saveState'
import { startPendingSignIn } from './pendingSignIns'
import { recordSignInEvent } from './signInEvents'

export const SECOND_FACTOR_REQUIRED_STATUS = 401

export class SecondFactorRequired extends APIError {
  constructor(pendingToken: string, methods: string[]) {
    super(
      'The password is right; this account also needs its second factor. In a browser, sign in at /sign-in; API clients send the code from the authenticator app (or a recovery code, or a passkey) with this pendingToken to POST /api/sign-in/second-factor within 5 minutes.',
      SECOND_FACTOR_REQUIRED_STATUS,
      { secondFactorRequired: true, pendingToken, methods },
      true,
    )
  }
}

// Payload's request does not know the client address Express trusts (X-Forwarded-For only from the proxies in
// TRUST_PROXY): the hook records none rather than a header anyone can write; the routes record theirs.
const addressOf = (_req: unknown): string | null => null

/** Payload runs beforeLogin for a login and for a password reset (which signs in too): which one is noted here. */
export const noteSignInOperation: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'login' || operation === 'resetPassword') writeSaveState(req, 'signInOperation', operation)
  return args
}

export const requireSecondFactor: CollectionBeforeLoginHook = async ({ req, user }) => {
  if (readSaveState(req, 'signInOperation') === 'resetPassword' && (user.hasSecondFactor || hasRole(user, 'api'))) {
    // Refusing here would roll the new password back. The password is changed, but the session Payload just
    // started for it is ended at once, so the token it answers with is dead: the person signs in with the new
    // password and the second factor (a reset link in a stolen mailbox is not a way around the second factor).
    await req.payload.db.updateOne({ collection: 'users', id: user.id, data: { ...user, sessions: [] }, req, returning: false } as Parameters<typeof req.payload.db.updateOne>[0])
    return { ...user, sessions: [] }
  }
  if (hasRole(user, 'api')) {
    await recordSignInEvent(req.payload, { type: 'password-refused-for-api-account', userId: user.id }, { address: addressOf(req) })
    throw new APIError('Machine accounts never sign in with a password: send the API key in the Authorization header instead.', 403, undefined, true)
  }
  if (!user.hasSecondFactor) return user
  const pendingToken = await startPendingSignIn(req.payload, user.id)
  await recordSignInEvent(req.payload, { type: 'password-accepted-second-factor-pending', userId: user.id }, { address: addressOf(req) })
  const passkeys = Array.isArray(user.passkeys) ? user.passkeys : []
  throw new SecondFactorRequired(pendingToken, [...(user.totpSecret ? ['authenticator', 'recovery-code'] : ['recovery-code']), ...(passkeys.length ? ['passkey'] : [])])
}
