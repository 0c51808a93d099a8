import type { Access, FieldAccess } from 'payload'

import { hasRole } from './roles'

/** Admins reach every user record; everyone else only their own. */
export const isSelfOrAdmin: Access = ({ req: { user } }) => {
  if (!user) return false
  if (hasRole(user, 'admin')) return true
  return { id: { equals: user.id } }
}

export const isSelfOrAdminField: FieldAccess = ({ req: { user }, id, doc }) => {
  if (!user) return false
  if (hasRole(user, 'admin')) return true
  const targetId = doc?.id ?? id
  return targetId !== undefined && String(targetId) === String(user.id)
}
