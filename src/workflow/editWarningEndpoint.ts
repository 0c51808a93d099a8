import { staffEndpoint } from '../access/staffEndpoints'
import { idOf } from '../fields/relationIds'
import { pendingPublicationsOf } from './cancelSchedulesOfUnapprovedStory'
import { warningBeforeEditing } from './editWarning'
import { isStage } from './stages'

/**
 * GET /api/articles/:id/edit-warning: what saving a change would do for this user (back to review, schedule
 * cancelled), and whether they may publish the latest version as a correction. The workflow panel shows it.
 */
export const editWarningEndpoint = staffEndpoint({
  path: '/:id/edit-warning',
  method: 'get',
  refusals: { signIn: 'Sign in to edit stories.', notStaff: 'Only newsroom staff edit stories.' },
  handler: async ({ req, user, id }) => {
    const read = { collection: 'articles', id, depth: 0, user, overrideAccess: false, req, disableErrors: true } as const
    const [latest, live, pending] = await Promise.all([
      req.payload.findByID({ ...read, draft: true }),
      req.payload.findByID({ ...read, draft: false, select: { _status: true, contentHash: true } }),
      pendingPublicationsOf({ req, articleId: id }),
    ])
    if (!latest) return Response.json({ errors: [{ message: `There is no story ${id} you can read.` }] }, { status: 404 })
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
    return Response.json(
      { stage, isLive, scheduledPublications: pending.map(({ id: jobId, waitUntil }) => ({ jobId, waitUntil })), ...decision },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  },
})
