import type { Access } from 'payload'

/**
 * Media, credits, organizations and calls to action are public only while a published story (or the site
 * settings) uses them: photos from unpublished stories about people at risk must not leak.
 * `isPublic` is maintained by refreshPublicVisibility whenever what is live changes.
 */
export const publicAssetOrAuthenticated: Access = ({ req: { user } }) => {
  if (user) return true
  return { isPublic: { equals: true } }
}
