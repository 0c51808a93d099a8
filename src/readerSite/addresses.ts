// Where the reader site's pages live, and which path segments may name a story or a preview: pure, unit-tested.
// A segment that cannot name anything (too long, undecodable, a path, invisible characters) is "not found",
// decided before any query, so hostile addresses cost nothing and never reach the database.
import { settings } from '../env'

/** Stories are read at /articles/<slug>, where the feeds and the sitemap already point. */
export const storyPath = (slug: string) => `/articles/${encodeURIComponent(slug)}`
/** A signed-in editor's rendered draft (the admin's Preview button and live preview). */
export const draftPreviewPath = (id: number | string) => `/preview/articles/${encodeURIComponent(String(id))}`
/** The rendered page of a secret preview link for outside reviewers. */
export const sharedPreviewPath = (token: string) => `/preview/${encodeURIComponent(token)}`

/**
 * The site that shows stories and previews: FRONTEND_URL when a newsroom runs its own site (which then serves
 * the same paths), else this server's public address. Absolute, because Payload's live preview only talks to an
 * iframe whose address names its origin.
 */
export const siteUrl = (): string => (settings.frontendUrl || settings.publicUrl).replace(/\/+$/, '')

const MAX_SLUG_LENGTH = 200
// Zero-width and other invisible format characters, bidi controls, and C0/C1 controls.
// eslint-disable-next-line no-control-regex
const INVISIBLE_OR_CONTROL = /[\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/

function decodedSegment(raw: unknown, maxLength: number): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxLength * 12) return null
  let text: string
  try {
    text = decodeURIComponent(raw)
  } catch {
    return null
  }
  if (text.length === 0 || text.length > maxLength || text.trim() !== text) return null
  if (INVISIBLE_OR_CONTROL.test(text) || text.includes('/') || text.includes('\\') || text === '.' || text === '..') return null
  return text
}

/** A story slug from a route segment (Next passes it still percent-encoded), or null when it cannot be one. */
export const readableSlug = (raw: unknown): string | null => decodedSegment(raw, MAX_SLUG_LENGTH)

/** A preview link's token (24 random bytes, base64url), or null when the segment cannot be one. */
export const readableToken = (raw: unknown): string | null => {
  const token = decodedSegment(raw, 64)
  return token && /^[A-Za-z0-9_-]{16,64}$/.test(token) ? token : null
}

/** A story id from a route segment, or null. */
export const readableStoryId = (raw: unknown): number | null => {
  const text = decodedSegment(raw, 12)
  return text && /^[1-9]\d{0,11}$/.test(text) ? Number(text) : null
}
