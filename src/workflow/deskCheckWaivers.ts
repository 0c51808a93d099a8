// The desk checks on a story: the waivers it carries (written only through POST /api/articles/:id/desk-checks/waive),
// the hooks that keep and log them, and the check an approval must pass on every write path.
import {
  APIError,
  type ArrayField,
  type CollectionAfterChangeHook,
  type CollectionAfterReadHook,
  type CollectionBeforeChangeHook,
  type PayloadRequest,
} from 'payload'

import { nobody, staffField } from '../access/fieldAccess'
import { isStaffUser } from '../access/roles'
import { findStoryProblems } from '../publishGate'
import { readSaveState, takeSaveState } from '../saveState'
import {
  approvalBlockers,
  deskCheckNamed,
  describeApprovalRefusal,
  judgeDeskChecks,
  keptWaivers,
  WAIVABLE_CHECKS,
  WAIVER_NOTE_MAX_LENGTH,
  type DeskCheckStory,
} from './deskChecks'
import type { StoryInput } from '../collections/Articles/storyReferences'
import { noteInStageLog } from './noteInStageLog'

/** Staff read them (the readiness panel lists them); nobody writes them but the hooks below. */
export const deskCheckWaiversField: ArrayField = {
  name: 'deskCheckWaivers',
  label: 'Desk checks waived',
  type: 'array',
  access: { create: nobody, update: nobody, read: staffField },
  admin: { hidden: true },
  fields: [
    { name: 'check', type: 'select', required: true, options: WAIVABLE_CHECKS.map((check) => ({ label: check.label, value: check.key })) },
    { name: 'note', type: 'textarea', required: true, maxLength: WAIVER_NOTE_MAX_LENGTH },
    { name: 'waivedBy', type: 'relationship', relationTo: 'users' },
    { name: 'waivedAt', type: 'date', required: true },
  ],
}

/**
 * afterRead: Payload 3.90 takes a list field away from a reader its access refuses, then puts an empty list back
 * (fields/hooks/afterRead/promise.js, "case 'array'"): over REST and GraphQL, readers outside the newsroom get no
 * trace of the field. The server's own Local API calls keep it.
 */
export const hideDeskCheckWaiversFromReaders: CollectionAfterReadHook = ({ doc, req }) => {
  if (req.payloadAPI !== 'local' && !isStaffUser(req.user) && doc && typeof doc === 'object') delete doc.deskCheckWaivers
  return doc
}

/**
 * beforeChange, before the workflow: the story keeps the waivers it had, plus one an editor asked for by name, less
 * those whose check is now met; publishing clears them (keptWaivers). What a client sends for the field is ignored,
 * also with `overrideAccess`: a waiver exists only with its note, its editor and its line in the log.
 */
export const keepDeskCheckWaivers: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => ({
  ...data,
  deskCheckWaivers: keptWaivers({
    previous: originalDoc?.deskCheckWaivers,
    requested: readSaveState(req, 'deskCheckWaiver'),
    story: data as DeskCheckStory,
    isGoingLive: data._status === 'published',
  }),
})

/** afterChange: a waiver is logged in the story's stage log (who, when, which check, why). */
export const logDeskCheckWaiver: CollectionAfterChangeHook = async ({ doc, req }) => {
  const waiver = takeSaveState(req, 'deskCheckWaiver')
  if (!waiver) return doc
  await noteInStageLog(req, { articleId: doc.id, stage: doc.stage, note: `Waived the desk check “${deskCheckNamed(waiver.check)?.label ?? waiver.check}”: ${waiver.note}` })
  return doc
}

/** The desk's verdict on a story as it will be saved: the publish gate's image problems, then the table's checks. */
export async function judgeStoryForApproval({ story, req }: { story: StoryInput & DeskCheckStory & { deskCheckWaivers?: unknown }; req: PayloadRequest }) {
  const problems = await findStoryProblems({ story, req })
  return judgeDeskChecks({ story, imageProblems: problems.map((problem) => problem.message), waivers: story.deskCheckWaivers })
}

/** Called by the workflow for a move that requires the desk's checks (approval), on every write path. */
export async function requireDeskChecks({ story, req, title }: { story: Record<string, unknown>; req: PayloadRequest; title: string }) {
  const verdicts = await judgeStoryForApproval({ story, req })
  const blockers = approvalBlockers(verdicts)
  if (blockers.length) {
    throw new APIError(describeApprovalRefusal({ title, blockers }), 400, { deskChecks: blockers.map(({ check, label, problem, isWaivable }) => ({ check, label, problem, isWaivable })) }, true)
  }
}
