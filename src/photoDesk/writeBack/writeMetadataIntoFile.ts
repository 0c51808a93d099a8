// Writes metadata into one stored image file so that a reader never gets a half-written file: exiftool works on a
// copy beside it, and the copy replaces the file in one rename (atomic on one file system). Values reach exiftool
// as arguments of its own process (never a shell), HTML-encoded by exiftool-vendored, so quotes, newlines and
// markup are data.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { ExifTool, type WriteTags } from 'exiftool-vendored'
import sharp from 'sharp'

import { type ExiftoolTags, type HouseMetadata, exiftoolTagsFor } from './houseMetadata'
import { metadataSegmentsOf, ownMetadataSegmentsOf, spliceJpegMetadata, splicedJpegParts } from './jpegMetadataSegments'

/** Writes `parts` as one new file, without joining them in memory first. */
async function writeParts(file: string, parts: Buffer[]): Promise<void> {
  const handle = await fs.open(file, 'wx')
  try {
    const expected = parts.reduce((sum, part) => sum + part.length, 0)
    const { bytesWritten } = await handle.writev(parts)
    // A short write (a full disk) must not become the served file: the copy is dropped and the failure reported.
    if (bytesWritten !== expected) throw new Error(`Only ${bytesWritten} of ${expected} bytes could be written.`)
  } finally {
    await handle.close()
  }
}

/** What a file looked like after we wrote it: a file that still looks so needs no second write. A bucket's object
 * also has its ETag (its time has only whole seconds). */
export type FileStamp = { size: number; mtimeMs: number; etag?: string }

export const stampOf = async (file: string): Promise<FileStamp | null> =>
  fs.stat(file).then(
    (stats) => (stats.isFile() ? { size: stats.size, mtimeMs: stats.mtimeMs } : null),
    () => null,
  )

export const isSameStamp = (a: FileStamp | null | undefined, b: FileStamp | null | undefined) =>
  Boolean(a && b && a.size === b.size && a.mtimeMs === b.mtimeMs && a.etag === b.etag)

let sharedExiftool: ExifTool | undefined

/**
 * The process's exiftool (perl, `-stay_open`), started on first use and kept between jobs: its start and its first
 * write (perl loading its writers) cost more than a write itself (bench/photoMetadata.ts). Up to two files at once,
 * as the job runs beside the server on small machines; an idle exiftool ends after a minute; its processes never
 * keep node from exiting and end with it.
 */
export async function withExiftool<T>(work: (exiftool: ExifTool) => Promise<T>): Promise<T> {
  sharedExiftool ??= new ExifTool({ maxProcs: 2, maxIdleMsPerProcess: 60_000, taskTimeoutMillis: 60_000 })
  return work(sharedExiftool)
}

/** For scripts that end before exiftool's idle time: ends its processes now. */
export async function endExiftool(): Promise<void> {
  const exiftool = sharedExiftool
  sharedExiftool = undefined
  await exiftool?.end()
}

export class FileChangedWhileWriting extends Error {}

/**
 * Makes the new content of `file` in a copy beside it (`makeCopy`), then puts the copy in its place with one rename,
 * and returns the file's new stamp. When the file is replaced (a new upload) meanwhile, the copy is dropped: the
 * newer file gets its own write.
 */
/** Files being written by this process: a second write of one file waits for the first (two jobs for one photo). */
const writesInProgress = new Map<string, Promise<unknown>>()

function oneWriteAtATime<T>(file: string, write: () => Promise<T>): Promise<T> {
  const key = path.resolve(file)
  const turn = (writesInProgress.get(key) ?? Promise.resolve()).catch(() => {}).then(write)
  writesInProgress.set(key, turn)
  const forget = () => {
    if (writesInProgress.get(key) === turn) writesInProgress.delete(key)
  }
  turn.then(forget, forget)
  return turn
}

/** `makeCopy` answers 'not made' when it cannot make the copy its way: the file is left as it is, and null returned. */
type MakeCopy = (copy: string) => Promise<void | 'not made'>

function replaceThroughCopy(file: string, makeCopy: (copy: string) => Promise<void>): Promise<FileStamp>
function replaceThroughCopy(file: string, makeCopy: MakeCopy): Promise<FileStamp | null>
function replaceThroughCopy(file: string, makeCopy: MakeCopy): Promise<FileStamp | null> {
  return oneWriteAtATime(file, () => replaceThroughCopyNow(file, makeCopy))
}

async function replaceThroughCopyNow(file: string, makeCopy: MakeCopy): Promise<FileStamp | null> {
  const before = await stampOf(file)
  if (!before) throw new Error(`The file ${path.basename(file)} is not on disk.`)
  // A dot name with the real extension last: exiftool checks the type by content, and people see what it is.
  const extension = path.extname(file)
  const copy = path.join(path.dirname(file), `.${path.basename(file, extension)}.metadata-${randomUUID()}${extension}`)
  try {
    if ((await makeCopy(copy)) === 'not made') return null
    if (!isSameStamp(before, await stampOf(file))) {
      throw new FileChangedWhileWriting(`The file ${path.basename(file)} was replaced while its metadata was being written.`)
    }
    await fs.rename(copy, file)
  } finally {
    await fs.rm(copy, { force: true })
  }
  const after = await stampOf(file)
  if (!after) throw new Error(`The file ${path.basename(file)} disappeared after its metadata was written.`)
  return after
}

