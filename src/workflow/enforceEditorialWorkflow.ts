// The workflow's rules on every write path (admin, REST, GraphQL, Local API, bulk updates, jobs, restores):
// clients never set `stage`; only editors change what is live; only approved stories go live; approval needs
// ready images and the desk's checks met or waived; a real content change after approval goes back to review;
// nobody approves or publishes on their own approval what they wrote (the story remembers its writers).
import { APIError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { contentHash } from './contentHash'
import { holdsApproval, isStage, keepsApprovalWhenApproverEdits, type Stage } from './stages'
import { decideStageOfSave } from './stageOfSave'
import { storyBeforeSave, type LatestVersion } from '../collections/Articles/storyRow'
import { readSaveState, writeSaveState } from '../saveState'
import { idOf } from '../fields/relationIds'
import { isAmongWriters, writersOfRevision } from './writersOfRevision'
import { requireDeskChecks } from './deskCheckWaivers'

export type WorkflowContext = { stage: Stage; note?: string; overrideReason?: string }

/** An admin's written override of the no-self-approval rule holds until the story is published. */
async function isApprovalOverridden(req: PayloadRequest, articleId: number | string, approverId: number | string): Promise<boolean> {
  const { docs } = await req.payload.find({
    collection: 'article-transitions',
    where: { and: [{ article: { equals: articleId } }, { to: { equals: 'approved' } }] },
    sort: '-createdAt',
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const approval = docs[0]
  return Boolean(approval?.overrideReason?.trim() && String(idOf(approval.by)) === String(approverId))
}

export const enforceEditorialWorkflow: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  const intent = readSaveState(req, 'articleWrite')
  const transition = readSaveState(req, 'workflowTransition')
  const correction = readSaveState(req, 'correctionRequest')
  const isUpdate = operation === 'update' && originalDoc?.id !== undefined
  // The live row (locked for this save) and the latest version, as loadStoryBeforeSave read them.
  const before = isUpdate ? await storyBeforeSave({ req, id: originalDoc.id }) : null
  const latest: LatestVersion | Record<string, unknown> = before?.latestVersion ?? originalDoc ?? {}
  const previousStage: Stage = isStage(latest.stage) ? latest.stage : 'draft'
  const hash = contentHash(data)
  const goesLive = data._status === 'published'
  const title = data.title ?? originalDoc?.title ?? 'This story'
  const approvedBy = idOf(latest.approvedBy)
  const isApproverEditing = Boolean(req.user && approvedBy !== undefined && String(approvedBy) === String(req.user.id))
  const decision = decideStageOfSave({
    previousStage,
    requestedStage: transition?.stage,
    isCorrectionRequested: Boolean(correction),
    isLive: before?.status === 'published',
    goesLive,
    isDraftSave: !goesLive && Boolean(intent?.isDraft),
    requestedStatus: intent?.requestedStatus,
    changesContent: hash !== latest.contentHash,
    isApproverEditing,
    actor: { isSignedIn: Boolean(req.user), role: req.user?.role },
    title,
  })
  if (!decision.isAllowed) throw new APIError(decision.message, decision.status, undefined, true)
  const { stage, isCorrectionOfLiveStory } = decision
  // Approval needs ready images and the desk's checks met or waived, however the move was asked for.
  if (decision.move?.requiresDeskChecks && stage !== previousStage) await requireDeskChecks({ story: data, req, title })
  const liveContent = before?.liveContent
  if (correction && liveContent && hash === liveContent.contentHash) {
    throw new APIError(
      `Readers already see the latest version of “${title}”: there is nothing to publish. Change the story, or add a note to readers, first.`,
      400,
      undefined,
      true,
    )
  }

  // A stage move is not writing, nor is putting someone else on the byline (the byline is remembered on its own).
  // The content is compared with the document as read (not the stored hash, which a story's first save computes
  // from fewer fields), so a save that changes nothing adds nobody. The approving editor may still fix a typo
  // without another review; that is editing, not writing.
  const withoutByline = (story: Record<string, unknown>) => contentHash({ ...story, authors: null })
  const writesContent = !transition && withoutByline(data) !== withoutByline(originalDoc ?? {})
  const keepsApproval = isApproverEditing && keepsApprovalWhenApproverEdits(previousStage)
  const writers = writersOfRevision({
    previousWriters: latest.writers,
    // An editor's pending correction is part of the revision a writer then continues: it does not start a new list.
    startsNewRevision: previousStage === 'published' && stage !== 'published' && (!liveContent || latest.contentHash === liveContent.contentHash),
    authors: data.authors,
    contentEditor: writesContent && !keepsApproval && req.user?.collection === 'users' ? req.user.id : undefined,
  })
  if (
    goesLive &&
    !isCorrectionOfLiveStory &&
    isAmongWriters({ userId: approvedBy, writers }) &&
    !(await isApprovalOverridden(req, originalDoc.id, approvedBy!))
  ) {
    throw new APIError(
      `“${title}” was approved by someone who also wrote it (they are on its byline or changed its text since it was last published). Another editor must approve it before it is published.`,
      400,
      undefined,
      true,
    )
  }

  if (stage !== previousStage && !transition) writeSaveState(req, 'automaticStageNote', decision.move?.logNote)
  // A correction is logged whenever what readers see changes, also when the stage stays "published".
  if (isCorrectionOfLiveStory && (correction || hash !== liveContent?.contentHash)) {
    writeSaveState(req, 'publishedCorrection', { note: correction?.note ?? decision.move?.logNote ?? 'Correction published.' })
  }
  // An approval belongs to the version that was approved: a story that leaves approval (other than by going live)
  // is no longer approved by anyone.
  const approval = holdsApproval(stage) ? {} : { approvedBy: null }
  return { ...data, stage, contentHash: hash, writers, ...approval }
}
