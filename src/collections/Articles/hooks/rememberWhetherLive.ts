import type { CollectionBeforeChangeHook } from 'payload'

import { readSaveState } from '../../../saveState'
import { storyBeforeSave } from '../storyRow'

/**
 * Whether readers see the story once this save is done, written into the row and into the version it makes. Lists
 * that read the latest drafts (the admin's "where used" tables, the stories list) would otherwise show a live story
 * with a new revision in progress as a draft: a draft save leaves the live row as it was, so it keeps its answer.
 */
export const rememberWhetherLive: CollectionBeforeChangeHook = async ({ data, operation, originalDoc, req }) => {
  const isDraftSave = data._status !== 'published' && Boolean(readSaveState(req, 'articleWrite')?.isDraft)
  const isLiveRowPublished =
    isDraftSave && operation === 'update' && originalDoc?.id !== undefined
      ? (await storyBeforeSave({ req, id: originalDoc.id }))?.status === 'published'
      : data._status === 'published'
  return { ...data, isLive: isLiveRowPublished && !data.deletedAt }
}
