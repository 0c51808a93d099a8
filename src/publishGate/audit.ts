// The archive-wide attribution audit: live stories that break the rule (rows changed behind the
// application's back), images withheld from live stories because their licence ended, and licences used by
// live stories that expire soon.
import type { PayloadRequest } from 'payload'

import { executeSql } from '../db/execute'
import { type AttributionProblem, findAttributionProblems, type MediaFacts } from './attributionProblems'
import type { ImageUse } from '../collections/Articles/storyReferences'
import { creditPartsOf } from './loadImageFacts'

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
         c.id as credit_exists, c.license_expires_at, c.credit_line, c.photographer, c.pool,
         (select o.name from organizations o where o.id = c.courtesy_of_id) as courtesy_name,
         array(select o.name from photo_credits_rels cr join organizations o on o.id = cr.organizations_id
               where cr.parent_id = c.id and cr.path = 'agencies' order by cr."order") as agency_names
  from articles a
  join articles_rels r on r.parent_id = a.id and r.path = 'images'
  left join media m on m.id = r.media_id
  left join photo_credits c on c.id = m.credit_id
  where a._status = 'published' and a.deleted_at is null
  order by a.id, r."order"`

const locationOf = (row: Record<string, unknown>) =>
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
  const rows = await executeSql(req, USES)
  const stories = new Map<number, StoryRef & { uses: ImageUse[] }>()
  const media = new Map<string, MediaFacts>()
  const expiring = new Map<number, AttributionAudit['expiringLicenses'][number]>()
  const withheld = new Map<number, AttributionAudit['withheldImages'][number]>()
  const horizon = now.getTime() + EXPIRY_WARNING_DAYS * 24 * 60 * 60 * 1000

  for (const row of rows) {
    const articleId = row.article_id as number
    const story = stories.get(articleId) ?? { id: articleId, title: row.title as string, slug: row.slug as string | null, uses: [] }
    stories.set(articleId, story)
    story.uses.push({ mediaId: row.media_id as number, location: locationOf(row) })
    if (row.media_exists) {
      media.set(String(row.media_id), {
        id: row.media_id as number,
        filename: row.filename as string | null,
        alt: row.alt as string | null,
        credit: row.credit_exists
          ? { id: row.credit_id as number, licenseExpiresAt: row.license_expires_at as string | null, parts: creditPartsOf(row) }
          : null,
      })
    }
    const expiresAt = row.license_expires_at ? new Date(row.license_expires_at as string) : null
    const storyRef = { id: articleId, title: story.title, slug: story.slug }
    if (row.media_exists && row.credit_exists && expiresAt && expiresAt.getTime() <= now.getTime()) {
      listStoryUnder(withheld, row.media_id as number, storyRef, () => ({
        mediaId: row.media_id as number,
        filename: row.filename as string | null,
        creditId: row.credit_id as number,
        creditLine: row.credit_line as string | null,
        expiredAt: expiresAt.toISOString(),
      }))
    }
    if (row.credit_exists && expiresAt && expiresAt.getTime() > now.getTime() && expiresAt.getTime() <= horizon) {
      listStoryUnder(expiring, row.credit_id as number, storyRef, () => ({
        creditId: row.credit_id as number,
        creditLine: row.credit_line as string | null,
        expiresAt: expiresAt.toISOString(),
      }))
    }
  }

  const brokenStories = [...stories.values()]
    .map(({ uses, ...story }) => ({ ...story, problems: findAttributionProblems({ imageUses: uses, media, now }) }))
    .filter((story) => story.problems.length > 0)
  return { checkedAt: now.toISOString(), brokenStories, expiringLicenses: [...expiring.values()], withheldImages: [...withheld.values()] }
}
