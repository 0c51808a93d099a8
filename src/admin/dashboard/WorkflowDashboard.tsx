'use client'
// Above the dashboard's collection cards: what needs this person's attention today. Everyone sees their own
// stories (stage, changes requested with the editor's note, scheduled, recently published) and the alerts they can
// act on; editors also see the desk's lists (assigned to me, awaiting review, overdue, licences, attribution).
import { useAuth } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import type { AttributionAudit } from '../../publishGate/audit'
import { stageLabel } from '../../workflow/stages'
import { adminLink, formatDate, getJSON } from '../adminApi'
import '../panels.scss'

type Id = number | string
type StorySummary = {
  id: Id
  title?: string | null
  stage?: string | null
  dueAt?: string | null
  publishedAt?: string | null
  note?: string | null
}
type Scheduled = {
  jobId: Id
  articleId: number
  title?: string | null
  type: string
  at?: string | null
  hasError: boolean
  problem?: string | null
}
type Alert = { id: Id; kind: string; message: string; article?: Id | null }
type StoryRef = { id: number; title: string }
type ExpiringLicense = {
  creditId: number | null
  creditLine: string | null
  expiresAt: string
  stories: StoryRef[]
  images: { id: number; filename: string | null }[]
  /** Set when the licence is the photo's own (from its file), not its credit's. */
  photoId?: number
}
type WithheldImage = {
  articleId: number
  title: string
  mediaId: number
  filename: string | null
  expiresAt: string
}
type Queue = {
  myStories: StorySummary[]
  changesRequested: StorySummary[]
  recentlyPublished: StorySummary[]
  assignedToMe: StorySummary[]
  awaitingReview: StorySummary[]
  overdue: StorySummary[]
  scheduled: Scheduled[]
  alerts: Alert[]
  expiringLicenses: ExpiringLicense[]
  withheldImages: WithheldImage[]
  licenseWarningDays: number
}

type Item = {
  key: string
  href: string
  title: string
  detail?: string | null
  quote?: string | null
  isFailure?: boolean
}

const storyItem = (story: StorySummary, detail?: string | null): Item => ({
  key: String(story.id),
  href: adminLink('articles', story.id),
  title: story.title || `Story ${story.id}`,
  detail,
})

const stageOf = (story: StorySummary) => stageLabel(story.stage)

const dueDetail = (story: StorySummary) => (story.dueAt ? `due ${formatDate(story.dueAt)}` : null)

/** A card's items once the queue has loaded; null while it loads. */
const listed = <Entry,>(entries: Entry[] | undefined, toItem: (entry: Entry) => Item): Item[] | null => (entries ? entries.map(toItem) : null)

const scheduledItem = (job: Scheduled): Item => ({
  key: String(job.jobId),
  href: adminLink('articles', job.articleId),
  title: job.title || `Story ${job.articleId}`,
  // A failed one says so, in the alert's words.
  detail: job.hasError ? (job.problem ?? 'failed') : `${job.type} ${formatDate(job.at) ?? ''}`,
  isFailure: job.hasError,
})

type CardSpec = { title: string; testId: string; empty: string; items: Item[] | null; forEditors?: boolean }

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
            {item.detail && <span className={item.isFailure ? 'nr-failed' : 'nr-muted'}> · {item.detail}</span>}
            {item.quote && <blockquote className="nr-change-request">“{item.quote}”</blockquote>}
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
  const [problems, setProblems] = useState<Item[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!user) return
    getJSON<Queue>('/api/workflow/queue')
      .then(setQueue)
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

  // Alerts are written for people (the story's title, what happened, what to do) and link to the story.
  const alertItems: Item[] | null =
    queue &&
    queue.alerts.map((alert) => ({
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
      key: licence.photoId ? `photo-${licence.photoId}` : `credit-${licence.creditId}`,
      // A photo's own licence is renewed on the photo; a credit's on the credit.
      href: licence.photoId ? adminLink('media', licence.photoId) : adminLink('photo-credits', licence.creditId ?? 0),
      title: licence.photoId ? `This photo’s own licence (${licence.creditLine ?? 'no credit line'})` : (licence.creditLine ?? `Credit ${licence.creditId}`),
      detail: `licence ends ${formatDate(licence.expiresAt)}: ${licence.images.map((image) => image.filename ?? `image ${image.id}`).join(', ')} in ${licence.stories.map((story) => `“${story.title}”`).join(', ')}`,
    })),
  ]

  // The cards, in the order people read them; the desk's lists are for editors.
  const cards: CardSpec[] = [
    { title: 'My stories', testId: 'dash-my-stories', empty: 'You have no stories in progress.', items: listed(queue?.myStories, (story) => storyItem(story, stageOf(story))) },
    {
      title: 'Changes requested',
      testId: 'dash-changes-requested',
      empty: 'No editor has asked you for changes.',
      items: listed(queue?.changesRequested, (story) => ({ ...storyItem(story, stageOf(story)), quote: story.note })),
    },
    { title: 'Scheduled', testId: 'dash-scheduled', empty: 'Nothing is scheduled.', items: listed(queue?.scheduled, scheduledItem) },
    {
      title: 'Recently published',
      testId: 'dash-recently-published',
      empty: 'None of your stories was published recently.',
      items: listed(queue?.recentlyPublished, (story) => storyItem(story, story.publishedAt ? `published ${formatDate(story.publishedAt)}` : null)),
    },
    { title: 'Alerts', testId: 'dash-alerts', empty: 'Nothing needs your attention.', items: alertItems },
    { forEditors: true, title: 'Assigned to me', testId: 'dash-assigned', empty: 'Nothing is waiting for your review.', items: listed(queue?.assignedToMe, (story) => storyItem(story, dueDetail(story))) },
    { forEditors: true, title: 'Awaiting review', testId: 'dash-awaiting-review', empty: 'No story is in review.', items: listed(queue?.awaitingReview, (story) => storyItem(story, dueDetail(story))) },
    {
      forEditors: true,
      title: 'Overdue',
      testId: 'dash-overdue',
      empty: 'Nothing is overdue.',
      items: listed(queue?.overdue, (story) => storyItem(story, `${stageOf(story)}, was due ${formatDate(story.dueAt)}`)),
    },
    {
      forEditors: true,
      title: `Image licences (next ${queue?.licenseWarningDays ?? 7} days)`,
      testId: 'dash-licenses',
      empty: "No licence of a live story's image ends soon.",
      items: licenseItems,
    },
    { forEditors: true, title: 'Attribution problems', testId: 'dash-attribution', empty: 'Every live story credits its images.', items: problems },
  ]

  return (
    <div style={{ marginBottom: 8 }}>
      <h2 style={{ marginBottom: 16 }}>Today in the newsroom</h2>
      {error && <p className="nr-image__missing">{error}</p>}
      <div className="nr-dashboard">
        {cards
          .filter((card) => isEditor || !card.forEditors)
          .map(({ forEditors: _forEditors, ...card }) => (
            <Card key={card.testId} {...card} />
          ))}
      </div>
    </div>
  )
}

export default WorkflowDashboard
