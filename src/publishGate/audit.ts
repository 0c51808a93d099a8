// The archive-wide attribution audit: live stories that break the rule (rows changed behind the
// application's back), images withheld from live stories because their licence ended, and licences used by
// live stories that expire soon.
import type { PayloadRequest } from 'payload'

import { executeSql, type SqlTimestamp } from '../db/execute'
import { type AttributionProblem, findAttributionProblems, type MediaFacts } from './attributionProblems'
import type { ImageUse } from '../collections/Articles/storyReferences'
import { type CreditFactsRow, creditPartsOf } from './loadImageFacts'

export const EXPIRY_WARNING_DAYS = 30

type StoryRef = { id: number; title: string; slug: string | null }

export type AttributionAudit = {
  checkedAt: string
  brokenStories: (StoryRef & { problems: AttributionProblem[] })[]
  expiringLicenses: { creditId: number; creditLine: string | null; expiresAt: string; stories: StoryRef[] }[]
  /** Live stories' images whose licence ended: readers no longer see them (the story stays up); replace or renew. */
  withheldImages: { mediaId: number; filename: string | null; creditId: number; creditLine: string | null; expiredAt: string; stories: StoryRef[] }[]
}

const USES = `
  select a.id as article_id, a.title, a.slug, a.hero_image_id, a.social_image_id,
         r.media_id, m.id as media_exists, m.filename, m.alt, m.credit_id,
         c.id as credit_exists, least(c.license_expires_at, m.license_expires_at) as license_expires_at, c.credit_line, c.photographer, c.pool,
         (select o.name from organizations o where o.id = c.courtesy_of_id) as courtesy_name,
         array(select o.name from photo_credits_rels cr join organizations o on o.id = cr.organizations_id
               where cr.parent_id = c.id and cr.path = 'agencies' order by cr."order") as agency_names
  from articles a
  join articles_rels r on r.parent_id = a.id and r.path = 'images'
  left join media m on m.id = r.media_id
  left join photo_credits c on c.id = m.credit_id
  where a._status = 'published' and a.deleted_at is null
  order by a.id, r."order"`

/** What USES selects: one row per live story and image it shows; media and credit columns are null when missing. */
type ImageUseRow = Pick<CreditFactsRow, 'photographer' | 'pool' | 'courtesy_name' | 'agency_names'> & {
  article_id: number
  title: string
  slug: string | null
  hero_image_id: number | null
  social_image_id: number | null
  media_id: number
  media_exists: number | null
  filename: string | null
  alt: string | null
  credit_id: number | null
  credit_exists: number | null
  license_expires_at: SqlTimestamp | null
  credit_line: string | null
}

const locationOf = (row: ImageUseRow) =>
  row.media_id === row.hero_image_id ? 'hero image' : row.media_id === row.social_image_id ? 'social image' : 'body'

/** Lists `story` once under the entry `key` of `entries`, which `describe` creates the first time. */
function listStoryUnder<Entry extends { stories: StoryRef[] }>(
  entries: Map<number, Entry>,
  key: number,
  story: StoryRef,
  describe: () => Omit<Entry, 'stories'>,
): void {
  const entry = entries.get(key) ?? ({ ...describe(), stories: [] } as unknown as Entry)
  if (!entry.stories.some((known) => known.id === story.id)) entry.stories.push(story)
  entries.set(key, entry)
}

/** One query over every live story's images, whatever the size of the archive's bodies. */
export async function runAttributionAudit(req: PayloadRequest, now = new Date()): Promise<AttributionAudit> {
  const rows = await executeSql<ImageUseRow>(req, USES)
  const stories = new Map<number, StoryRef & { uses: ImageUse[] }>()
  const media = new Map<string, MediaFacts>()
  const expiring = new Map<number, AttributionAudit['expiringLicenses'][number]>()
  const withheld = new Map<number, AttributionAudit['withheldImages'][number]>()
  const horizon = now.getTime() + EXPIRY_WARNING_DAYS * 24 * 60 * 60 * 1000

  for (const row of rows) {
    const articleId = row.article_id
    const story = stories.get(articleId) ?? { id: articleId, title: row.title, slug: row.slug, uses: [] }
    stories.set(articleId, story)
    story.uses.push({ mediaId: row.media_id, location: locationOf(row) })
    // credit_exists is the credit's own id (c.id), null when the photo or its credit is missing.
    const creditId = row.credit_exists
    if (row.media_exists) {
      media.set(String(row.media_id), {
        id: row.media_id,
        filename: row.filename,
        alt: row.alt,
        credit: creditId !== null ? { id: creditId, licenseExpiresAt: row.license_expires_at, parts: creditPartsOf(row) } : null,
      })
    }
    const expiresAt = row.license_expires_at ? new Date(row.license_expires_at) : null
    const storyRef = { id: articleId, title: story.title, slug: story.slug }
    if (row.media_exists && creditId !== null && expiresAt && expiresAt.getTime() <= now.getTime()) {
      listStoryUnder(withheld, row.media_id, storyRef, () => ({
        mediaId: row.media_id,
        filename: row.filename,
        creditId,
        creditLine: row.credit_line,
        expiredAt: expiresAt.toISOString(),
      }))
    }
    if (creditId !== null && expiresAt && expiresAt.getTime() > now.getTime() && expiresAt.getTime() <= horizon) {
      listStoryUnder(expiring, creditId, storyRef, () => ({
        creditId,
        creditLine: row.credit_line,
        expiresAt: expiresAt.toISOString(),
      }))
    }
  }

  const brokenStories = [...stories.values()]
    .map(({ uses, ...story }) => ({ ...story, problems: findAttributionProblems({ imageUses: uses, media, now }) }))
    .filter((story) => story.problems.length > 0)
  return { checkedAt: now.toISOString(), brokenStories, expiringLicenses: [...expiring.values()], withheldImages: [...withheld.values()] }
}
