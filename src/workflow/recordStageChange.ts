import type { CollectionAfterChangeHook } from 'payload'

import { isStage } from './stages'
import { notifyStageChange } from './notifications'
import type { WorkflowContext } from './enforceEditorialWorkflow'

/** Every stage change, however it happened, lands in the append-only log and notifies who should know. */
export const recordStageChange: CollectionAfterChangeHook = async ({ doc, previousDoc, req, context }) => {
  const from = previousDoc?.stage
  const to = doc.stage
  if (!isStage(to) || !isStage(from) || from === to) return doc
  const transition = context.workflowTransition as WorkflowContext | undefined
  const note = transition?.note ?? (req.context.automaticStageNote as string | undefined) ?? null
  delete req.context.automaticStageNote
  await req.payload.create({
    collection: 'article-transitions',
    data: {
      article: doc.id,
      from,
      to,
      by: req.user?.collection === 'users' ? req.user.id : undefined,
      note,
      overrideReason: transition?.overrideReason ?? null,
    },
    overrideAccess: true,
    req,
  })
  await notifyStageChange({ req, story: doc, to, note, by: req.user?.name ?? null })
  return doc
}
