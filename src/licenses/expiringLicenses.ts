// What editors see coming: licences of images on live stories that end within the warning period, with the
// stories and images concerned (one statement), and the images already withheld because theirs ended.
import type { PayloadRequest } from 'payload'

import { executeSql, type SqlTimestamp } from '../db/execute'

type StoryRef = { id: number; title: string; slug: string | null }
type ImageRef = { id: number; filename: string | null }

export type ExpiringLicense = { creditId: number; creditLine: string | null; expiresAt: string; stories: StoryRef[]; images: ImageRef[] }

const timestamp = (at: Date) => `'${at.toISOString()}'::timestamptz`

const endingBetween = (from: Date, to: Date) => `
  select c.id as credit_id, c.credit_line, c.license_expires_at, a.id as article_id, a.title, a.slug,
         m.id as media_id, m.filename
  from photo_credits c
  join media m on m.credit_id = c.id
  join articles_rels r on r.media_id = m.id and r.path = 'images'
  join articles a on a.id = r.parent_id
  where a._status = 'published' and a.deleted_at is null
    and c.license_expires_at > ${timestamp(from)} and c.license_expires_at <= ${timestamp(to)}
  order by c.license_expires_at, c.id, a.id, m.id`

/** What endingBetween selects: one row per credit, story and image. */
export type EndingLicenseRow = {
  credit_id: number
  credit_line: string | null
  license_expires_at: SqlTimestamp
  article_id: number
  title: string | null
  slug: string | null
  media_id: number
  filename: string | null
}

/** Rows of (credit, story, image) grouped per credit, soonest end first, each story and image once. */
export function groupByCredit(rows: EndingLicenseRow[]): ExpiringLicense[] {
  const byCredit = new Map<number, ExpiringLicense>()
  for (const row of rows) {
    const creditId = Number(row.credit_id)
    const entry = byCredit.get(creditId) ?? {
      creditId,
      creditLine: row.credit_line ?? null,
      expiresAt: new Date(row.license_expires_at).toISOString(),
      stories: [],
      images: [],
    }
    byCredit.set(creditId, entry)
    const articleId = Number(row.article_id)
    if (!entry.stories.some((story) => story.id === articleId)) {
      entry.stories.push({ id: articleId, title: String(row.title ?? ''), slug: row.slug ?? null })
    }
    const mediaId = Number(row.media_id)
    if (!entry.images.some((image) => image.id === mediaId)) entry.images.push({ id: mediaId, filename: row.filename ?? null })
  }
  return [...byCredit.values()]
}

export async function findLicensesEndingSoon(req: PayloadRequest, { now, days }: { now: Date; days: number }): Promise<ExpiringLicense[]> {
  const horizon = new Date(now.getTime() + days * 24 * 60 * 60 * 1000)
  return groupByCredit(await executeSql<EndingLicenseRow>(req, endingBetween(now, horizon)))
}
