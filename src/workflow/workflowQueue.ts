import type { PayloadRequest, TypedUser, Where } from 'payload'

import { hasRole } from '../access/roles'
import { staffEndpoint } from '../access/staffEndpoints'
import { findEveryMatch } from '../db/findEveryMatch'
import { settings } from '../env'
import { idOf } from '../fields/relationIds'
import { findLicensesEndingSoon } from '../licenses/expiringLicenses'
import { findImagesWithheldFromLiveStories } from '../licenses/withdrawExpiredImages'
import { scheduledPublicationProblem } from './alertMessages'
import { stageLabel } from './stages'

const SUMMARY = { title: true, slug: true, stage: true, dueAt: true, reviewer: true, updatedAt: true, publishedAt: true } as const
const LIMIT = 20
const OPEN_STAGES = ['draft', 'in-review', 'changes-requested', 'approved']

type Summary = { id: number; title?: string | null; stage?: string | null; [field: string]: unknown }

/** The stories a caller's queue may list: editors the whole newsroom's, writers only the stories they author. */
export const queueScopeOf = (user: TypedUser): Where | null => (hasRole(user, 'admin', 'editor') ? null : { authors: { in: [user.id] } })

const within = (scope: Where | null, where: Where): Where => (scope ? { and: [scope, where] } : where)

const withLabel = <Story extends Summary>(story: Story) => ({ ...story, stageLabel: stageLabel(story.stage) })

/** The latest request-changes note of each story, in one query. */
async function changeRequestNotes(req: PayloadRequest, storyIds: number[]): Promise<Map<number, string>> {
  if (!storyIds.length) return new Map()
  const docs = await findEveryMatch(req, {
    collection: 'article-transitions',
    where: { and: [{ article: { in: storyIds } }, { to: { equals: 'changes-requested' } }] },
    sort: '-createdAt',
    select: { article: true, note: true },
  })
  const notes = new Map<number, string>()
  for (const change of docs) {
    const id = Number(idOf(change.article))
    if (!notes.has(id) && change.note) notes.set(id, change.note)
  }
  return notes
}

/**
 * GET /api/workflow/queue: the dashboard's lists. For everyone: my stories (with their stage), changes requested of
 * me (with the editor's note), recently published, assigned to me, scheduled, alerts. Editors also see the whole
 * desk (awaiting review, overdue), image licences of live stories ending within LICENSE_WARNING_DAYS and images
 * withheld because theirs ended; a writer's lists hold only the stories they author.
 */
export const workflowQueueEndpoint = staffEndpoint({
  path: '/workflow/queue',
  method: 'get',
  refusals: { signIn: 'Sign in to see your queue.', notStaff: 'The queue is for newsroom staff (writers, editors, admins).' },
  handler: async ({ req, user }) => {
    const { payload } = req
    const isEditor = hasRole(user, 'admin', 'editor')
    const scope = queueScopeOf(user)
    const mine: Where = { authors: { in: [user.id] } }
    const stories = (where: Where, { sort = 'dueAt', draft = true }: { sort?: string; draft?: boolean } = {}) =>
      payload
        .find({ collection: 'articles', draft, where, select: SUMMARY, depth: 0, limit: LIMIT, sort, user, overrideAccess: false, req })
        .then(({ docs }) => (docs as Summary[]).map(withLabel))
    const moment = new Date()
    const now = moment.toISOString()
    const [myStories, changesRequested, recentlyPublished, assignedToMe, awaitingReview, overdue, scheduledJobs, alerts, expiringLicenses, withheld] =
      await Promise.all([
        stories({ and: [mine, { stage: { not_equals: 'archived' } }] }, { sort: '-updatedAt' }),
        stories({ and: [mine, { stage: { equals: 'changes-requested' } }] }, { sort: '-updatedAt' }),
        stories({ and: [mine, { _status: { equals: 'published' } }] }, { sort: '-publishedAt', draft: false }),
        stories({ and: [{ reviewer: { equals: user.id } }, { stage: { equals: 'in-review' } }] }),
        stories(within(scope, { stage: { equals: 'in-review' } })),
        stories(within(scope, { and: [{ dueAt: { less_than: now } }, { stage: { in: OPEN_STAGES } }] })),
        payload.find({
          collection: 'payload-jobs',
          where: { and: [{ taskSlug: { equals: 'schedulePublish' } }, { completedAt: { exists: false } }] },
          sort: 'waitUntil',
          limit: LIMIT,
          depth: 0,
          overrideAccess: true,
          req,
        }),
        // The alerts collection's own access decides: editors see every alert, a writer those about their stories.
        payload.find({ collection: 'workflow-alerts', sort: '-createdAt', limit: LIMIT, depth: 0, user, overrideAccess: false, req }),
        isEditor ? findLicensesEndingSoon(req, { now: moment, days: settings.licenseWarningDays }) : [],
        isEditor ? findImagesWithheldFromLiveStories(req, moment) : [],
      ])

    const jobs = scheduledJobs.docs.map((job) => {
      const input = job.input as { type?: string; doc?: { relationTo?: string; value?: unknown } }
      return { jobId: job.id, articleId: Number(input?.doc?.value), type: input?.type ?? 'publish', at: job.waitUntil ?? null, hasError: Boolean(job.hasError) }
    })
    const scheduledIds = [...new Set(jobs.map((job) => job.articleId).filter((id) => Number.isSafeInteger(id) && id > 0))]
    const [scheduledStories, notes] = await Promise.all([
      scheduledIds.length
        ? payload.find({
            collection: 'articles',
            draft: true,
            where: within(scope, { id: { in: scheduledIds } }),
            select: { title: true },
            depth: 0,
            pagination: false,
            user,
            overrideAccess: false,
            req,
          })
        : { docs: [] },
      changeRequestNotes(req, changesRequested.map((story) => story.id)),
    ])
    const titles = new Map(scheduledStories.docs.map((story) => [story.id, story.title]))
    // A writer sees the schedules of their own stories only; a failed one says so in the alert's words.
    const scheduled = jobs
      .filter((job) => titles.has(job.articleId))
      .map((job) => {
        const title = titles.get(job.articleId) ?? null
        return { ...job, title, problem: job.hasError ? scheduledPublicationProblem({ title, due: job.at, hasFailed: true }) : null }
      })
    return Response.json(
      {
        myStories,
        changesRequested: changesRequested.map((story) => ({ ...story, note: notes.get(story.id) ?? null })),
        recentlyPublished,
        assignedToMe,
        awaitingReview,
        overdue,
        scheduled,
        alerts: alerts.docs.map((alert) => ({
          id: alert.id,
          kind: alert.kind,
          message: alert.message,
          article: idOf(alert.article) ?? null,
          createdAt: alert.createdAt,
        })),
        expiringLicenses,
        withheldImages: withheld,
        licenseWarningDays: settings.licenseWarningDays,
      },
      { headers: { 'Cache-Control': 'private, no-store' } },
    )
  },
})
