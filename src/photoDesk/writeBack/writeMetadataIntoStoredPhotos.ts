// The write-back's files wherever they are stored. In the media folder they are written in place (through a copy
// and one rename, writeMetadataIntoFile.ts). In a bucket each object is downloaded into a working folder,
// written there the same way, and uploaded again, unless the object changed in the meantime (a new upload): that
// photo's write is then dropped as on disk, and the next run writes the newer file. What comes back are the stored
// objects' stamps (size, time, ETag), so a second run finds them current and writes nothing.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { PhotoStore, StoredStamp } from '../../objectStorage/photoStore'
import type { HouseMetadata } from './houseMetadata'
import { FileChangedWhileWriting, type PhotoWriteResult, isSameStamp, writeMetadataIntoPhotos } from './writeMetadataIntoFile'

type StoredFile = { name: string; mimeType: string | null }
type PhotoToWrite = { metadata: HouseMetadata; files: StoredFile[] }

export async function writeMetadataIntoStoredPhotos({
  store,
  folder,
  photos,
}: {
  store: PhotoStore
  /** The media folder, where a folder store's files are written in place. */
  folder: string
  photos: PhotoToWrite[]
}): Promise<PhotoWriteResult[]> {
  if (!store.isBucket) {
    return writeMetadataIntoPhotos({ photos: photos.map(({ metadata, files }) => ({ metadata, files: files.map((file) => ({ ...file, location: path.join(folder, file.name) })) })) })
  }
  const workFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'newsroom-write-back-'))
  try {
    // Downloaded as stored, with the stamp each had: an object that does not download fails its photo alone.
    const downloaded = new Map<string, StoredStamp>()
    const downloadFailures = new Map<number, { name: string; error: unknown }>()
    await Promise.all(
      photos.map(async ({ files }, index) => {
        for (const file of files) {
          try {
            const stamp = await store.stampOf(file.name)
            if (!stamp) throw new Error(`The file ${file.name} is not in the bucket.`)
            await fs.writeFile(path.join(workFolder, path.basename(file.name)), await store.read(file.name))
            downloaded.set(file.name, stamp)
          } catch (error) {
            downloadFailures.set(index, { name: file.name, error })
            return
          }
        }
      }),
    )
    const writable = photos.map((photo, index) => ({ photo, index })).filter(({ index }) => !downloadFailures.has(index))
    const written = await writeMetadataIntoPhotos({
      photos: writable.map(({ photo: { metadata, files } }) => ({ metadata, files: files.map((file) => ({ ...file, location: path.join(workFolder, path.basename(file.name)) })) })),
    })
    const results: PhotoWriteResult[] = photos.map((_, index) => ({ stamps: {}, failure: downloadFailures.get(index) ?? null }))
    await Promise.all(
      writable.map(async ({ photo, index }, at) => {
        const local = written[at]
        const result = results[index]
        result.failure = local.failure
        for (const file of photo.files) {
          if (!(file.name in local.stamps)) continue
          try {
            if (!isSameStamp(downloaded.get(file.name), await store.stampOf(file.name))) {
              throw new FileChangedWhileWriting(`The file ${file.name} was replaced while its metadata was being written.`)
            }
            result.stamps[file.name] = await store.write(file.name, await fs.readFile(path.join(workFolder, path.basename(file.name))))
          } catch (error) {
            result.failure = { name: file.name, error }
            return
          }
        }
      }),
    )
    return results
  } finally {
    await fs.rm(workFolder, { recursive: true, force: true })
  }
}
