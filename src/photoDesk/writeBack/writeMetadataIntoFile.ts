// Writes metadata into one stored image file so that a reader never gets a half-written file: the new content is
// made in a copy beside it, and the copy replaces the file in one rename (atomic on one file system). A JPEG's, a
// PNG's and a WebP's metadata is merged and spliced in this process (jpegMetadataSegments.ts, pngMetadataChunks.ts,
// webpMetadataChunks.ts), its values escaped as XML and cut to IIM's lengths as data; AVIF, and what that merge leaves
// alone, go to exiftool, whose values reach it as arguments of its own process (never a shell), HTML-encoded by
// exiftool-vendored.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { ExifTool, type WriteTags } from 'exiftool-vendored'
import sharp from 'sharp'

import { type ExiftoolTags, type HouseMetadata, exiftoolTagsFor } from './houseMetadata'
import { houseMetadataSegmentsOf, metadataSegmentsOf, ownMetadataSegmentsOf, spliceJpegMetadata, splicedJpegParts } from './jpegMetadataSegments'
import { pngWithHouseMetadata } from './pngMetadataChunks'
import { webpWithHouseMetadata } from './webpMetadataChunks'

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

/** The copy's name beside the file: a dot name with the real extension last (exiftool checks the type by content,
 * and people see what it is). */
const copyNameOf = (file: string) => {
  const extension = path.extname(file)
  return path.join(path.dirname(file), `.${path.basename(file, extension)}.metadata-${randomUUID()}${extension}`)
}

/**
 * Makes the new content of `file` in a copy beside it (`makeCopy`), then puts the copy in its place with one rename,
 * and returns the file's new stamp. When the file is replaced (a new upload) meanwhile, the copy is dropped: the
 * newer file gets its own write.
 */
async function replaceThroughCopyNow(file: string, makeCopy: MakeCopy): Promise<FileStamp | null> {
  const before = await stampOf(file)
  if (!before) throw new Error(`The file ${path.basename(file)} is not on disk.`)
  const copy = copyNameOf(file)
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
 * The XMP and IIM segments exiftool writes for `tags`, merged with a file's own segments (`keeping`: an original's
 * agency metadata) in a tiny JPEG, so exiftool never reads or rewrites the picture itself, only the few kilobytes of
 * metadata: the fallback for what this process's own merge leaves alone (mergeMetadataIntoJpegWithExiftool).
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

/** Bytes read first from a JPEG: its metadata segments are nearly always within them, and a size is often whole. */
const HEAD_BYTES = 256 * 1024

/** `length` bytes from `position` in one read where the system allows (fs.readFile reads 512 KB at a time, and each
 * read is a trip through libuv's threads: a dozen for a 6 MB photo, each a wait for a core on a busy machine). */
async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length)
  let filled = 0
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled)
    if (bytesRead === 0) break
    filled += bytesRead
  }
  return buffer.subarray(0, filled)
}

/** The copy's head as long as the file's, or the whole copy: its new stamp (taken before it is closed: the rename
 * keeps its size and time). */
async function writeCopy({ copy, parts, file, isHeadOnly }: { copy: string; parts: Buffer[]; file: string; isHeadOnly: boolean }): Promise<FileStamp> {
  if (isHeadOnly) await fs.copyFile(file, copy)
  const target = await fs.open(copy, isHeadOnly ? 'r+' : 'wx')
  try {
    const expected = parts.reduce((sum, part) => sum + part.length, 0)
    const { bytesWritten } = isHeadOnly ? await target.write(Buffer.concat(parts), 0, expected, 0) : await target.writev(parts)
    // A short write (a full disk) must not become the served file: the copy is dropped and the failure reported.
    if (bytesWritten !== expected) throw new Error(`Only ${bytesWritten} of ${expected} bytes could be written.`)
    const stats = await target.stat()
    return { size: stats.size, mtimeMs: stats.mtimeMs }
  } finally {
    await target.close()
  }
}

/**
 * The JPEG's own XMP and IIM merged with the house's fields in this process and spliced in a copy, which replaces the
 * file in one rename; null (the file untouched) when the merge is better left to exiftool. The file's head is read
 * first. When the new segments fit where the old ones were (the packet's padding makes room: agencies' files and
 * every file written here have it), the copy is made by the kernel and only its head overwritten, so the picture
 * never passes through this process; otherwise the rest is read, and the copy written in one go.
 */
