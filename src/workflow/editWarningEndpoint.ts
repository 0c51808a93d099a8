import type { PayloadRequest, TypedUser } from 'payload'

import { staffEndpoint } from '../access/staffEndpoints'
import { idOf } from '../fields/relationIds'
import type { Article } from '../payload-types'
import { pendingPublicationsOf } from './cancelSchedulesOfUnapprovedStory'
import { type EditWarning, warningBeforeEditing } from './editWarning'
import { isStage, type Stage } from './stages'

export type EditWarningAnswer = EditWarning & {
  stage: Stage
  isLive: boolean
  scheduledPublications: { jobId: number | string; waitUntil: string | null }[]
}

/**
 * What saving a change to `latest` (the story's latest draft, as `user` reads it) would do for `user`. The
 * edit-warning endpoint and the story's panels share it.
 */
export async function editWarningFor({ latest, user, req }: { latest: Article; user: TypedUser; req: PayloadRequest }): Promise<EditWarningAnswer> {
  const [live, pending] = await Promise.all([
    req.payload.findByID({
      collection: 'articles',
      id: latest.id,
      depth: 0,
      user,
      overrideAccess: false,
      req,
      disableErrors: true,
      draft: false,
      select: { _status: true, contentHash: true },
    }),
    pendingPublicationsOf({ req, articleId: latest.id }),
  ])
  const stage = isStage(latest.stage) ? latest.stage : 'draft'
  const isLive = live?._status === 'published'
  const decision = warningBeforeEditing({
    stage,
    role: user.role,
    isApprover: String(idOf(latest.approvedBy)) === String(user.id),
    isLive,
    hasUnpublishedChanges: isLive && latest.contentHash !== live?.contentHash,
    scheduledFor: pending.map((job) => job.waitUntil),
  })
  return { stage, isLive, scheduledPublications: pending.map(({ id: jobId, waitUntil }) => ({ jobId, waitUntil })), ...decision }
}

/**
 * GET /api/articles/:id/edit-warning: what saving a change would do for this user (back to review, schedule
 * cancelled), and whether they may publish the latest version as a correction. The workflow panel shows it.
 */
export const editWarningEndpoint = staffEndpoint({
  path: '/:id/edit-warning',
  method: 'get',
  refusals: { signIn: 'Sign in to edit stories.', notStaff: 'Only newsroom staff edit stories.' },
  handler: async ({ req, user, id }) => {
    const latest = await req.payload.findByID({ collection: 'articles', id, depth: 0, user, overrideAccess: false, req, disableErrors: true, draft: true })
    if (!latest) return Response.json({ errors: [{ message: `There is no story ${id} you can read.` }] }, { status: 404 })
    return Response.json(await editWarningFor({ latest, user, req }), { headers: { 'Cache-Control': 'private, no-store' } })
  },
})
