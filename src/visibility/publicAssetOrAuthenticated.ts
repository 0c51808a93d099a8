import type { Access } from 'payload'

import { runningLicenseWhere } from '../licenses/licenseRules'
import { isStaffUser } from '../access/roles'

/**
 * Media, credits, organizations and calls to action are public only while a published story (or the site
 * settings) uses them: photos from unpublished stories about people at risk must not leak.
 * `isPublic` is maintained by refreshPublicVisibility whenever what is live changes.
 */
export const publicAssetOrAuthenticated: Access = ({ req: { user } }) => {
  if (user) return true
  return { isPublic: { equals: true } }
}

/**
 * A photo is public while a live story uses it and its credit's licence runs. The licence is judged at read
 * time, so the image is withheld from every reader (REST at any depth, GraphQL, the render-ready story, feeds,
 * the file and its sizes) from the minute it ends, whether or not the withdrawal job has run yet. Machine
 * readers (`api` keys: the front ends) read every photo for previews, but not one whose licence ended: what
 * they read, they publish. Staff see everything, to replace it.
 */
export const publicPhotoOrAuthenticated: Access = ({ req: { user } }) => {
  if (isStaffUser(user)) return true
  const licensed = runningLicenseWhere('credit.licenseExpiresAt', new Date())
  return user ? licensed : { and: [{ isPublic: { equals: true } }, licensed] }
}

/** A credit is public while a public photo uses it and its licence runs (an ended licence shows no photo). */
export const publicCreditOrAuthenticated: Access = ({ req: { user } }) => {
  if (isStaffUser(user)) return true
  const licensed = runningLicenseWhere('licenseExpiresAt', new Date())
  return user ? licensed : { and: [{ isPublic: { equals: true } }, licensed] }
}
