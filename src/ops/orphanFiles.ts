// Files in the photo store (the media folder, or the bucket when object storage is on) that no media row points at:
// what a crash between writing a file and committing its row leaves behind. Listed for a report, or removed.
import type { Payload } from 'payload'

import { photoStoreOf } from '../objectStorage/photoStore'

export async function findOrphanFiles({ payload, mediaDir }: { payload: Payload; mediaDir: string }): Promise<string[]> {
  const known = new Set<string>()
  const { docs } = await payload.find({ collection: 'media', pagination: false, depth: 0, overrideAccess: true, select: { filename: true, sizes: true } })
  for (const doc of docs) {
    if (doc.filename) known.add(doc.filename)
    for (const size of Object.values(doc.sizes ?? {})) if (size?.filename) known.add(size.filename)
  }
  return (await photoStoreOf(payload, mediaDir).names()).filter((name) => !known.has(name))
}

export async function removeFiles({ payload, mediaDir, files }: { payload: Payload; mediaDir: string; files: string[] }): Promise<void> {
  await photoStoreOf(payload, mediaDir).remove(files)
}

/** Where the report looked, for its sentences. */
export const photoStoreDescription = ({ payload, mediaDir }: { payload: Payload; mediaDir: string }) => photoStoreOf(payload, mediaDir).description
