import { APIError, type PayloadRequest } from 'payload'

import { recordAuditEvent } from '../audit/recordAuditEvent'
import { hasRole } from '../access/roles'
import { executeSql } from '../db/execute'
import { isPublishable, PUBLISHABLE_STAGES, quotedStage, STAGE_LABELS } from './stages'
import { noteInStageLog } from './noteInStageLog'

export type ScheduleInput = { type?: string | null; doc?: { relationTo?: string; value?: unknown } | null; user?: { value?: unknown } | null }

export const SCHEDULE_TYPES = ['publish', 'unpublish'] as const

/** The schedule as the newsroom reads it in a log line: "2026-12-05 10:00 UTC". */
export const describeScheduleTime = (value: unknown) =>
  typeof value === 'string' || value instanceof Date ? `${new Date(value).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'an unknown time'

/**
 * Every call of the admin's schedule function is an editor's act: scheduling, moving and cancelling alike.
 * The account is read again, so a role taken away since sign-in counts.
 */
export async function assertIsSchedulingEditor({ req, userId }: { req: PayloadRequest; userId?: unknown }) {
  const scheduler = userId
    ? await req.payload.findByID({ collection: 'users', id: userId as number, depth: 0, overrideAccess: true, req, disableErrors: true })
    : null
  if (!scheduler || !hasRole(scheduler, 'editor', 'admin')) {
    throw new APIError('Only editors can schedule, move or cancel the publication of stories.', 403, undefined, true)
  }
}

/**
 * Scheduling a story is an editor's act, and only a story the moves table lets go live may be scheduled (the job
 * passes the gate again when it runs). Payload's own schedule handler checks only admin-panel access.
 */
export async function assertMayScheduleStory({ req, input, userId }: { req: PayloadRequest; input: ScheduleInput; userId?: unknown }) {
  await assertIsSchedulingEditor({ req, userId })
  if (input.doc?.relationTo !== 'articles') {
    throw new APIError('Only stories can be scheduled. Open the story and use its Schedule button.', 400, undefined, true)
  }
  if (!(SCHEDULE_TYPES as readonly unknown[]).includes(input.type ?? 'publish')) {
    throw new APIError(`A schedule either publishes or unpublishes a story; “${String(input.type)}” is neither.`, 400, undefined, true)
  }
  const storyId = Number(input.doc.value)
  if (!Number.isSafeInteger(storyId) || storyId <= 0) throw new APIError('Say which story to schedule by its number.', 400, undefined, true)
  if ((input.type ?? 'publish') !== 'publish') return
  const story = await req.payload.findByID({
    collection: 'articles',
    id: storyId,
    draft: true,
    depth: 0,
    overrideAccess: true,
    req,
    disableErrors: true,
  })
  if (!story) throw new APIError(`There is no story ${String(input.doc.value)} to schedule.`, 404, undefined, true)
  if (!isPublishable(story.stage)) {
    const publishable = PUBLISHABLE_STAGES.map((stage) => STAGE_LABELS[stage].toLowerCase()).join(' or ')
    throw new APIError(
      `Only ${publishable} stories can be scheduled for publication; “${story.title}” is in ${quotedStage(story.stage)}.`,
      400,
      undefined,
      true,
    )
  }
}

export type ScheduledPublication = { id: number; articleId?: number; type: string; waitUntil?: string | null }

/** The pending scheduled publication `jobId` names, or a 4xx a person can act on. */
export async function findScheduledPublication({ req, jobId }: { req: PayloadRequest; jobId: unknown }): Promise<ScheduledPublication> {
  const id = typeof jobId === 'number' || typeof jobId === 'string' ? Number(jobId) : Number.NaN
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new APIError('Say which scheduled publication to cancel by its number (`deleteID`).', 400, undefined, true)
  }
  // Two editors cancelling at once take turns: the second then finds the schedule gone.
  await executeSql(req, `select id from payload_jobs where id = ${id} for update`)
  const { docs } = await req.payload.find({
    collection: 'payload-jobs',
    where: { and: [{ id: { equals: id } }, { taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }] },
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const job = docs[0]
  if (!job) throw new APIError('This scheduled publication has already run or was cancelled. Reload the page to see the current schedule.', 404, undefined, true)
  const input = (job.input ?? {}) as ScheduleInput
  return {
    id,
    articleId: input.doc?.relationTo === 'articles' ? Number(input.doc.value) : undefined,
    type: input.type ?? 'publish',
    waitUntil: job.waitUntil,
  }
}

/** A cancelled or moved schedule leaves a line in the story's log: the job itself is deleted. */
export async function logCancelledSchedule({
  req,
  cancelled,
  replacedBy,
}: {
  req: PayloadRequest
  cancelled: ScheduledPublication
  replacedBy?: { type: string; date: unknown }
}) {
  const what = cancelled.type === 'unpublish' ? 'unpublication' : 'publication'
  const note = replacedBy
    ? `Moved the scheduled ${what} from ${describeScheduleTime(cancelled.waitUntil)} to ${replacedBy.type} at ${describeScheduleTime(replacedBy.date)}.`
    : `Cancelled the scheduled ${what} due ${describeScheduleTime(cancelled.waitUntil)}.`
  req.payload.logger.info({ job: cancelled.id, article: cancelled.articleId, by: req.user?.id }, note)
  if (cancelled.articleId === undefined) return
  const story = await req.payload.findByID({
    collection: 'articles',
    id: cancelled.articleId,
    draft: true,
    depth: 0,
    select: { stage: true, title: true },
    overrideAccess: true,
    req,
    disableErrors: true,
  })
  if (!story) return
  await recordAuditEvent(req, {
    action: 'story.schedule-cancelled',
    document: { collection: 'articles', id: cancelled.articleId, title: story.title },
    details: { type: cancelled.type, due: cancelled.waitUntil ?? null, movedTo: replacedBy ? String(replacedBy.date instanceof Date ? replacedBy.date.toISOString() : replacedBy.date) : null },
  })
  await noteInStageLog(req, { articleId: cancelled.articleId, stage: story.stage, note })
}
