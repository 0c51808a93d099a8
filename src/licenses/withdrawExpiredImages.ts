// The moment a photo licence ends on a live story: readers already stop seeing the image (access judges the
// licence at read time, and cached responses end with it); this job, queued for that moment, tells every
// process to drop what it cached and tells the editors which story needs which image replaced.
import type { PayloadRequest, TaskConfig } from 'payload'

import { announceChange } from '../cache/changeNotifications'
import { executeSql, type SqlTimestamp } from '../db/execute'
import { findEveryMatch } from '../db/findEveryMatch'
import { queueWebhookDeliveries } from '../webhooks/queueDeliveries'
import { editorEmails } from '../workflow/tasks'
import { type WithdrawnImage, withdrawalAlertKey, withdrawalMessage } from './licenseRules'

export const WITHDRAW_TASK = 'withdrawExpiredImages'
export const WITHDRAW_QUEUE = 'workflow'

const timestamp = (at: Date) => `'${at.toISOString()}'::timestamptz`

/**
 * Every image a live story shows whose licence has ended by `now`, its credit's or its own (the first of the two
 * ends it): one statement.
 */
const expiredOnLiveStoriesSql = (now: Date) => `
  select distinct a.id as article_id, a.title, a.slug, a.published_at, a.updated_at, m.id as media_id, m.filename, m.alt, c.id as credit_id, c.credit_line,
         least(c.license_expires_at, m.license_expires_at) as license_expires_at
  from articles a
  join articles_rels r on r.parent_id = a.id and r.path = 'images'
  join media m on m.id = r.media_id
  left join photo_credits c on c.id = m.credit_id
  where a._status = 'published' and a.deleted_at is null and least(c.license_expires_at, m.license_expires_at) <= ${timestamp(now)}
  order by a.id, m.id`

type ExpiredImageRow = {
  article_id: number
  title: string | null
  slug: string | null
  published_at: SqlTimestamp | null
  updated_at: SqlTimestamp | null
  media_id: number
  filename: string | null
  alt: string | null
  credit_id: number | null
  credit_line: string | null
  license_expires_at: SqlTimestamp
}

type StoryFacts = { slug: string | null; publishedAt: string | null; updatedAt: string | null }

const isoOrNull = (value: SqlTimestamp | null) => (value ? new Date(value).toISOString() : null)

export async function findImagesWithheldFromLiveStories(
  req: PayloadRequest,
  now: Date,
): Promise<(WithdrawnImage & { creditId: number | null; story: StoryFacts })[]> {
  const rows = await executeSql<ExpiredImageRow>(req, expiredOnLiveStoriesSql(now))
  return rows.map((row) => ({
    articleId: Number(row.article_id),
    title: String(row.title ?? ''),
    story: { slug: row.slug ?? null, publishedAt: isoOrNull(row.published_at), updatedAt: isoOrNull(row.updated_at) },
    mediaId: Number(row.media_id),
    filename: row.filename ?? null,
    alt: row.alt ?? null,
    creditId: row.credit_id === null ? null : Number(row.credit_id),
    creditLine: row.credit_line ?? null,
    expiresAt: new Date(row.license_expires_at).toISOString(),
  }))
}

/**
 * Purges every cached response showing a newly withheld image (in every process, through the change
 * announcement), records one alert per story and image and emails the editors once. Running it again raises
 * nothing new, so a late, repeated or duplicated job is harmless. Returns the number of new alerts.
 */
export async function withdrawExpiredImages(req: PayloadRequest, now = new Date()): Promise<number> {
  const withheld = await findImagesWithheldFromLiveStories(req, now)
  if (!withheld.length) return 0
  const keys = withheld.map(withdrawalAlertKey)
  const known = await findEveryMatch(req, { collection: 'workflow-alerts', where: { key: { in: keys } }, select: { key: true } })
  const alreadyRaised = new Set(known.map((alert) => alert.key))
  const fresh = withheld.filter((image) => !alreadyRaised.has(withdrawalAlertKey(image)))
  if (!fresh.length) return 0

  await announceChange(req, {
    media: fresh.map((image) => image.mediaId),
    'photo-credits': fresh.flatMap((image) => (image.creditId === null ? [] : [image.creditId])),
  })
  for (const image of fresh) {
    await req.payload.create({
      collection: 'workflow-alerts',
      data: { kind: 'license-expired', key: withdrawalAlertKey(image), article: image.articleId, message: withdrawalMessage(image) },
      overrideAccess: true,
      req,
    })
  }
  // Front ends that build pages from webhooks must rebuild these stories without the image.
  const stories = new Map(fresh.map((image) => [image.articleId, { id: image.articleId, title: image.title, ...image.story }]))
  for (const article of stories.values()) await queueWebhookDeliveries({ req, event: 'article.updated', article })
  try {
    const to = await editorEmails(req)
    if (to.length) {
      await req.payload.sendEmail({
        to,
        subject: `Newsroom alert: an image licence ended on ${stories.size === 1 ? 'a live story' : `${stories.size} live stories`}`,
        text: fresh.map((image) => `${withdrawalMessage(image)}\nStory: /admin/collections/articles/${image.articleId}`).join('\n\n'),
      })
    }
  } catch (error) {
    // The alerts are recorded and the dashboard shows them; a mail server being down must not undo that.
    req.payload.logger.error({ err: error }, 'Could not email the editors about ended image licences')
  }
  return fresh.length
}

const positiveIds = (ids: number[] = []) => [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))]

/**
 * Queues the withdrawal for each future licence end among these credits and photos (their own licences) that has
 * none queued yet (the job looks at every ended licence, so one job per moment is enough). Two statements whatever
 * the number of credits and photos.
 */
export async function scheduleWithdrawals(req: PayloadRequest, { creditIds, mediaIds }: { creditIds?: number[]; mediaIds?: number[] }, now = new Date()): Promise<void> {
  const credits = positiveIds(creditIds)
  const photos = positiveIds(mediaIds)
  if (!credits.length && !photos.length) return
  const endsOf = (table: string, ids: number[]) =>
    ids.length ? [`select license_expires_at from ${table} where id in (${ids.join(',')}) and license_expires_at > ${timestamp(now)}`] : []
  const rows = await executeSql<{ license_expires_at: SqlTimestamp }>(req, [...endsOf('photo_credits', credits), ...endsOf('media', photos)].join(' union '))
  const moments = rows.map((row) => new Date(row.license_expires_at))
  if (!moments.length) return
  const queued = await findEveryMatch(req, {
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: WITHDRAW_TASK } },
        { waitUntil: { in: moments.map((moment) => moment.toISOString()) } },
        { completedAt: { exists: false } },
      ],
    },
    select: { waitUntil: true },
  })
  const isQueued = new Set(queued.map((job) => (job.waitUntil ? new Date(job.waitUntil).getTime() : null)))
  for (const moment of moments) {
    if (isQueued.has(moment.getTime())) continue
    await req.payload.jobs.queue({ task: WITHDRAW_TASK, input: {}, queue: WITHDRAW_QUEUE, waitUntil: moment, req })
  }
}

export const withdrawExpiredImagesTask: TaskConfig = {
  slug: WITHDRAW_TASK,
  handler: async ({ req }) => ({ output: { alerts: await withdrawExpiredImages(req) } }),
} as TaskConfig
