// Field-level access: who may read or write single fields of a document the collection rule already let them reach.
import { APIError, type FieldAccess } from 'payload'

import { hasRole, isStaffUser } from './roles'

/**
 * Staff-only fields (credit notes, the image index, workflow internals): newsroom staff read them; anonymous
 * readers and machine `api` readers (front ends, often someone else's servers) never do.
 */
export const staffField: FieldAccess = ({ req: { user } }) => isStaffUser(user)

/** Fields that only hooks write. */
export const nobody: FieldAccess = () => false

export const isAdminField: FieldAccess = ({ req: { user } }) => hasRole(user, 'admin')

export const isEditorOrAdminField: FieldAccess = ({ req: { user } }) => hasRole(user, 'admin', 'editor')

/** Admins reach every account's field; everyone else only their own (the document being read or written). */
export const isSelfOrAdminField: FieldAccess = ({ req: { user }, id, doc }) => {
  if (!user) return false
  if (hasRole(user, 'admin')) return true
  const targetId = doc?.id ?? id
  return targetId !== undefined && String(targetId) === String(user.id)
}

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