async function spliceHouseMetadataNow(file: string, metadata: HouseMetadata): Promise<FileStamp | null> {
  const source = await fs.open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new Error(`The file ${path.basename(file)} is not on disk.`) : error
  })
  let bytes: Buffer
  let before: FileStamp
  let house: ReturnType<typeof houseMetadataSegmentsOf>
  let rest: Buffer | null = null
  try {
    const stats = await source.stat()
    before = { size: stats.size, mtimeMs: stats.mtimeMs }
    bytes = await readAt(source, 0, Math.min(stats.size, HEAD_BYTES))
    let own = ownMetadataSegmentsOf(bytes)
    if (!own && bytes.length < before.size) {
      // The segments run past the head (a large colour profile or preview): the whole file, then.
      bytes = Buffer.concat([bytes, await readAt(source, bytes.length, before.size - bytes.length)])
      own = ownMetadataSegmentsOf(bytes)
    }
    if (!own) return null
    house = houseMetadataSegmentsOf(own, metadata, { sameLengthAs: own.reduce((sum, segment) => sum + segment.length, 0) })
    if (!house) return null
    if (!house.isSameLength && bytes.length < before.size) rest = await readAt(source, bytes.length, before.size - bytes.length)
  } finally {
    await source.close()
  }
  const isHeadOnly = bytes.length < before.size && house.isSameLength
  const spliced = splicedJpegParts(bytes, house.segments)
  // Head only: every part but the last (the picture from the start of scan on), as long as the file's head was.
  const parts = isHeadOnly ? spliced.slice(0, -1) : [...spliced, ...(rest ? [rest] : [])]
  const copy = copyNameOf(file)
  try {
    const after = await writeCopy({ copy, parts, file, isHeadOnly })
    // The copy must be of the file that was read: one replaced in between has another stamp.
    if (isHeadOnly && after.size !== before.size) throw new FileChangedWhileWriting(`The file ${path.basename(file)} was replaced while its metadata was being written.`)
    if (!isSameStamp(before, await stampOf(file))) {
      throw new FileChangedWhileWriting(`The file ${path.basename(file)} was replaced while its metadata was being written.`)
    }
    await fs.rename(copy, file)
    return after
  } catch (error) {
    await fs.rm(copy, { force: true })
    throw error
  }
}

/**
 * Writes the house metadata into a JPEG (an original or a size), keeping what the agency wrote: the file is read
 * once, its own XMP and IIM segments merged with the house's fields in this process (jpegMetadataSegments.ts), and
 * written once as a copy with the new segments in place of the old, which replaces it in one rename. Its picture,
 * Exif, colour profile and every other segment stay byte for byte. What that merge leaves alone (extended XMP, a
 * packet it does not fully understand, a JPEG whose segments do not add up) goes to exiftool, started then. The
 * result reads as exiftool's rewrite of the whole file does (tests/integration/photoMetadataSplice.test.ts), at a
 * fraction of its cost and without a process round trip (bench/photoMetadata.ts).
 */
export async function writeHouseMetadataIntoJpeg({ file, metadata }: { file: string; metadata: HouseMetadata }): Promise<FileStamp> {
  const stamp = await oneWriteAtATime(file, () => spliceHouseMetadataNow(file, metadata))
  return stamp ?? withExiftool((exiftool) => mergeMetadataIntoJpegWithExiftool({ exiftool, file, tags: exiftoolTagsFor(metadata, 'image/jpeg') }))
}

/** The formats whose metadata is merged in this process, whole file in, parts out (null: left to exiftool). */
const SPLICE_WHOLE_FILE: Record<string, (bytes: Buffer, metadata: HouseMetadata) => Buffer[] | null> = {
  'image/png': pngWithHouseMetadata,
  'image/webp': webpWithHouseMetadata,
}

/**
 * Writes the house metadata into a PNG or a WebP, keeping the file's own: read once, merged in this process
 * (pngMetadataChunks.ts, webpMetadataChunks.ts), written once as a copy that replaces the file in one rename. What
 * that merge leaves alone, and every other format (AVIF), goes to exiftool, started then.
 */
async function writeHouseMetadataIntoFile({ file, mimeType, metadata }: { file: string; mimeType: string | null; metadata: HouseMetadata }): Promise<FileStamp> {
  const splice = SPLICE_WHOLE_FILE[String(mimeType)]
  const stamp =
    splice &&
    (await replaceThroughCopy(file, async (copy) => {
      const parts = splice(await fs.readFile(file), metadata)
      if (!parts) return 'not made'
      await writeParts(copy, parts)
    }))
  return stamp ?? withExiftool((exiftool) => writeMetadataIntoFile({ exiftool, file, tags: exiftoolTagsFor(metadata, mimeType) }))
}

type PhotoFile = { name: string; location: string; mimeType: string | null }
export type PhotoWriteResult = { stamps: Record<string, FileStamp>; failure: { name: string; error: unknown } | null }

/**
 * Writes one photo's metadata into its files (the original and its sizes, side by side: each waits on the file system
 * more than on a core). Every file keeps the metadata it has besides the house's fields. JPEG, PNG and WebP files are
 * merged and spliced in this process; AVIF files (and what that merge leaves alone) are rewritten by exiftool, which
 * merges, started only when such a file comes. The failure reported is the first failed file's, in the files' order.
 */
export async function writeMetadataIntoPhotoFiles({ metadata, files }: { metadata: HouseMetadata; files: PhotoFile[] }): Promise<PhotoWriteResult> {
  const settled = await Promise.allSettled(
    files.map((file) =>
      file.mimeType === 'image/jpeg'
        ? writeHouseMetadataIntoJpeg({ file: file.location, metadata })
        : writeHouseMetadataIntoFile({ file: file.location, mimeType: file.mimeType, metadata }),
    ),
  )
  const stamps: Record<string, FileStamp> = {}
  let failure: PhotoWriteResult['failure'] = null
  for (const [index, outcome] of settled.entries()) {
    if (outcome.status === 'fulfilled') stamps[files[index].name] = outcome.value
    else failure ??= { name: files[index].name, error: outcome.reason }
  }
  return { stamps, failure }
}

/** Photos written two at a time, results in the photos' order. */
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
