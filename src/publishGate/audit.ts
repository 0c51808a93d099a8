// The archive-wide attribution audit: live stories that break the rule (rows changed behind the
// application's back), images withheld from live stories because their licence ended, and licences used by
// live stories that expire soon.
import { commitTransaction, initTransaction, killTransaction, type PayloadRequest } from 'payload'

import { executeSql, type SqlTimestamp } from '../db/execute'
import { type AttributionProblem, findAttributionProblems, type MediaFacts } from './attributionProblems'
import type { ImageUse } from '../collections/Articles/storyReferences'
import { type CreditFactsRow, creditPartsOf } from './loadImageFacts'
import { RECHECK_TABLE, SUSPECTS_TABLE } from './auditFindings'

export const EXPIRY_WARNING_DAYS = 30

type StoryRef = { id: number; title: string; slug: string | null }

export type AttributionAudit = {
  checkedAt: string
  brokenStories: (StoryRef & { problems: AttributionProblem[] })[]
  /** Per credit, or per photo where the licence ending is the photo's own (from its file, before its credit's). */
  expiringLicenses: { creditId: number; creditLine: string | null; expiresAt: string; stories: StoryRef[]; photoId?: number }[]
  /** Live stories' images whose licence ended: readers no longer see them (the story stays up); replace or renew. */
  withheldImages: { mediaId: number; filename: string | null; creditId: number; creditLine: string | null; expiredAt: string; stories: StoryRef[] }[]
}

/** A photo's facts as the rule reads them: the photo, its credit, the credit's organizations' names. */
const PHOTO_FACTS = `
         m.id as media_exists, m.filename, m.alt, m.credit_id,
         c.id as credit_exists, least(c.license_expires_at, m.license_expires_at) as license_expires_at, c.credit_line, c.photographer, c.pool,
         (m.license_expires_at is not null and (c.license_expires_at is null or m.license_expires_at < c.license_expires_at)) as is_photo_own,
         (select o.name from organizations o where o.id = c.courtesy_of_id) as courtesy_name,
         array(select o.name from photo_credits_rels cr join organizations o on o.id = cr.organizations_id
               where cr.parent_id = c.id and cr.path = 'agencies' order by cr."order") as agency_names`

/** Every live story's images (`stories`: a condition on `a`, to read only some of them). */
const uses = (stories = 'true') => `
  select a.id as article_id, a.title, a.slug, a.hero_image_id, a.social_image_id, r.media_id, ${PHOTO_FACTS}
  from articles a
  join articles_rels r on r.parent_id = a.id and r.path = 'images'
  left join media m on m.id = r.media_id
  left join photo_credits c on c.id = m.credit_id
  where a._status = 'published' and a.deleted_at is null and (${stories})
  order by a.id, r."order"`

/** What `uses` selects: one row per live story and image it shows; media and credit columns are null when missing. */
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
  /** The end above is the photo's own licence's (earlier than its credit's, or its credit has none). */
  is_photo_own: boolean | null
  credit_line: string | null
}

const locationOf = (row: ImageUseRow) =>
  row.media_id === row.hero_image_id ? 'hero image' : row.media_id === row.social_image_id ? 'social image' : 'body'

/** Lists `story` once under the entry `key` of `entries`, which `describe` creates the first time. */
function listStoryUnder<Entry extends { stories: StoryRef[] }, Key>(
  entries: Map<Key, Entry>,
  key: Key,
  story: StoryRef,
  describe: () => Omit<Entry, 'stories'>,
): void {
  const entry = entries.get(key) ?? ({ ...describe(), stories: [] } as unknown as Entry)
  if (!entry.stories.some((known) => known.id === story.id)) entry.stories.push(story)
  entries.set(key, entry)
}

/** A photo's facts as the rule is given them, from a row of PHOTO_FACTS; undefined when the photo is missing. */
const mediaFactsOf = (row: ImageUseRow | PhotoFactsRow, mediaId: number): MediaFacts | undefined =>
  row.media_exists
    ? {
        id: mediaId,
        filename: row.filename,
        alt: row.alt,
        credit:
          row.credit_exists !== null
            ? { id: row.credit_exists, licenseExpiresAt: row.license_expires_at, parts: creditPartsOf(row) }
            : null,
      }
    : undefined

/**
 * The answer from rows of `uses`: a story whose rows are left out must be one that adds nothing to it (no broken
 * image, no withheld image, no licence ending soon), so the incremental audit can pass only the stories that might.
 */
function judgeImageUses(rows: ImageUseRow[], now: Date): AttributionAudit {
  const stories = new Map<number, StoryRef & { uses: ImageUse[] }>()
  const media = new Map<string, MediaFacts>()
  const expiring = new Map<string, AttributionAudit['expiringLicenses'][number]>()
  const withheld = new Map<number, AttributionAudit['withheldImages'][number]>()
  const horizon = now.getTime() + EXPIRY_WARNING_DAYS * 24 * 60 * 60 * 1000

  for (const row of rows) {
    const articleId = row.article_id
    const story = stories.get(articleId) ?? { id: articleId, title: row.title, slug: row.slug, uses: [] }
    stories.set(articleId, story)
    story.uses.push({ mediaId: row.media_id, location: locationOf(row) })
    // credit_exists is the credit's own id (c.id), null when the photo or its credit is missing.
    const creditId = row.credit_exists
    const facts = mediaFactsOf(row, row.media_id)
    if (facts) media.set(String(row.media_id), facts)
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
      // A photo's own end concerns that photo's stories only: listed apart from its credit's licence.
      const photoId = row.is_photo_own ? row.media_id : undefined
      listStoryUnder(expiring, photoId === undefined ? `credit:${creditId}` : `photo:${photoId}`, storyRef, () => ({
        creditId,
        creditLine: row.credit_line,
        expiresAt: expiresAt.toISOString(),
        ...(photoId === undefined ? {} : { photoId }),
      }))
    }
  }

  const brokenStories = [...stories.values()]
    .map(({ uses, ...story }) => ({ ...story, problems: findAttributionProblems({ imageUses: uses, media, now }) }))
    .filter((story) => story.problems.length > 0)
  return { checkedAt: now.toISOString(), brokenStories, expiringLicenses: [...expiring.values()], withheldImages: [...withheld.values()] }
}

