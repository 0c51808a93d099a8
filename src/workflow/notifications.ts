// Who hears about a stage change, and what they read. Sending never blocks or undoes the change.
import type { Payload, PayloadRequest } from 'payload'

import type { Stage } from './stages'
import { idOf } from '../fields/relationIds'
import { readSaveState } from '../saveState'

type StoryRef = { id: number | string; title?: string | null; authors?: unknown[] | null; reviewer?: unknown }


async function emailsOf(payload: Payload, req: PayloadRequest, where: Record<string, unknown>): Promise<string[]> {
  const { docs } = await payload.find({
    collection: 'users',
    where: where as never,
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
    select: { email: true },
  })
  return docs.map((user) => user.email).filter(Boolean)
}

const MESSAGES: Partial<Record<Stage, { audience: 'reviewer' | 'authors'; subject: (title: string) => string; text: string }>> = {
  'in-review': { audience: 'reviewer', subject: (title) => `Ready for review: ${title}`, text: 'was submitted for review.' },
  'changes-requested': { audience: 'authors', subject: (title) => `Changes requested: ${title}`, text: 'needs changes before it can be approved.' },
  approved: { audience: 'authors', subject: (title) => `Approved: ${title}`, text: 'was approved and can be published.' },
  published: { audience: 'authors', subject: (title) => `Published: ${title}`, text: 'is now live.' },
}

const CORRECTION_MESSAGE = { audience: 'authors', subject: (title: string) => `Correction published: ${title}`, text: 'was corrected; the change is live.' } as const

export async function notifyStageChange({
  req,
  story,
  to,
  note,
  by,
  isCorrection = false,
}: {
  req: PayloadRequest
  story: StoryRef
  to: Stage
  note?: string | null
  by?: string | null
  isCorrection?: boolean
}): Promise<void> {
  const message = isCorrection ? CORRECTION_MESSAGE : MESSAGES[to]
  if (!message || readSaveState(req, 'isWithoutNotifications')) return
  const { payload } = req
  try {
    const reviewerId = idOf(story.reviewer)
    const authorIds = (story.authors ?? []).map(idOf).filter((id) => id !== undefined && id !== null)
    const recipients =
      message.audience === 'reviewer'
        ? reviewerId
          ? await emailsOf(payload, req, { id: { equals: reviewerId } })
          : await emailsOf(payload, req, { role: { equals: 'editor' } })
        : authorIds.length
          ? await emailsOf(payload, req, { id: { in: authorIds } })
          : []
    if (!recipients.length) return
    const title = story.title || 'Untitled story'
    const lines = [`“${title}” ${message.text}`, by ? `By: ${by}` : '', note ? `Note: ${note}` : '', `Story: /admin/collections/articles/${story.id}`]
    await payload.sendEmail({ to: recipients, subject: message.subject(title), text: lines.filter(Boolean).join('\n') })
  } catch (error) {
    payload.logger.error({ err: error }, `Could not send the “${to}” notification for story ${story.id}`)
  }
}
