// A story that leaves approval (a real edit sends it back to review, an editor sends it back to draft or archives
// it) can no longer go live on schedule: its pending scheduled publications are cancelled at once, logged, and their
// owners alerted, instead of failing when their time comes.
import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'

import { executeSql, type SqlTimestamp } from '../db/execute'
import { findEveryMatch } from '../db/findEveryMatch'
import { describeScheduleTime } from './guardScheduledPublishing'
import { isPublishable, isStage, quotedStage } from './stages'
import { raiseAlert } from './tasks'
import { noteInStageLog } from './noteInStageLog'

export type PendingPublication = { id: number; waitUntil: string | null; ownerId: number | null }

type JobRow = { id: number; wait_until: SqlTimestamp | null; owner: string | null }

/** The story's scheduled publications that have not run yet (locked for the caller's transaction when asked). */
export async function pendingPublicationsOf({ req, articleId, lock = false }: { req: PayloadRequest; articleId: number | string; lock?: boolean }) {
  const id = Number(articleId)
  if (!Number.isSafeInteger(id)) return []
  const rows = await executeSql<JobRow>(
    req,
    `select id, wait_until, input->'user'->>'value' as owner from payload_jobs
     where task_slug = 'schedulePublish' and completed_at is null
       and coalesce(input->>'type', 'publish') = 'publish'
       and input->'doc'->>'relationTo' = 'articles' and input->'doc'->>'value' = '${id}'
     order by wait_until${lock ? ' for update' : ''}`,
  )
  return rows.map(
    (row): PendingPublication => ({
      id: Number(row.id),
      waitUntil: row.wait_until ? new Date(row.wait_until).toISOString() : null,
      ownerId: row.owner !== null && Number.isSafeInteger(Number(row.owner)) ? Number(row.owner) : null,
    }),
  )
}

export const cancelSchedulesOfUnapprovedStory: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const from = previousDoc?.stage
  const to = doc.stage
  if (!isStage(from) || !isStage(to) || from === to || !isPublishable(from) || isPublishable(to) || to === 'published') return doc
  const pending = await pendingPublicationsOf({ req, articleId: doc.id, lock: true })
  if (!pending.length) return doc

  const ownerIds = [...new Set(pending.map((job) => job.ownerId).filter((id): id is number => id !== null))]
  const [owners] = await Promise.all([
    ownerIds.length
      ? findEveryMatch(req, { collection: 'users', where: { id: { in: ownerIds } }, select: { email: true, name: true } })
      : [],
    req.payload.delete({ collection: 'payload-jobs', where: { id: { in: pending.map((job) => job.id) } }, overrideAccess: true, req }),
  ])
  const ownerById = new Map(owners.map((owner) => [owner.id, owner]))
  const editor = req.user?.name ?? (req.user ? `user ${req.user.id}` : 'the system')
  const title = doc.title || 'Untitled story'
  for (const job of pending) {
    const when = describeScheduleTime(job.waitUntil)
    const note = `Cancelled the scheduled publication due ${when}: the story went from ${quotedStage(from)} to ${quotedStage(to)}.`
    await noteInStageLog(req, { articleId: doc.id, stage: to, note })
    const owner = job.ownerId !== null ? ownerById.get(job.ownerId) : undefined
    await raiseAlert({
      req,
      kind: 'cancelled-schedule',
      key: `schedule-cancelled:${job.id}`,
      articleId: Number(doc.id),
      recipient: owner?.id,
      message: `The publication of “${title}” scheduled for ${when} was cancelled: the story went from ${quotedStage(from)} to ${quotedStage(to)} (${editor}). Once it is approved again, schedule it anew.`,
      to: owner?.email ? [owner.email] : [],
    })
  }
  return doc
}
