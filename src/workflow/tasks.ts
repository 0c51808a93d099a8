// Background jobs of the workflow: nothing about schedules or deadlines fails silently.
import type { PayloadRequest, TaskConfig } from 'payload'

import type { AlertKind } from '../collections/WorkflowAlerts'
import { findEveryMatch } from '../db/findEveryMatch'
import { settings } from '../env'
import { runAttributionAudit } from '../publishGate/audit'
import { overdueReviewMessage, scheduledPublicationProblem, titleOf } from './alertMessages'

export const MISSED_SCHEDULE_GRACE_MINUTES = 5

const ALERT_SUBJECTS: Record<AlertKind, string> = {
  'missed-schedule': 'a scheduled publication did not run',
  'failed-schedule': 'a scheduled publication failed',
  'overdue-review': 'a review is overdue',
  'attribution-problem': 'a live story breaks the attribution rule',
  'license-expired': 'an image licence ended on a live story',
  'cancelled-schedule': 'a scheduled publication was cancelled by an edit',
}

export async function editorEmails(req: PayloadRequest): Promise<string[]> {
  const editors = await findEveryMatch(req, { collection: 'users', where: { role: { in: ['editor', 'admin'] } }, select: { email: true } })
  return editors.map((user) => user.email)
}

/** Records an alert once per key and emails it; returns false when it was already raised. */
export async function raiseAlert({
  req,
  kind,
  key,
  articleId,
  title,
  message,
  to,
  recipient,
}: {
  req: PayloadRequest
  kind: AlertKind
  key: string
  articleId?: number
  /** The story's headline, for the subject line. */
  title?: string | null
  /** Written for people: the story's title, what happened, what to do (never an error's stack). */
  message: string
  to: string[]
  /** The one person the alert is for, when it is for one person. */
  recipient?: number
}): Promise<boolean> {
  const subject = `Newsroom alert: ${ALERT_SUBJECTS[kind]}${articleId ? `: ${titleOf(title)}` : ''}`
  const existing = await req.payload.count({ collection: 'workflow-alerts', where: { key: { equals: key } }, overrideAccess: true, req })
  if (existing.totalDocs) return false
  await req.payload.create({ collection: 'workflow-alerts', data: { kind, key, article: articleId, message, recipient }, overrideAccess: true, req })
  const link = articleId ? `\nOpen the story: ${storyLink(articleId)}` : ''
  if (to.length) await req.payload.sendEmail({ to, subject, text: `${message}${link}` })
  return true
}

const storyLink = (articleId: number) => `${settings.publicUrl}/admin/collections/articles/${articleId}`

/** The headlines of these stories, in one query. */
async function titlesOf(req: PayloadRequest, ids: (number | undefined)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => Number.isSafeInteger(id) && id! > 0))]
  if (!wanted.length) return new Map()
  const docs = await findEveryMatch(req, { collection: 'articles', draft: true, where: { id: { in: wanted } }, select: { title: true } })
  return new Map(docs.map((story) => [story.id, story.title]))
}

const articleIdOf = (input: unknown) => {
  const doc = (input as { doc?: { relationTo?: string; value?: unknown } } | undefined)?.doc
  return doc?.relationTo === 'articles' ? Number(doc.value) : undefined
}

export async function checkScheduledPublishing(req: PayloadRequest, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - MISSED_SCHEDULE_GRACE_MINUTES * 60 * 1000).toISOString()
  const { docs } = await req.payload.find({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: 'schedulePublish' } },
        { or: [{ hasError: { equals: true } }, { and: [{ waitUntil: { less_than: cutoff } }, { completedAt: { exists: false } }] }] },
      ],
    },
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  let raised = 0
  const [to, titles] = docs.length ? await Promise.all([editorEmails(req), titlesOf(req, docs.map((job) => articleIdOf(job.input)))]) : [[], new Map()]
  for (const job of docs) {
    const articleId = articleIdOf(job.input)
    const title = articleId ? titles.get(articleId) : undefined
    const hasFailed = Boolean(job.hasError)
    const message = scheduledPublicationProblem({ title, due: job.waitUntil, hasFailed })
    if (await raiseAlert({ req, kind: hasFailed ? 'failed-schedule' : 'missed-schedule', key: `schedule:${job.id}`, articleId, title, message, to })) {
      raised += 1
      // The technical detail is for whoever runs the server, not for the newsroom.
      if (hasFailed) {
        req.payload.logger.error({ jobId: job.id, articleId, err: job.error ?? job.log?.at(-1)?.error }, 'A scheduled publication failed')
      }
    }
  }
  return raised
}

export async function remindOverdueReviews(req: PayloadRequest, now = new Date()): Promise<number> {
  const { docs } = await req.payload.find({
    collection: 'articles',
    draft: true,
    where: { and: [{ stage: { equals: 'in-review' } }, { dueAt: { less_than: now.toISOString() } }] },
    pagination: false,
    depth: 1,
    populate: { users: { email: true, name: true } },
    overrideAccess: true,
    req,
  })
  let raised = 0
  for (const story of docs) {
    const reviewer = story.reviewer && typeof story.reviewer === 'object' ? story.reviewer : null
    const to = reviewer?.email ? [reviewer.email] : await editorEmails(req)
    const message = overdueReviewMessage({ title: story.title, due: story.dueAt! })
    if (await raiseAlert({ req, kind: 'overdue-review', key: `overdue:${story.id}:${story.dueAt}`, articleId: story.id, title: story.title, message, to })) raised += 1
  }
  return raised
}

export const workflowTasks: TaskConfig[] = [
  {
    slug: 'checkScheduledPublishing',
    schedule: [{ cron: '*/5 * * * *', queue: 'workflow' }],
    handler: async ({ req }) => ({ output: { alerts: await checkScheduledPublishing(req) } }),
  },
  {
    slug: 'remindOverdueReviews',
    schedule: [{ cron: '0 * * * *', queue: 'workflow' }],
    handler: async ({ req }) => ({ output: { reminders: await remindOverdueReviews(req) } }),
  },
  {
    slug: 'attributionAudit',
    schedule: [{ cron: '0 4 * * *', queue: 'workflow' }],
    handler: async ({ req }) => {
      const audit = await runAttributionAudit(req)
      const to = audit.brokenStories.length ? await editorEmails(req) : []
      for (const story of audit.brokenStories) {
        await raiseAlert({
          req,
          kind: 'attribution-problem',
          key: `audit:${story.id}:${audit.checkedAt.slice(0, 10)}`,
          articleId: story.id,
          title: story.title,
          message: `${titleOf(story.title)} is live but breaks the attribution rule: ${story.problems.map((problem) => problem.message).join(' ')}`,
          to,
        })
      }
      return { output: { brokenStories: audit.brokenStories.length, expiringLicenses: audit.expiringLicenses.length } }
    },
  },
] as TaskConfig[]
