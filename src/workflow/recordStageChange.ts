import type { CollectionAfterChangeHook } from 'payload'

import { recordAuditEvent } from '../audit/recordAuditEvent'
import { isStage } from './stages'
import { notifyStageChange } from './notifications'
import { readSaveState, takeSaveState } from '../saveState'

/** Every stage change, however it happened, lands in the append-only log and notifies who should know. */
export const recordStageChange: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const from = previousDoc?.stage
  const to = doc.stage
  const correction = takeSaveState(req, 'publishedCorrection')
  if (!isStage(to) || !isStage(from) || (from === to && !correction)) return doc
  const transition = readSaveState(req, 'workflowTransition')
  const automaticNote = takeSaveState(req, 'automaticStageNote')
  const note = correction?.note ?? transition?.note ?? automaticNote ?? null
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
  const document = { collection: 'articles', id: doc.id, title: doc.title }
  if (to === 'published') await recordAuditEvent(req, { action: 'story.published', document, details: { from, isCorrection: Boolean(correction) } })
  else if (from === 'published') await recordAuditEvent(req, { action: 'story.unpublished', document, details: { to } })
  await notifyStageChange({ req, story: doc, to, note, by: req.user?.name ?? null, isCorrection: Boolean(correction) })
  return doc
}