/** The reference answer: one query over every live story's images (65 s over a million stories). Tests compare. */
export async function scanAttributionAudit(req: PayloadRequest, now = new Date()): Promise<AttributionAudit> {
  return judgeImageUses(await executeSql<ImageUseRow>(req, uses()), now)
}

/** What the recheck reads of each marked photo: PHOTO_FACTS, the mark, and whether any story points at it. */
type PhotoFactsRow = Omit<ImageUseRow, 'article_id' | 'title' | 'slug' | 'hero_image_id' | 'social_image_id'> & {
  mark: string
  is_used: boolean
}

const RECHECK_BATCH = 2000
/** Before every date a licence can hold: the rule judged here without the time-based part (licences are read live). */
const BEFORE_EVERY_LICENCE = new Date(-8.64e15)

/** Broken whatever the date: missing and pointed at, or failing a rule of the gate other than the licence's date. */
function isSuspect(row: PhotoFactsRow): boolean {
  const facts = mediaFactsOf(row, row.media_id)
  if (!facts) return row.is_used
  const media = new Map([[String(row.media_id), facts]])
  return findAttributionProblems({ imageUses: [{ mediaId: row.media_id, location: 'recheck' }], media, now: BEFORE_EVERY_LICENCE }).length > 0
}

/**
 * Judges again, with the gate's JavaScript rule, every photo the triggers marked since the last answer, and keeps
 * attribution_audit_suspects in step. Proportional to what changed. One drain at a time (an advisory lock held
 * until the commit), so a slower drain that read older facts cannot overwrite a newer one's finding; a mark made
 * while a photo was being judged stays (its `mark` differs) and is judged next time.
 */
export async function recheckMarkedPhotos(req: PayloadRequest): Promise<number> {
  const isOwnTransaction = await initTransaction(req)
  try {
    await executeSql(req, `select pg_advisory_xact_lock(hashtext('${RECHECK_TABLE}'))`)
    let judged = 0
    let after = -1
    for (;;) {
      const rows = await executeSql<PhotoFactsRow>(
        req,
        `select q.media_id, q.mark::text as mark,
                exists (select 1 from articles_rels u where u.media_id = q.media_id) as is_used, ${PHOTO_FACTS}
         from (select media_id, mark from ${RECHECK_TABLE} where media_id > ${after} order by media_id limit ${RECHECK_BATCH}) q
         left join media m on m.id = q.media_id
         left join photo_credits c on c.id = m.credit_id
         order by q.media_id`,
      )
      if (!rows.length) break
      const suspects = rows.filter(isSuspect).map((row) => row.media_id)
      const cleared = rows.filter((row) => !suspects.includes(row.media_id)).map((row) => row.media_id)
      if (suspects.length) {
        await executeSql(req, `insert into ${SUSPECTS_TABLE} (media_id) select unnest(array[${suspects.join(',')}]::integer[]) on conflict do nothing`)
      }
      if (cleared.length) await executeSql(req, `delete from ${SUSPECTS_TABLE} where media_id = any(array[${cleared.join(',')}]::integer[])`)
      await executeSql(
        req,
        `delete from ${RECHECK_TABLE} q using unnest(array[${rows.map((row) => row.media_id).join(',')}]::integer[],
                                                 array[${rows.map((row) => row.mark).join(',')}]::bigint[]) as seen(media_id, mark)
         where q.media_id = seen.media_id and q.mark = seen.mark`,
      )
      judged += rows.length
      after = rows[rows.length - 1].media_id
      if (rows.length < RECHECK_BATCH) break
    }
    if (isOwnTransaction) await commitTransaction(req)
    return judged
  } catch (error) {
    if (isOwnTransaction) await killTransaction(req)
    throw error
  }
}

/**
 * The live stories that may add to the answer, by index: those showing a suspect photo, a photo whose credit's
 * licence or its own ends before the warning horizon (ended ones included: both by their `license_expires_at`
 * index), or an image
 * row pointing at no photo at all.
 */
const storiesThatMayAddToTheAnswer = (horizon: Date) => `a.id in (
  select r.parent_id from articles_rels r
  where r.path = 'images' and r.media_id in (
    select media_id from ${SUSPECTS_TABLE}
    union all
    select m.id from photo_credits c join media m on m.credit_id = c.id where c.license_expires_at <= '${horizon.toISOString()}'::timestamptz
    union all
    select m.id from media m where m.license_expires_at <= '${horizon.toISOString()}'::timestamptz)
  union all
  select r.parent_id from articles_rels r where r.path = 'images' and r.media_id is null)`

/**
 * The audit's answer, exactly the scan's (tests/integration/attributionAuditIncremental.test.ts), read from the
 * findings: after judging what changed since the last answer, only the stories that may add to it are read.
 */
export async function runAttributionAudit(req: PayloadRequest, now = new Date()): Promise<AttributionAudit> {
  await recheckMarkedPhotos(req)
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS * 24 * 60 * 60 * 1000)
  return judgeImageUses(await executeSql<ImageUseRow>(req, uses(storiesThatMayAddToTheAnswer(horizon))), now)
}
