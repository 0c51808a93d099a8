import type { Access } from 'payload'

import { runningLicenseWhere } from '../licenses/licenseRules'

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
 * the file and its sizes) from the minute it ends, whether or not the withdrawal job has run yet.
 */
export const publicPhotoOrAuthenticated: Access = ({ req: { user } }) => {
  if (user) return true
  return { and: [{ isPublic: { equals: true } }, runningLicenseWhere('credit.licenseExpiresAt', new Date())] }
}

/** A credit is public while a public photo uses it and its licence runs (an ended licence shows no photo). */
export const publicCreditOrAuthenticated: Access = ({ req: { user } }) => {
  if (user) return true
  return { and: [{ isPublic: { equals: true } }, runningLicenseWhere('licenseExpiresAt', new Date())] }
}
