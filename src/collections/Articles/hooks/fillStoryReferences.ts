import type { CollectionBeforeChangeHook } from 'payload'

import { collectStoryReferences } from '../storyReferences'

/**
 * One walk of the story fills the staff-only indexes (`images`, `bodyCallsToAction`,
 * `mentionedOrganizations`), so "where is this photo used?" and the attribution audit are plain queries.
 */
export const fillStoryReferences: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const pick = (key: string) => (key in data ? data[key] : originalDoc?.[key])
  const references = collectStoryReferences({
    heroImage: pick('heroImage'),
    socialImage: pick('socialImage'),
    body: pick('body'),
  })
  return {
    ...data,
    images: references.imageIds,
    bodyCallsToAction: references.callsToActionIds,
    mentionedOrganizations: references.organizationIds,
  }
}
