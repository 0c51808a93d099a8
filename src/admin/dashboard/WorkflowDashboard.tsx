'use client'
// Above the dashboard's collection cards: what needs this person's attention today.
import { useAuth } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import type { AttributionAudit } from '../../publishGate/audit'
import { STAGE_LABELS, isStage } from '../../workflow/stages'
import { adminLink, formatDate, getJSON, type Paginated, whereIn } from '../adminApi'
import '../panels.scss'

type Id = number | string
type StorySummary = { id: Id; title?: string | null; stage?: string | null; dueAt?: string | null }
type Scheduled = { jobId: Id; articleId: number; type: string; at?: string | null; hasError: boolean }
type Alert = { id: Id; kind: string; message: string; article?: Id | null }
type StoryRef = { id: number; title: string }
type ExpiringLicense = { creditId: number; creditLine: string | null; expiresAt: string; stories: StoryRef[]; images: { id: number; filename: string | null }[] }
type WithheldImage = { articleId: number; title: string; mediaId: number; filename: string | null; expiresAt: string }
type Queue = {
  assignedToMe: StorySummary[]
  awaitingReview: StorySummary[]
  overdue: StorySummary[]
  scheduled: Scheduled[]
  alerts: Alert[]
  expiringLicenses: ExpiringLicense[]
  withheldImages: WithheldImage[]
  licenseWarningDays: number
}

type Item = { key: string; href: string; title: string; detail?: string | null }

const storyItem = (story: StorySummary, detail?: string | null): Item => ({
  key: String(story.id),
  href: adminLink('articles', story.id),
  title: story.title || `Story ${story.id}`,
  detail,
})

const stageOf = (story: StorySummary) => (isStage(story.stage) ? STAGE_LABELS[story.stage] : story.stage)

function Card({ title, items, empty, testId }: { title: string; items: Item[] | null; empty: string; testId: string }) {
  return (
    <section className="nr-panel" data-testid={testId}>
      <h3>
        {title} {items && <span className="nr-status nr-status--stage">{items.length}</span>}
      </h3>
      {items === null && <p className="nr-muted">Loading…</p>}
      {items?.length === 0 && <p className="nr-muted">{empty}</p>}
      <ul>
        {items?.slice(0, 8).map((item) => (
          <li key={item.key}>
            <a href={item.href}>{item.title}</a>
            {item.detail && <span className="nr-muted"> · {item.detail}</span>}
          </li>
        ))}
      </ul>
      {items && items.length > 8 && <p className="nr-muted">and {items.length - 8} more</p>}
    </section>
  )
}

export function WorkflowDashboard() {
  const { user } = useAuth()
  const role = (user as { role?: string } | null)?.role
  const isEditor = role === 'editor' || role === 'admin'
  const [queue, setQueue] = useState<Queue | null>(null)
  const [titles, setTitles] = useState<Map<string, string>>(new Map())
  const [problems, setProblems] = useState<Item[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!user) return
    getJSON<Queue>('/api/workflow/queue')
      .then(async (loaded) => {
        setQueue(loaded)
        const ids = [...new Set(loaded.scheduled.map((job) => job.articleId).filter(Number.isFinite))]
        if (ids.length === 0) return
        const { docs } = await getJSON<Paginated<StorySummary>>(`/api/articles?${whereIn('id', ids)}&draft=true&depth=0&select[title]=true&limit=${ids.length}`)
        setTitles(new Map(docs.map((story) => [String(story.id), story.title ?? `Story ${story.id}`])))
      })
      .catch((failure: Error) => setError(failure.message))
    if (!isEditor) return
    getJSON<AttributionAudit>('/api/attribution-audit')
      .then((audit) =>
        setProblems([
          ...audit.brokenStories.map((story) => ({
            key: `story-${story.id}`,
            href: adminLink('articles', story.id),
            title: story.title,
            detail: `live with ${story.problems.length} image problem${story.problems.length === 1 ? '' : 's'}`,
          })),
        ]),
      )
      .catch((failure: Error) => setError(failure.message))
  }, [user, isEditor])

  const attributionAlerts: Item[] = (queue?.alerts ?? [])
    .filter((alert) => alert.kind === 'attribution-problem' || alert.kind === 'license-expired' || alert.kind.endsWith('schedule'))
    .map((alert) => ({
      key: `alert-${alert.id}`,
      href: alert.article ? adminLink('articles', alert.article) : adminLink('workflow-alerts', alert.id),
      title: alert.message,
    }))

  // An ended licence is withheld from readers already; the editor's job is to replace the image in the story.
  const licenseItems: Item[] | null = queue && [
    ...queue.withheldImages.map((image) => ({
      key: `withheld-${image.articleId}-${image.mediaId}`,
      href: adminLink('articles', image.articleId),
      title: `Replace ${image.filename ?? `image ${image.mediaId}`} in “${image.title}”`,
      detail: `licence ended ${formatDate(image.expiresAt)}; readers no longer see it`,
    })),
    ...queue.expiringLicenses.map((licence) => ({
      key: `credit-${licence.creditId}`,
      href: adminLink('photo-credits', licence.creditId),
      title: licence.creditLine ?? `Credit ${licence.creditId}`,
      detail: `licence ends ${formatDate(licence.expiresAt)}: ${licence.images.map((image) => image.filename ?? `image ${image.id}`).join(', ')} in ${licence.stories.map((story) => `“${story.title}”`).join(', ')}`,
    })),
  ]

  return (
    <div style={{ marginBottom: 8 }}>
      <h2 style={{ marginBottom: 16 }}>Today in the newsroom</h2>
      {error && <p className="nr-image__missing">{error}</p>}
      <div className="nr-dashboard">
        <Card
          title="Assigned to me"
          testId="dash-assigned"
          empty="Nothing is waiting for your review."
          items={queue && queue.assignedToMe.map((story) => storyItem(story, story.dueAt ? `due ${formatDate(story.dueAt)}` : null))}
        />
        <Card
          title="Awaiting review"
          testId="dash-awaiting-review"
          empty="No story is in review."
          items={queue && queue.awaitingReview.map((story) => storyItem(story, story.dueAt ? `due ${formatDate(story.dueAt)}` : null))}
        />
        <Card
          title="Overdue"
          testId="dash-overdue"
          empty="Nothing is overdue."
          items={queue && queue.overdue.map((story) => storyItem(story, `${stageOf(story)}, was due ${formatDate(story.dueAt)}`))}
        />
        <Card
          title="Scheduled"
          testId="dash-scheduled"
          empty="Nothing is scheduled."
          items={
            queue &&
            queue.scheduled.map((job) => ({
              key: String(job.jobId),
              href: adminLink('articles', job.articleId),
              title: titles.get(String(job.articleId)) ?? `Story ${job.articleId}`,
              detail: `${job.type} ${formatDate(job.at) ?? ''}${job.hasError ? ' (failed)' : ''}`,
            }))
          }
        />
        <Card
          title={`Image licences (next ${queue?.licenseWarningDays ?? 7} days)`}
          testId="dash-licenses"
          empty="No licence of a live story's image ends soon."
          items={licenseItems}
        />
        <Card
          title="Attribution problems"
          testId="dash-attribution"
          empty={isEditor ? 'Every live story credits its images.' : 'Editors see the archive-wide audit here.'}
          items={isEditor ? problems && [...problems, ...attributionAlerts] : queue && attributionAlerts}
        />
      </div>
    </div>
  )
}

export default WorkflowDashboard
