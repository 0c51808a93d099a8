// Payload answers a request for a file that is not on disk with a 500 and an error in the log (for callers whose
// access needs no document lookup, i.e. staff): a mistyped or stale file URL is the caller's 404, not our fault.
import fs from 'node:fs/promises'
import path from 'node:path'

import { APIError, type PayloadRequest, type UploadConfig } from 'payload'

type UploadHandler = NonNullable<UploadConfig['handlers']>[number]

export const answerMissingFile: UploadHandler = async (req: PayloadRequest, { params }): Promise<void> => {
  const collection = req.payload.collections[params.collection as keyof typeof req.payload.collections]?.config
  const directory = path.resolve(collection?.upload?.staticDir || params.collection)
  const file = path.resolve(directory, params.filename)
  // Paths outside the folder are Payload's to refuse (400).
  if (!file.startsWith(directory + path.sep)) return
  const isStored = await fs.stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  )
  if (!isStored) {
    throw new APIError(`No stored file is named “${params.filename}”. Use the image's url as the API returns it.`, 404, undefined, true)
  }
}
