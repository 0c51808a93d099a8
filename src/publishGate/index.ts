// The publish gate: no story goes public while an image it shows lacks a credit, real alt text or a valid licence.
import type { CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { type AttributionProblem, findAttributionProblems } from './attributionProblems'
import { collectStoryReferences, type StoryInput } from '../collections/Articles/storyReferences'
import { loadImageFacts } from './loadImageFacts'
import { attributionError } from './attributionError'

export async function findStoryProblems({
  story,
  req,
  lock = false,
  now = new Date(),
}: {
  story: StoryInput
  req: PayloadRequest
  lock?: boolean
  now?: Date
}): Promise<AttributionProblem[]> {
  const { imageUses, imageIds } = collectStoryReferences(story)
  const media = await loadImageFacts({ req, mediaIds: imageIds, lock })
  return findAttributionProblems({ imageUses, media, now })
}

/** Runs on every write whose result is a published live row: first publish, live edits, restores, jobs. */
export const requireImageAttribution: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  if (data._status !== 'published') return data
  const problems = await findStoryProblems({ story: data, req, lock: true })
  if (problems.length) throw attributionError({ problems, id: originalDoc?.id })
  return data
}
