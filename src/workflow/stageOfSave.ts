// What a save does to a story's stage, read from the moves table (stages.ts): every write path (admin, REST,
// GraphQL, Local API, bulk updates, jobs, restores) ends here, so no move exists outside the table.
import { mayPublishStories } from '../access/policy'
import type { Role } from '../access/roles'
import { isEditorRole, isPublishable, moveOfSave, PUBLISHABLE_STAGES, quotedStage, STAGE_LABELS, TRANSITIONS, type Move, type Stage } from './stages'

export type SaveFacts = {
  /** The stage of the latest version before this save. */
  previousStage: Stage
  /** A move asked for by name (already allowed by decideTransition), when the save is one. */
  requestedStage?: Stage
  /** An editor asked for a correction by name (POST /api/articles/:id/publish-correction): the save goes live. */
  isCorrectionRequested?: boolean
  /** The live row is published now. */
  isLive: boolean
  /** This save's result is a published live row. */
  goesLive: boolean
  /** A draft save leaves the live row alone. */
  isDraftSave: boolean
  /** The `_status` the client asked for, before Payload filled it in. */
  requestedStatus?: string
  changesContent: boolean
  /** The editor who approved the story is the one saving it. */
  isApproverEditing: boolean
  /** The saving user's role; `isSignedIn: false` is the server itself (jobs, scheduled publication). */
  actor: { isSignedIn: boolean; role: Role | null | undefined }
  title: string
}

export type SaveDecision =
  | { isAllowed: false; status: 400 | 403; message: string }
  | { isAllowed: true; stage: Stage; move?: Move; isCorrectionOfLiveStory: boolean }

export function decideStageOfSave(facts: SaveFacts): SaveDecision {
  const { previousStage, requestedStage, isCorrectionRequested = false, isLive, goesLive, isDraftSave, requestedStatus, changesContent, isApproverEditing, actor, title } =
    facts
  const changesLive = !isDraftSave && (goesLive || isLive)
  if (changesLive && actor.isSignedIn && !mayPublishStories(actor.role)) {
    return {
      isAllowed: false,
      status: 403,
      message: 'Only editors can publish, unpublish or change a published story. Save your changes as a draft and submit them for review.',
    }
  }
  if (!isDraftSave && isLive && !goesLive && requestedStatus !== 'draft' && requestedStage !== 'archived') {
    return {
      isAllowed: false,
      status: 400,
      message: `“${title}” is published, and this change would take it offline. To unpublish it, ask for that explicitly (_status: "draft"); to edit it, save a draft.`,
    }
  }

  const stage: Stage = requestedStage ?? previousStage
  if (isCorrectionRequested && !(goesLive && isLive)) {
    return {
      isAllowed: false,
      status: 400,
      message: `“${title}” is not live, so there is nothing to correct. Take it through review and publish it.`,
    }
  }
  if (goesLive && isLive) {
    // Only a correction asked for by name publishes a new revision; the Publish button republishes a pending correction.
    const correction = moveOfSave({ trigger: 'correct', from: previousStage })
    if (correction && (isCorrectionRequested || previousStage === correction.to)) {
      return { isAllowed: true, stage: correction.to, move: correction, isCorrectionOfLiveStory: true }
    }
    if (isCorrectionRequested) {
      return {
        isAllowed: false,
        status: 400,
        message:
          `The latest version of “${title}” is ${STAGE_LABELS[previousStage]}, so it cannot be published as a correction. ` +
          (isPublishable(previousStage) ? 'Publish it with the Publish button.' : 'Approve it and publish it, or send it back to draft first.'),
      }
    }
  }
  const isCorrectionOfLiveStory = false
  if (goesLive) {
    const publish = moveOfSave({ trigger: 'publish', from: stage })
    if (!publish) {
      const publishable = PUBLISHABLE_STAGES.map((from) => STAGE_LABELS[from].toLowerCase()).join(' or ')
      return {
        isAllowed: false,
        status: 400,
        message: `Only ${publishable} stories can be published, and “${title}” is in ${quotedStage(stage)}. Submit it for review and have an editor approve it.`,
      }
    }
    return { isAllowed: true, stage: publish.to, move: publish, isCorrectionOfLiveStory }
  }
  if (requestedStage) {
    const move = TRANSITIONS.find((candidate) => candidate.to === requestedStage && candidate.from.includes(previousStage))
    return { isAllowed: true, stage, move, isCorrectionOfLiveStory }
  }
  const move = !isDraftSave && isLive
    ? moveOfSave({ trigger: 'unpublish', from: stage })
    : changesContent
      ? // An edit by the server itself (an import, a script) starts a new revision as before: only a signed-in editor corrects.
        moveOfSave({ trigger: 'edit', from: stage, isApproverEditing, isEditorEditing: actor.isSignedIn && isEditorRole(actor.role) })
      : undefined
  return { isAllowed: true, stage: move?.to ?? stage, move, isCorrectionOfLiveStory }
}
