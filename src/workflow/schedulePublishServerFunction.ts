// The admin's "Schedule" drawer calls this server function; it checks the workflow before Payload's own handler.
import { schedulePublishHandler } from '@payloadcms/ui/utilities/schedulePublishHandler'
import type { PayloadRequest } from 'payload'

import { assertMayScheduleStory, type ScheduleInput } from './guardScheduledPublishing'

type Args = Parameters<typeof schedulePublishHandler>[0]

export async function guardedSchedulePublish(args: Args) {
  const { req, doc, type, deleteID } = args as Args & { req: PayloadRequest; doc?: ScheduleInput['doc']; type?: string; deleteID?: unknown }
  if (!deleteID || doc) {
    try {
      await assertMayScheduleStory({ req, input: { type, doc }, userId: req.user?.id })
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) }
    }
  }
  return schedulePublishHandler(args)
}
