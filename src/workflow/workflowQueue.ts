import type { Endpoint, Where } from 'payload'

import { hasRole } from '../access/roles'
import { settings } from '../env'
import { findLicensesEndingSoon } from '../licenses/expiringLicenses'
import { findImagesWithheldFromLiveStories } from '../licenses/withdrawExpiredImages'

const SUMMARY = { title: true, slug: true, stage: true, dueAt: true, reviewer: true, updatedAt: true } as const

/**
 * GET /api/workflow/queue: the dashboard's lists — assigned to me, awaiting review, overdue, scheduled, alerts,
 * image licences of live stories ending within LICENSE_WARNING_DAYS, and images withheld because theirs ended.
 */
export const workflowQueueEndpoint: Endpoint = {
  path: '/workflow/queue',
  method: 'get',
  handler: async (req) => {
    const { user, payload } = req
    if (!hasRole(user, 'admin', 'editor', 'writer')) {
      return Response.json({ errors: [{ message: 'Sign in as newsroom staff.' }] }, { status: 401 })
    }
    const stories = (where: Where) =>
      payload
        .find({ collection: 'articles', draft: true, where, select: SUMMARY, depth: 0, limit: 20, sort: 'dueAt', user, overrideAccess: false, req })
        .then(({ docs }) => docs)
    const moment = new Date()
    const now = moment.toISOString()
    const [assignedToMe, awaitingReview, overdue, scheduledJobs, alerts, expiringLicenses, withheld] = await Promise.all([
      stories({ and: [{ reviewer: { equals: user!.id } }, { stage: { equals: 'in-review' } }] }),
      stories({ stage: { equals: 'in-review' } }),
      stories({ and: [{ dueAt: { less_than: now } }, { stage: { in: ['draft', 'in-review', 'changes-requested', 'approved'] } }] }),
      payload.find({
        collection: 'payload-jobs',
        where: { and: [{ taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }] },
        sort: 'waitUntil',
        limit: 20,
        depth: 0,
        overrideAccess: true,
        req,
      }),
      payload.find({ collection: 'workflow-alerts', sort: '-createdAt', limit: 20, depth: 0, overrideAccess: true, req }),
      findLicensesEndingSoon(req, { now: moment, days: settings.licenseWarningDays }),
      findImagesWithheldFromLiveStories(req, moment),
    ])
    const scheduled = scheduledJobs.docs.map((job) => {
      const input = job.input as { type?: string; doc?: { relationTo?: string; value?: unknown } }
      return { jobId: job.id, articleId: Number(input?.doc?.value), type: input?.type ?? 'publish', at: job.waitUntil, hasError: Boolean(job.hasError) }
    })
    return Response.json(
      {
        assignedToMe,
        awaitingReview,
        overdue,
        scheduled,
        alerts: alerts.docs,
        expiringLicenses,
        withheldImages: withheld,
        licenseWarningDays: settings.licenseWarningDays,
      },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  },
}
