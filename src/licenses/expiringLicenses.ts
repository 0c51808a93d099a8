// What editors see coming: licences of images on live stories that end within the warning period, with the
// stories and images concerned (one statement), and the images already withheld because theirs ended. A photo's own
// licence (from its file) that ends before its credit's is listed apart, as that photo's.
import type { PayloadRequest } from 'payload'

import { executeSql, type SqlTimestamp } from '../db/execute'

type StoryRef = { id: number; title: string; slug: string | null }
type ImageRef = { id: number; filename: string | null }

export type ExpiringLicense = {
  creditId: number | null
  creditLine: string | null
  expiresAt: string
  stories: StoryRef[]
  images: ImageRef[]
  /** Set when the licence ending is this photo's own, not its credit's. */
  photoId?: number
}

const timestamp = (at: Date) => `'${at.toISOString()}'::timestamptz`

const endingBetween = (from: Date, to: Date) => `
  select c.id as credit_id, c.credit_line, least(c.license_expires_at, m.license_expires_at) as license_expires_at,
         a.id as article_id, a.title, a.slug, m.id as media_id, m.filename,
         (m.license_expires_at is not null and (c.license_expires_at is null or m.license_expires_at < c.license_expires_at)) as is_photo_own
  from media m
  left join photo_credits c on c.id = m.credit_id
  join articles_rels r on r.media_id = m.id and r.path = 'images'
  join articles a on a.id = r.parent_id
  where a._status = 'published' and a.deleted_at is null
    and least(c.license_expires_at, m.license_expires_at) > ${timestamp(from)} and least(c.license_expires_at, m.license_expires_at) <= ${timestamp(to)}
  order by 3, c.id, a.id, m.id`

/** What endingBetween selects: one row per credit, story and image. */
export type EndingLicenseRow = {
  credit_id: number | null
  credit_line: string | null
  license_expires_at: SqlTimestamp
  article_id: number
  title: string | null
  slug: string | null
  media_id: number
  filename: string | null
  /** The end is the photo's own licence's (earlier than its credit's, or its credit has none). */
  is_photo_own?: boolean
}

/**
 * Rows of (credit, story, image) grouped per credit (or per photo, for a photo's own licence), soonest end first,
 * each story and image once.
 */
export function groupByCredit(rows: EndingLicenseRow[]): ExpiringLicense[] {
  const byLicence = new Map<string, ExpiringLicense>()
  for (const row of rows) {
    const creditId = row.credit_id === null ? null : Number(row.credit_id)
    const photoId = row.is_photo_own ? Number(row.media_id) : undefined
    const key = photoId === undefined ? `credit:${creditId}` : `photo:${photoId}`
    const entry = byLicence.get(key) ?? {
      creditId,
      creditLine: row.credit_line ?? null,
      expiresAt: new Date(row.license_expires_at).toISOString(),
      stories: [],
      images: [],
      ...(photoId === undefined ? {} : { photoId }),
    }
    byLicence.set(key, entry)
    const articleId = Number(row.article_id)
    if (!entry.stories.some((story) => story.id === articleId)) {
      entry.stories.push({ id: articleId, title: String(row.title ?? ''), slug: row.slug ?? null })
    }
    const mediaId = Number(row.media_id)
    if (!entry.images.some((image) => image.id === mediaId)) entry.images.push({ id: mediaId, filename: row.filename ?? null })
  }
  return [...byLicence.values()]
}

export async function findLicensesEndingSoon(req: PayloadRequest, { now, days }: { now: Date; days: number }): Promise<ExpiringLicense[]> {
  const horizon = new Date(now.getTime() + days * 24 * 60 * 60 * 1000)
  return groupByCredit(await executeSql<EndingLicenseRow>(req, endingBetween(now, horizon)))
}
