// The admin's "Schedule" drawer calls this server function (`schedule-publish`) to schedule, move and cancel
// a story's publication. It replaces Payload's handler, which checks only admin-panel access, deletes the job
// with access control off, and queues an empty job when asked only to cancel.
import { commitTransaction, initTransaction, killTransaction, type PayloadRequest } from 'payload'
import type { schedulePublishHandler } from '@payloadcms/ui/utilities/schedulePublishHandler'

import { recordAuditEvent } from '../audit/recordAuditEvent'
import {
  assertIsSchedulingEditor,
  assertMayScheduleStory,
  findScheduledPublication,
  logCancelledSchedule,
  type ScheduleInput,
} from './guardScheduledPublishing'
import { canonicalTimeZone, describeInvalidTimeZone } from './newsroomTimeZone'
import { newsroomTimeZone } from '../globals/SiteSettings'

type Args = Parameters<typeof schedulePublishHandler>[0]

const isGiven = (value: unknown) => value !== undefined && value !== null && value !== ''

export async function guardedSchedulePublish(args: Args): Promise<{ message: string } | { error: string }> {
  const { req, doc, type, deleteID, date, global, localeToPublish, timezone } = args as Args & {
    req: PayloadRequest
    doc?: ScheduleInput['doc']
    deleteID?: unknown
    global?: unknown
  }
  const isCancelling = isGiven(deleteID)
  const shouldCommit = await initTransaction(req)
  try {
    await assertIsSchedulingEditor({ req, userId: req.user?.id })
    if (isGiven(global)) throw new Error('Only stories can be scheduled. Open the story and use its Schedule button.')
    if (!isCancelling && !doc) throw new Error('Say which story to schedule (`doc`), or which schedule to cancel (`deleteID`).')
    const cancelled = isCancelling ? await findScheduledPublication({ req, jobId: deleteID }) : undefined
    // The drawer sends a Date (server actions keep its type); an ISO string from another client is accepted too.
    const waitUntil = date instanceof Date ? date : typeof date === 'string' ? new Date(date) : undefined
    if (doc) {
      await assertMayScheduleStory({ req, input: { type, doc }, userId: req.user?.id })
      if (!waitUntil || Number.isNaN(waitUntil.getTime())) throw new Error(`Choose the date and time the story should be ${type === 'unpublish' ? 'unpublished' : 'published'}.`)
      if (isGiven(timezone) && canonicalTimeZone(timezone) === null) throw new Error(describeInvalidTimeZone(timezone))
    }
    // The zone the drawer shows the time in again: the one chosen, else the newsroom's.
    const zone = doc ? (canonicalTimeZone(timezone) ?? (await newsroomTimeZone({ payload: req.payload, req }))) : undefined
    if (cancelled) {
      await req.payload.delete({ collection: 'payload-jobs', id: cancelled.id, overrideAccess: true, req })
      await logCancelledSchedule({ req, cancelled, replacedBy: doc ? { type: type ?? 'publish', date: waitUntil } : undefined })
    }
    if (doc) {
      await req.payload.jobs.queue({
        task: 'schedulePublish',
        // `timezone` is not in the task's input schema but Payload's drawer reads it back from the job.
        input: {
          type: type === 'unpublish' ? 'unpublish' : 'publish',
          doc: { relationTo: 'articles', value: Number(doc.value) },
          locale: localeToPublish,
          timezone: zone,
          user: { relationTo: 'users', value: req.user!.id },
        } as never,
        waitUntil,
        req,
      })
      const story = await req.payload.findByID({ collection: 'articles', id: Number(doc.value), draft: true, depth: 0, select: { title: true }, overrideAccess: true, req, disableErrors: true })
      await recordAuditEvent(req, {
        action: 'story.scheduled',
        document: { collection: 'articles', id: Number(doc.value), title: story?.title },
        details: { type: type === 'unpublish' ? 'unpublish' : 'publish', at: waitUntil?.toISOString() },
      })
    }
    if (shouldCommit) await commitTransaction(req)
    return { message: req.i18n?.t('general:success') ?? 'Done.' }
  } catch (error) {
    if (shouldCommit) await killTransaction(req)
    return { error: error instanceof Error ? error.message : String(error) }
  }
}
