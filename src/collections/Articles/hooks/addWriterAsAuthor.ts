import type { CollectionBeforeChangeHook } from 'payload'

import { hasRole } from '../../../access/roles'
import { idOf } from '../../../fields/relationIds'

type Ref = number | string | { id: number | string }

/** A writer's new story is theirs: otherwise they could not open it again. */
export const addWriterAsAuthor: CollectionBeforeChangeHook = ({ data, operation, req: { user } }) => {
  if (operation !== 'create' || !user || !hasRole(user, 'writer')) return data
  // Field validation runs after this hook and answers a byline that is not a list with a readable 400.
  if (data.authors != null && !Array.isArray(data.authors)) return data
  const authors: Ref[] = data.authors ?? []
  if (authors.some((author) => String(idOf(author)) === String(user.id))) return data
  return { ...data, authors: [...authors, user.id] }
}
