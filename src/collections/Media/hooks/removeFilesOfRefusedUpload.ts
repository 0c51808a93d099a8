// Payload writes an upload's file and its sizes to the media folder before the row is stored. When the write is
// then refused (a credit that does not exist, a hook that says no), the row is rolled back but the files stay:
// a photo nobody can see, manage or delete. The files this request wrote are noted, and removed on failure.
import fs from 'node:fs/promises'
import path from 'node:path'

import type { CollectionAfterErrorHook, CollectionBeforeChangeHook } from 'payload'

const NOTE = 'uploadedFiles'

type FileData = { filename?: unknown; sizes?: Record<string, { filename?: unknown } | null | undefined> | null }

/** Runs last in beforeChange: by then Payload has chosen the file names of this upload (create: not written yet). */
export const noteFilesOfUpload: CollectionBeforeChangeHook = ({ data, req }) => {
  if (!req.file) return data
  const { filename, sizes } = data as FileData
  const names = [filename, ...Object.values(sizes ?? {}).map((size) => size?.filename)].filter((name): name is string => typeof name === 'string' && name !== '')
  req.context[NOTE] = names
  return data
}

export const removeFilesOfRefusedUpload: CollectionAfterErrorHook = async ({ collection, req }) => {
  const names = req.context[NOTE]
  const staticDir = collection.upload && typeof collection.upload === 'object' ? collection.upload.staticDir : undefined
  if (!Array.isArray(names) || !staticDir) return
  delete req.context[NOTE]
  await Promise.all(names.map((name) => fs.rm(path.join(path.resolve(staticDir), path.basename(String(name))), { force: true })))
  req.payload.logger.info(`Removed the ${names.length} file(s) of an upload that was refused.`)
}
