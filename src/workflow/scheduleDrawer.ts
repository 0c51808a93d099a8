// What the story's schedule drawer (Payload's, opened from the Publish button's menu) should say and start from.
// Pure: the admin's button reads it, the unit tests check it.
import { isPublishable, quotedStage, type Stage } from './stages'

type DocumentVersions = { hasPublishedDoc: boolean; unpublishedVersionCount: number }

/**
 * Payload's drawer starts on "Unpublish" unless it counts versions newer than the published one, and for a story
 * that was never published it counts none (it only counts after a publication). Everything in such a story is
 * unpublished: it counts as one, so the drawer starts on "Publish".
 */
export const unpublishedVersionsOf = ({ hasPublishedDoc, unpublishedVersionCount }: DocumentVersions): number =>
  hasPublishedDoc ? unpublishedVersionCount : Math.max(1, unpublishedVersionCount)

/** The type the drawer starts on: what Payload's drawer derives from the count above. */
export const defaultScheduleType = (versions: DocumentVersions): 'publish' | 'unpublish' =>
  unpublishedVersionsOf(versions) > 0 ? 'publish' : 'unpublish'

/**
 * Why the drawer has nothing to offer yet, or null when it has: only an approved story can be scheduled for
 * publication (src/workflow/guardScheduledPublishing.ts refuses the rest). A live story may still be scheduled to
 * go offline.
 */
export function whyNothingCanBeScheduled({ stage, title, isLive }: { stage: Stage; title: string; isLive: boolean }): string | null {
  if (isPublishable(stage)) return null
  if (stage === 'published') return null
  const offline = isLive ? ' You can still schedule the live version to be unpublished.' : ''
  return `Nothing can be scheduled for publication yet: “${title}” is in ${quotedStage(stage)}. A story is scheduled once an editor approves it.${offline}`
}
