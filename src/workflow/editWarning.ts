// What saving a change will do to a story, said before anyone types: an approved story goes back to review and
// loses its scheduled publication; a live story edited by a writer starts a new revision. Pure: the endpoint below
// and the admin's workflow panel read it.
import type { Role } from '../access/roles'
import { describeScheduleTime } from './guardScheduledPublishing'
import { isCorrectable, isEditorRole, isPublishable, moveOfSave, quotedStage, type Stage } from './stages'

export type EditWarning = {
  /** The stage a change would send the story to, if it moves it. */
  sendsBackTo: Stage | null
  /** Whether a change would cancel the story's scheduled publications. */
  cancelsScheduledPublications: boolean
  /** Whether this user may publish the latest version as a correction now (a live story with changes). */
  canPublishCorrection: boolean
  /** The sentence to show before editing, or null when a change moves nothing. */
  warning: string | null
}

export function warningBeforeEditing({
  stage,
  role,
  isApprover,
  isLive,
  hasUnpublishedChanges,
  scheduledFor,
}: {
  stage: Stage
  role: Role | null | undefined
  isApprover: boolean
  isLive: boolean
  hasUnpublishedChanges: boolean
  /** When the story's pending scheduled publications are due (none: not scheduled). */
  scheduledFor: (string | null)[]
}): EditWarning {
  const isEditor = isEditorRole(role)
  const move = moveOfSave({ trigger: 'edit', from: stage, isApproverEditing: isApprover, isEditorEditing: isEditor })
  const cancels = Boolean(move && isPublishable(stage) && !isPublishable(move.to) && scheduledFor.length)
  const canPublishCorrection = isEditor && isLive && hasUnpublishedChanges && isCorrectable(stage)
  let warning: string | null = null
  if (move && stage === 'published') {
    warning = 'This story is live. Saving a change starts a new revision: readers keep the published version until an editor publishes the change.'
  } else if (move) {
    const schedule = cancels ? ` and cancels its publication scheduled for ${scheduledFor.map(describeScheduleTime).join(', ')}` : ''
    warning = `This story is in ${quotedStage(stage)}. Saving a change sends it back to ${quotedStage(move.to)}${schedule}.`
  }
  return { sendsBackTo: move?.to ?? null, cancelsScheduledPublications: cancels, canPublishCorrection, warning }
}
