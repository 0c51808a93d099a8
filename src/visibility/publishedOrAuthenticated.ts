import type { Access } from 'payload'

/** Anyone signed in (staff, `api` readers) reads everything; anonymous callers read published stories only. */
export const publishedOrAuthenticated: Access = ({ req: { user } }) => {
  if (user) return true
  return { _status: { equals: 'published' } }
}