/** Writes `tags` into `file` with exiftool, which keeps (merges with) whatever metadata the file already has. */
export async function writeMetadataIntoFile({ exiftool, file, tags }: { exiftool: ExifTool; file: string; tags: ExiftoolTags }): Promise<FileStamp> {
  return replaceThroughCopy(file, async (copy) => {
    await fs.copyFile(file, copy)
    await exiftool.write(copy, tags as WriteTags, { writeArgs: ['-overwrite_original'] })
  })
}

let blankJpeg: Promise<Buffer> | undefined

/**
 * The XMP and IIM segments exiftool writes for `tags`, made in a tiny JPEG: once for many files (the sizes), or
 * merged with a file's own segments (`keeping`: an original's agency metadata), so exiftool never reads or rewrites
 * the picture itself, only the few kilobytes of metadata.
 */
export async function jpegMetadataSegments({ exiftool, tags, keeping = [] }: { exiftool: ExifTool; tags: ExiftoolTags; keeping?: Buffer[] }): Promise<Buffer[]> {
  const template = path.join(os.tmpdir(), `newsroom-metadata-${randomUUID()}.jpg`)
  try {
    blankJpeg ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).jpeg().toBuffer()
    await fs.writeFile(template, spliceJpegMetadata(await blankJpeg, keeping))
    await exiftool.write(template, tags as WriteTags, { writeArgs: ['-overwrite_original'] })
    return metadataSegmentsOf(await fs.readFile(template))
  } finally {
    await fs.rm(template, { force: true })
  }
}

/**
 * Writes `tags` into a JPEG original, keeping what the agency wrote: its own XMP and IIM segments are merged with the
 * house fields by exiftool in a tiny template and spliced back; its picture, Exif, colour profile and every other
 * segment stay byte for byte. The result reads the same as exiftool's rewrite of the whole file
 * (tests/integration/photoMetadataSplice.test.ts) at a fraction of its cost (bench/photoMetadata.ts). A JPEG whose
 * segments do not add up is left to exiftool's own rewrite, which copes with more.
 */
export async function mergeMetadataIntoJpeg({ exiftool, file, tags }: { exiftool: ExifTool; file: string; tags: ExiftoolTags }): Promise<FileStamp> {
  const stamp = await replaceThroughCopy(file, async (copy) => {
    const original = await fs.readFile(file)
    const own = ownMetadataSegmentsOf(original)
    if (!own) return 'not made'
    const merged = await jpegMetadataSegments({ exiftool, tags, keeping: own })
    await writeParts(copy, splicedJpegParts(original, merged))
  })
  return stamp ?? writeMetadataIntoFile({ exiftool, file, tags })
}

/** Splices prepared segments into a JPEG that has no metadata of its own to keep (an image size Payload made). */
export async function spliceMetadataIntoJpeg({ file, segments }: { file: string; segments: Buffer[] }): Promise<FileStamp> {
  return replaceThroughCopy(file, async (copy) => {
    await writeParts(copy, splicedJpegParts(await fs.readFile(file), segments))
  })
}

type PhotoFile = { name: string; location: string; mimeType: string | null }
export type PhotoWriteResult = { stamps: Record<string, FileStamp>; failure: { name: string; error: unknown } | null }

/**
 * Writes one photo's metadata into its files (the original first, then its sizes), stopping at the first file that
 * fails. The original keeps what the agency wrote (exiftool merges: for a JPEG in a tiny template, then spliced; other
 * formats, whose metadata cannot be spliced as safely, are rewritten by exiftool); JPEG sizes, made bare by Payload, get the
 * segments exiftool wrote once for this metadata spliced in (a fraction of a rewrite per file: bench/photoMetadata.ts).
 * `segmentsByTags` shares those segments between photos with the same metadata (a bulk of one agency's photos).
 */
export async function writeMetadataIntoPhotoFiles({
  exiftool,
  metadata,
  files,
  segmentsByTags = new Map(),
}: {
  exiftool: ExifTool
  metadata: HouseMetadata
  files: PhotoFile[]
  segmentsByTags?: Map<string, Promise<Buffer[]>>
}): Promise<PhotoWriteResult> {
  const stamps: Record<string, FileStamp> = {}
  for (const [index, file] of files.entries()) {
    try {
      const tags = exiftoolTagsFor(metadata, file.mimeType)
      if (index > 0 && file.mimeType === 'image/jpeg') {
        const key = JSON.stringify(tags)
        if (!segmentsByTags.has(key)) segmentsByTags.set(key, jpegMetadataSegments({ exiftool, tags }))
        stamps[file.name] = await spliceMetadataIntoJpeg({ file: file.location, segments: await segmentsByTags.get(key)! })
      } else if (file.mimeType === 'image/jpeg') {
        stamps[file.name] = await mergeMetadataIntoJpeg({ exiftool, file: file.location, tags })
      } else {
        stamps[file.name] = await writeMetadataIntoFile({ exiftool, file: file.location, tags })
      }
    } catch (error) {
      return { stamps, failure: { name: file.name, error } }
    }
  }
  return { stamps, failure: null }
}

/** Photos written two at a time (exiftool's two processes), results in the photos' order. */
export async function writeMetadataIntoPhotos({ exiftool, photos }: { exiftool: ExifTool; photos: { metadata: HouseMetadata; files: PhotoFile[] }[] }): Promise<PhotoWriteResult[]> {
  const segmentsByTags = new Map<string, Promise<Buffer[]>>()
  const results: PhotoWriteResult[] = new Array(photos.length)
  let next = 0
  const worker = async () => {
    while (next < photos.length) {
      const index = next++
      results[index] = await writeMetadataIntoPhotoFiles({ exiftool, ...photos[index], segmentsByTags })
    }
  }
  await Promise.all([worker(), worker()])
  return results
}
