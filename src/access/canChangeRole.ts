import { APIError, type FieldAccess } from 'payload'

import { hasRole } from './roles'

/**
 * Only admins change roles. Plain field access would drop a writer's `role` silently and answer 200,
 * so a real attempt is refused out loud; the admin form sends the unchanged role back, which is fine.
 */
export const canChangeRole: FieldAccess = ({ req: { user }, siblingData, doc }) => {
  if (hasRole(user, 'admin')) return true
  const requested = siblingData?.role
  if (requested === undefined || requested === doc?.role) return true
  throw new APIError('Only admins can change a user’s role.', 403, undefined, true)
}
