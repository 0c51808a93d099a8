// Writes metadata into one stored image file so that a reader never gets a half-written file: the new content is
// made in a copy beside it, and the copy replaces the file in one rename (atomic on one file system). A JPEG's
// metadata is merged and spliced in this process (jpegMetadataSegments.ts), its values escaped as XML and cut to
// IIM's lengths as data; other formats, and what that merge leaves alone, go to exiftool, whose values reach it as
// arguments of its own process (never a shell), HTML-encoded by exiftool-vendored.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { ExifTool, type WriteTags } from 'exiftool-vendored'
import sharp from 'sharp'

import { type ExiftoolTags, type HouseMetadata, exiftoolTagsFor } from './houseMetadata'
import { houseMetadataSegmentsOf, metadataSegmentsOf, ownMetadataSegmentsOf, spliceJpegMetadata, splicedJpegParts } from './jpegMetadataSegments'

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
 * Writes `tags` into a JPEG, keeping what the agency wrote, through exiftool: its own XMP and IIM segments are merged
 * with the house fields in a tiny template and spliced back. The fallback of writeHouseMetadataIntoJpeg for what its
 * own merge leaves alone (extended XMP, unusual packets); a JPEG whose segments do not add up is left to exiftool's
 * rewrite of the whole file, which copes with more.
 */
export async function mergeMetadataIntoJpegWithExiftool({ exiftool, file, tags }: { exiftool: ExifTool; file: string; tags: ExiftoolTags }): Promise<FileStamp> {
  const stamp = await replaceThroughCopy(file, async (copy) => {
    const original = await fs.readFile(file)
    const own = ownMetadataSegmentsOf(original)
    if (!own) return 'not made'
    const merged = await jpegMetadataSegments({ exiftool, tags, keeping: own })
    await writeParts(copy, splicedJpegParts(original, merged))
  })
  return stamp ?? writeMetadataIntoFile({ exiftool, file, tags })
}

/**
 * Writes the house metadata into a JPEG (an original or a size), keeping what the agency wrote: the file is read
 * once, its own XMP and IIM segments merged with the house's fields in this process (jpegMetadataSegments.ts), and
 * the file written once as a copy with the new segments in place of the old, which replaces it in one rename. Its
 * picture, Exif, colour profile and every other segment stay byte for byte. What that merge leaves alone (extended
 * XMP, a packet it does not fully understand, a JPEG whose segments do not add up) goes to exiftool, started then.
 * The result reads as exiftool's rewrite of the whole file does (tests/integration/photoMetadataSplice.test.ts), at a
 * fraction of its cost and without a process round trip (bench/photoMetadata.ts).
 */
export async function writeHouseMetadataIntoJpeg({ file, metadata }: { file: string; metadata: HouseMetadata }): Promise<FileStamp> {
  const stamp = await replaceThroughCopy(file, async (copy) => {
    const original = await fs.readFile(file)
    const own = ownMetadataSegmentsOf(original)
    const segments = own && houseMetadataSegmentsOf(own, metadata)
    if (!segments) return 'not made'
    await writeParts(copy, splicedJpegParts(original, segments))
  })
  return stamp ?? withExiftool((exiftool) => mergeMetadataIntoJpegWithExiftool({ exiftool, file, tags: exiftoolTagsFor(metadata, 'image/jpeg') }))
}

type PhotoFile = { name: string; location: string; mimeType: string | null }
export type PhotoWriteResult = { stamps: Record<string, FileStamp>; failure: { name: string; error: unknown } | null }

/**
 * Writes one photo's metadata into its files (the original first, then its sizes), stopping at the first file that
 * fails. Every file keeps the metadata it has besides the house's fields. JPEG files are merged and spliced in this
 * process (writeHouseMetadataIntoJpeg); other formats are rewritten by exiftool, which merges, started only when
 * such a file comes.
 */
export async function writeMetadataIntoPhotoFiles({ metadata, files }: { metadata: HouseMetadata; files: PhotoFile[] }): Promise<PhotoWriteResult> {
  const stamps: Record<string, FileStamp> = {}
  for (const file of files) {
    try {
      stamps[file.name] =
        file.mimeType === 'image/jpeg'
          ? await writeHouseMetadataIntoJpeg({ file: file.location, metadata })
          : await withExiftool((exiftool) => writeMetadataIntoFile({ exiftool, file: file.location, tags: exiftoolTagsFor(metadata, file.mimeType) }))
    } catch (error) {
      return { stamps, failure: { name: file.name, error } }
    }
  }
  return { stamps, failure: null }
}

/** Photos written two at a time (reading one file while the other is written), results in the photos' order. */
export async function writeMetadataIntoPhotos({ photos }: { photos: { metadata: HouseMetadata; files: PhotoFile[] }[] }): Promise<PhotoWriteResult[]> {
  const results: PhotoWriteResult[] = new Array(photos.length)
  let next = 0
  const worker = async () => {
    while (next < photos.length) {
      const index = next++
      results[index] = await writeMetadataIntoPhotoFiles(photos[index])
    }
  }
  await Promise.all([worker(), worker()])
  return results
}
