// Files in the media folder that no media row points at: what a crash between writing a file and
// committing its row leaves behind. Listed for a report, or removed.
import fs from 'node:fs'
import path from 'node:path'

import type { Payload } from 'payload'

export async function findOrphanFiles({ payload, mediaDir }: { payload: Payload; mediaDir: string }): Promise<string[]> {
  if (!fs.existsSync(mediaDir)) return []
  const known = new Set<string>()
  const { docs } = await payload.find({ collection: 'media', pagination: false, depth: 0, overrideAccess: true, select: { filename: true, sizes: true } })
  for (const doc of docs) {
    if (doc.filename) known.add(doc.filename)
    for (const size of Object.values(doc.sizes ?? {})) if (size?.filename) known.add(size.filename)
  }
  return fs
    .readdirSync(mediaDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !known.has(entry.name))
    .map((entry) => entry.name)
    .sort()
}

export function removeFiles({ mediaDir, files }: { mediaDir: string; files: string[] }): void {
  for (const file of files) fs.rmSync(path.join(mediaDir, path.basename(file)), { force: true })
}
