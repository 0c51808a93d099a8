import type { CollectionBeforeChangeHook } from 'payload'

/** `publishedAt` marks the first publication; later corrections keep it. */
export const stampPublishedAt: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  if (data._status !== 'published' || data.publishedAt || originalDoc?.publishedAt) return data
  return { ...data, publishedAt: new Date().toISOString() }
}
