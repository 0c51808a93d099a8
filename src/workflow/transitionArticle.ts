// Moves a story between stages: the one way `stage` changes on request (REST endpoint, seeds, tests).
import { APIError, type Payload, type PayloadRequest, type TypedUser } from 'payload'

import { hasRole } from '../access/roles'
import { decideTransition, isStage, type Stage } from './stages'
import type { WorkflowContext } from './enforceEditorialWorkflow'
import { saveStateForCall } from '../saveState'
import { isAmongWriters } from './writersOfRevision'


export async function transitionArticle({
  payload,
  articleId,
  to,
  note,
  overrideReason,
  user,
  req,
}: {
  payload: Payload
  articleId: number | string
  to: string
  note?: string | null
  overrideReason?: string | null
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
    },
    context: saveStateForCall({ workflowTransition }),
    user,
    overrideAccess: true,
    req,
  })
}

export const canUseWorkflow = (user: TypedUser | null | undefined): user is TypedUser =>
  Boolean(user && hasRole(user, 'admin', 'editor', 'writer'))
