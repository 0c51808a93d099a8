// What an anonymous reader may see of a row already read, as pure predicates: the one-statement story by slug
// (src/publicApi/loadPublishedStory.ts) reads rows without Payload's access layer and judges them here. Each mirrors a
// rule of src/access/rules.ts (the reference, which the access matrix test checks) and reuses its pure parts.
import { isLicenseRunning } from '../licenses/licenseRules'
import { isRealText } from '../fields/realText'

/** Rule `public while a live story uses it` for anonymous callers: `isPublic` (kept by src/visibility). */
export const isAssetReadableByAnonymous = (row: { isPublic?: boolean | null }): boolean => row.isPublic === true

/**
 * Rule `licensed photo, public while a live story uses it` for anonymous callers: public, names a credit, its licence
 * (the earlier of the credit's and the photo's own end, `licenceEndsAt`) runs at `now`, and has alt text (`attributedPhoto`; whether the alt text is real is `isPhotoShownToReaders`).
 */
export const isPhotoReadableByAnonymous = (
  photo: { isPublic?: boolean | null; creditId?: unknown; licenceEndsAt?: unknown; alt?: unknown },
  now: Date,
): boolean =>
  isAssetReadableByAnonymous(photo) &&
  photo.creditId !== null &&
  photo.creditId !== undefined &&
  isLicenseRunning({ expiresAt: photo.licenceEndsAt, now }) &&
  typeof photo.alt === 'string' &&
  photo.alt !== ''

/**
 * Readers (and outside reviewers) never get an image without real alt text and a credit line, even when a row lost
 * them behind the application's back (the audit reports such stories); staff previews show it to fix.
 */
export const isPhotoShownToReaders = (photo: { alt?: unknown; creditLine?: unknown }): boolean =>
  isRealText(photo.alt) && isRealText(photo.creditLine)
