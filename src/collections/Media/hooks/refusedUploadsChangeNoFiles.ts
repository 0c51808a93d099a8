// An upload that is refused must change no file. Payload writes an upload's file and sizes to the media folder
// before the row is stored, and when a photo's file is replaced it deletes the old files before anything is
// checked. A refused write (a credit that does not exist, a hook that says no) then rolled back the row but left
// the new files behind, and, for a replacement, the row pointing at files that were gone. So the old files are
// kept aside (hard links) until the write succeeds, and on failure the new files go and the old ones come back.
// With object storage on, the new files are objects in the bucket (the adapter uploads them in afterChange, inside
// the write's transaction; an upload cut off half way has stored some): they go the same way. The adapter deletes a
// replaced photo's old objects only after the new ones are stored, so there is nothing to keep aside there.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import type {
  CollectionAfterErrorHook,
  CollectionAfterOperationHook,
  CollectionBeforeChangeHook,
  CollectionBeforeOperationHook,
  SanitizedCollectionConfig,
} from 'payload'

import { photoStoreOf } from '../../../objectStorage/photoStore'
import { forgetSaveState, readSaveState, takeSaveState, writeSaveState } from '../../../saveState'

type FileData = { filename?: unknown; sizes?: Record<string, { filename?: unknown } | null | undefined> | null }
type Kept = { original: string; copy: string }
export type KeptFiles = { id: number | string; files: Kept[] }

const fileNamesOf = ({ filename, sizes }: FileData): string[] =>
  [filename, ...Object.values(sizes ?? {}).map((size) => size?.filename)]
    .filter((name): name is string => typeof name === 'string' && name !== '')
    .map((name) => path.basename(name))

const staticDirOf = (collection: SanitizedCollectionConfig): string | undefined =>
  collection.upload && typeof collection.upload === 'object' && collection.upload.staticDir ? path.resolve(collection.upload.staticDir) : undefined

/** Runs last in beforeOperation: a photo whose file is being replaced keeps its current files aside. */
export const keepOriginalFilesAside: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  const id = (args as { id?: number | string }).id
  const staticDir = staticDirOf(collection)
  if (operation !== 'update' || !req.file || id === undefined || !staticDir) return args
  const current = await req.payload.findByID({ collection: 'media', id, depth: 0, overrideAccess: true, disableErrors: true, req })
  if (!current) return args
  const kept: Kept[] = []
  for (const name of fileNamesOf(current as FileData)) {
    const original = path.join(staticDir, name)
    const copy = path.join(staticDir, `.${name}.kept-${randomUUID()}`)
    // A hard link costs no copy; a file that is already missing has nothing to keep.
    if (await fs.link(original, copy).then(() => true, () => false)) kept.push({ original, copy })
  }
  writeSaveState(req, 'keptUploadFiles', { id, files: kept })
  return args
}

/** Runs first in beforeChange: by then Payload has named this upload's files (and, for a replacement, written them). */
export const noteFilesOfUpload: CollectionBeforeChangeHook = ({ data, req }) => {
  if (req.file) writeSaveState(req, 'writtenUploadFiles', fileNamesOf(data as FileData))
  return data
}

export const restoreFilesOfRefusedUpload: CollectionAfterErrorHook = async ({ collection, req }) => {
  const staticDir = staticDirOf(collection)
  const written = takeSaveState(req, 'writtenUploadFiles')
  const kept = takeSaveState(req, 'keptUploadFiles')
  if (!staticDir) return
  // New files first: a replacement may have taken the old file's name.
  if (Array.isArray(written)) {
    // A store that does not answer keeps what it got; the orphan report (npm run media:orphans) finds it.
    await photoStoreOf(req.payload, staticDir)
      .remove(written.map((name) => String(name)))
      .catch((error: unknown) => req.payload.logger.warn({ err: error }, 'The files of a refused upload could not be removed from the photo store; npm run media:orphans lists them.'))
  }
  await Promise.all((kept?.files ?? []).map(({ original, copy }) => fs.rename(copy, original).catch(() => {})))
  if (Array.isArray(written) || kept) req.payload.logger.info('An upload was refused: its new files were removed and the photo’s own files kept.')
}

/** Once the upload is stored (for a replacement: the photo being replaced, not another operation of the request). */
export const dropKeptOriginals: CollectionAfterOperationHook = async ({ args, operation, req, result }) => {
  if (operation === 'create') forgetSaveState(req, 'writtenUploadFiles')
  const kept = readSaveState(req, 'keptUploadFiles')
  if (operation !== 'updateByID' || !kept || String((args as { id?: unknown }).id) !== String(kept.id)) return result
  forgetSaveState(req, 'writtenUploadFiles')
  forgetSaveState(req, 'keptUploadFiles')
  await Promise.all(kept.files.map(({ copy }) => fs.rm(copy, { force: true })))
  return result
}
