// Moves a story between stages: the one way `stage` changes on request (REST endpoint, seeds, tests).
import { APIError, type Payload, type PayloadRequest, type TypedUser } from 'payload'

import { decideTransition, isStage, quotedStage, type Stage } from './stages'
import { isProblem, readDueDate, readReviewerId, reviewerProblem } from './reviewAssignment'
import type { WorkflowContext } from './enforceEditorialWorkflow'
import { saveStateForCall } from '../saveState'
import { isAmongWriters } from './writersOfRevision'


export async function transitionArticle({
  payload,
  articleId,
  to,
  note,
  overrideReason,
  reviewer,
  dueAt,
  user,
  req,
}: {
  payload: Payload
  articleId: number | string
  to: string
  note?: string | null
  overrideReason?: string | null
  /** Submitting for review only: the editor asked to review (a user id; `null` clears it, absent keeps it). */
  reviewer?: unknown
  /** Submitting for review only: when the review is due (a future date; `null` clears it, absent keeps it). */
  dueAt?: unknown
  user: TypedUser
  req?: Partial<PayloadRequest>
}) {
  // Reading as the user proves they may see the story at all; the latest draft carries the stage.
  const story = await payload.findByID({
    collection: 'articles',
    id: articleId,
    draft: true,
    depth: 0,
    user,
    overrideAccess: false,
    req,
  })
  const from: Stage = isStage(story.stage) ? story.stage : 'draft'
  // Separation of duties counts everyone who wrote this revision, not only today's byline.
  const isAuthor = isAmongWriters({ userId: user.id, writers: story.writers, authors: story.authors })
  const decision = decideTransition({ from, to, actor: { role: user.role, isAuthor }, note, overrideReason })
  if (!decision.isAllowed) throw new APIError(decision.message, decision.status, { from, to }, true)
  const assignment = await readAssignment({ payload, req, story, to: decision.transition.to, reviewer, dueAt })

  const workflowTransition: WorkflowContext = {
    stage: decision.transition.to,
    note: note?.trim() || undefined,
    overrideReason: decision.isOverride ? overrideReason?.trim() : undefined,
  }
  const isArchivingLiveStory = workflowTransition.stage === 'archived' && story._status === 'published'
  return payload.update({
    collection: 'articles',
    id: articleId,
    // Archiving takes a live story offline; every other move describes the latest draft only.
    draft: !isArchivingLiveStory,
    data: {
      ...(isArchivingLiveStory ? { _status: 'draft' as const } : {}),
      ...(workflowTransition.stage === 'approved' ? { approvedBy: user.id } : {}),
      ...assignment,
    },
    context: saveStateForCall({ workflowTransition }),
    user,
    overrideAccess: true,
    req,
  })
}

const refuse = (message: string): never => {
  throw new APIError(message, 400, undefined, true)
}

/** The reviewer and due date a submission asks for, checked: nothing is saved when one of them is wrong. */
async function readAssignment({
  payload,
  req,
  story,
  to,
  reviewer,
  dueAt,
}: {
  payload: Payload
  req?: Partial<PayloadRequest>
  story: { authors?: unknown; writers?: unknown }
  to: Stage
  reviewer: unknown
  dueAt: unknown
}): Promise<{ reviewer?: number | null; dueAt?: string | null }> {
  if (reviewer === undefined && dueAt === undefined) return {}
  if (to !== 'in-review') return refuse(`A reviewer and a due date are chosen when the story is submitted for review (to ${quotedStage('in-review')}).`)
  const reviewerChoice = readReviewerId(reviewer)
  if (isProblem(reviewerChoice)) return refuse(reviewerChoice.message)
  const dueChoice = readDueDate({ value: dueAt, now: new Date() })
  if (isProblem(dueChoice)) return refuse(dueChoice.message)
  if (reviewerChoice.isGiven && reviewerChoice.value !== null) {
    const candidate = await payload.findByID({
      collection: 'users',
      id: reviewerChoice.value,
      depth: 0,
      select: { name: true, role: true },
      overrideAccess: true,
      disableErrors: true,
      req,
    })
    const problem = reviewerProblem({
      candidate: candidate ? { id: candidate.id, name: candidate.name, role: candidate.role } : null,
      requestedId: reviewerChoice.value,
      isAuthor: isAmongWriters({ userId: reviewerChoice.value, writers: story.writers, authors: story.authors }),
    })
    if (problem) return refuse(problem.message)
  }
  return {
    ...(reviewerChoice.isGiven ? { reviewer: reviewerChoice.value } : {}),
    ...(dueChoice.isGiven ? { dueAt: dueChoice.value } : {}),
  }
}
