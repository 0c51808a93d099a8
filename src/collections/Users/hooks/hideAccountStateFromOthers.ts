import type { CollectionAfterReadHook } from 'payload'

import { hasRole } from '../../../access/roles'

// Payload gives `enableAPIKey` no read rule. Hidden fields (hash, salt, reset token, lockout) it strips itself;
// `sessions` must stay: the JWT strategy reads the user through this hook and needs it.
const ACCOUNT_STATE_FIELDS = ['enableAPIKey', 'apiKey'] as const

/** Only the account holder and admins see an account's credentials state; colleagues see a name. */
export const hideAccountStateFromOthers: CollectionAfterReadHook = ({ doc, req: { user } }) => {
  if (hasRole(user, 'admin') || (user && String(user.id) === String(doc?.id))) return doc
  for (const field of ACCOUNT_STATE_FIELDS) delete doc[field]
  return doc
}
