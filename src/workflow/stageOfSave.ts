// What a save does to a story's stage, read from the moves table (stages.ts): every write path (admin, REST,
// GraphQL, Local API, bulk updates, jobs, restores) ends here, so no move exists outside the table.
import { mayPublishStories } from '../access/policy'
import type { Role } from '../access/roles'
import { moveOfSave, PUBLISHABLE_STAGES, quotedStage, STAGE_LABELS, TRANSITIONS, type Move, type Stage } from './stages'

export type SaveFacts = {
  /** The stage of the latest version before this save. */
  previousStage: Stage
  /** A move asked for by name (already allowed by decideTransition), when the save is one. */
  requestedStage?: Stage
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
  const { previousStage, requestedStage, isLive, goesLive, isDraftSave, requestedStatus, changesContent, isApproverEditing, actor, title } = facts
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
  const isCorrectionOfLiveStory = goesLive && isLive && previousStage === 'published'
  if (goesLive) {
    if (isCorrectionOfLiveStory) return { isAllowed: true, stage: previousStage, isCorrectionOfLiveStory }
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
      ? moveOfSave({ trigger: 'edit', from: stage, isApproverEditing })
      : undefined
  return { isAllowed: true, stage: move?.to ?? stage, move, isCorrectionOfLiveStory }
}
