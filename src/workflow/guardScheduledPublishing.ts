import { APIError, type PayloadRequest } from 'payload'

import { hasRole } from '../access/roles'

export type ScheduleInput = { type?: string | null; doc?: { relationTo?: string; value?: unknown } | null; user?: { value?: unknown } | null }

/**
 * Scheduling a story is an editor's act, and only an approved story may be scheduled to go live (the job
 * passes the gate again when it runs). Payload's own schedule handler checks only admin-panel access.
 */
export async function assertMayScheduleStory({ req, input, userId }: { req: PayloadRequest; input: ScheduleInput; userId?: unknown }) {
  if (input.doc?.relationTo !== 'articles') return
  const scheduler = userId
    ? await req.payload.findByID({ collection: 'users', id: userId as number, depth: 0, overrideAccess: true, req, disableErrors: true })
    : null
  if (!scheduler || !hasRole(scheduler, 'editor', 'admin')) {
    throw new APIError('Only editors can schedule stories to be published or unpublished.', 403, undefined, true)
  }
  if ((input.type ?? 'publish') !== 'publish') return
  const story = await req.payload.findByID({
    collection: 'articles',
    id: Number(input.doc.value),
    draft: true,
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (story.stage !== 'approved') {
    throw new APIError(
      `Only approved stories can be scheduled for publication; “${story.title}” is ${story.stage ?? 'a draft'}.`,
      400,
      undefined,
      true,
    )
  }
}
