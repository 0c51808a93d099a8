import type { Access } from 'payload'

import { hasRole } from './roles'

/** Editors and admins reach every story; writers only the stories they are an author of. */
export const isAuthorOrEditor: Access = ({ req: { user } }) => {
  if (hasRole(user, 'admin', 'editor')) return true
  if (hasRole(user, 'writer')) return { authors: { in: [user!.id] } }
  return false
}
