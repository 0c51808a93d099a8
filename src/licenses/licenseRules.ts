// When a photo's licence lets readers see it, and what editors are told when it stops: pure, so the moment of
// expiry is decided in one place for access, caching, the withdrawal job and the dashboard.
import type { Where } from 'payload'

const DAY_MS = 24 * 60 * 60 * 1000

const toTime = (value: unknown): number | null => {
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : NaN
  return Number.isNaN(time) ? null : time
}

/** "Expires at" is the first moment the licence no longer holds (as the publish gate reads it); no date: it never ends. */
export function isLicenseRunning({ expiresAt, now }: { expiresAt: unknown; now: Date }): boolean {
  if (expiresAt === null || expiresAt === undefined || expiresAt === '') return true
  const time = toTime(expiresAt)
  // An unreadable date is not a licence anyone can rely on.
  return time !== null && time > now.getTime()
}

/**
 * The anonymous-read condition on a licence date at `path` (`licenseExpiresAt` on a credit,
 * `credit.licenseExpiresAt` on a photo): evaluated by the database at read time, so no reader sees an image
 * after its licence ended, however late the withdrawal job runs.
 */
export const runningLicenseWhere = (path: string, now: Date): Where => ({
  or: [{ [path]: { exists: false } }, { [path]: { greater_than: now.toISOString() } }],
})

/**
 * The first licence end after `startedAt` among those a response may show: the response must not be served
 * (or cached by anyone) from then on. Ends at or before `startedAt` had already withheld their images when the
 * response was produced, so they do not bound it.
 */
export function earliestEndAfter(ends: unknown[], startedAt: number): number | undefined {
  let earliest: number | undefined
  for (const end of ends) {
    const time = toTime(end)
    if (time !== null && time > startedAt && (earliest === undefined || time < earliest)) earliest = time
  }
  return earliest
}

const FIRST_YEAR = 1900
const LAST_YEAR = 9999

/**
 * Why a licence end cannot be stored, as a sentence for the editor, or null when it can: no end at all, or a
 * readable date and time in years the database and every reader can handle.
 */
export function licenseEndProblem(value: unknown): string | null {
  if (value === null || value === undefined) return null
  const time = value instanceof Date || typeof value === 'string' ? toTime(value) : null
  const year = time === null ? NaN : new Date(time).getUTCFullYear()
  if (time !== null && year >= FIRST_YEAR && year <= LAST_YEAR) return null
  return `The licence end must be a date and time between ${FIRST_YEAR} and ${LAST_YEAR}, such as 2027-01-31T00:00:00Z, or empty (null) for a licence that does not end.`
}

/** Licences ending after `now` and no later than `days` from it are the dashboard's warnings. */
export function isEndingSoon({ expiresAt, now, days }: { expiresAt: unknown; now: Date; days: number }): boolean {
  const time = toTime(expiresAt)
  return time !== null && time > now.getTime() && time <= now.getTime() + days * DAY_MS
}

/** Reads a whole number of days from the environment, falling back when it is missing or not a positive number. */
export function warningDaysFrom(value: string | undefined, fallback: number): number {
  const days = Number(value)
  return value !== undefined && value.trim() !== '' && Number.isInteger(days) && days > 0 ? days : fallback
}

export type WithdrawnImage = {
  articleId: number
  title: string
  mediaId: number
  filename: string | null
  alt: string | null
  creditLine: string | null
  expiresAt: string
}

/** One alert per story, image and licence end: a renewed licence that ends again is a new alert. */
export const withdrawalAlertKey = (image: Pick<WithdrawnImage, 'articleId' | 'mediaId' | 'expiresAt'>): string =>
  `license-expired:${image.articleId}:${image.mediaId}:${new Date(image.expiresAt).toISOString()}`

const minute = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ')

export function withdrawalMessage(image: WithdrawnImage): string {
  const name = image.filename ? `“${image.filename}” (media ${image.mediaId})` : `media ${image.mediaId}`
  const credit = image.creditLine ? `, credited “${image.creditLine}”,` : ''
  return (
    `The licence of image ${name}${credit} ended ${minute(image.expiresAt)} UTC while “${image.title}” (story ${image.articleId}) ` +
    'is live. Readers no longer see the image; the story stays published. Replace the image in the story, or renew the licence.'
  )
}
