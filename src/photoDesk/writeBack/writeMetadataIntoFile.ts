// Writes metadata into one stored image file so that a reader never gets a half-written file: exiftool works on a
// copy beside it, and the copy replaces the file in one rename (atomic on one file system). Values reach exiftool
// as arguments of its own process (never a shell), HTML-encoded by exiftool-vendored, so quotes, newlines and
// markup are data.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import { ExifTool, type WriteTags } from 'exiftool-vendored'

import type { ExiftoolTags } from './houseMetadata'

/** What a file looked like after we wrote it: a file that still looks so needs no second write. */
export type FileStamp = { size: number; mtimeMs: number }

export const stampOf = async (file: string): Promise<FileStamp | null> =>
  fs.stat(file).then(
    (stats) => (stats.isFile() ? { size: stats.size, mtimeMs: stats.mtimeMs } : null),
    () => null,
  )

export const isSameStamp = (a: FileStamp | null | undefined, b: FileStamp | null | undefined) =>
  Boolean(a && b && a.size === b.size && a.mtimeMs === b.mtimeMs)

/** One exiftool process for a batch of writes, ended after it (no process outlives the job). */
export async function withExiftool<T>(work: (exiftool: ExifTool) => Promise<T>): Promise<T> {
  // Up to two files at once: the job runs beside the server on small machines.
  const exiftool = new ExifTool({ maxProcs: 2, taskTimeoutMillis: 60_000 })
  try {
    return await work(exiftool)
  } finally {
    await exiftool.end()
  }
}

export class FileChangedWhileWriting extends Error {}

/**
 * Writes `tags` into `file` through a copy and a rename, and returns the file's new stamp. When the file is
 * replaced (a new upload) while the copy is written, the copy is dropped: the newer file gets its own write.
 */
export async function writeMetadataIntoFile({ exiftool, file, tags }: { exiftool: ExifTool; file: string; tags: ExiftoolTags }): Promise<FileStamp> {
  const before = await stampOf(file)
  if (!before) throw new Error(`The file ${path.basename(file)} is not on disk.`)
  // A dot name with the real extension last: exiftool checks the type by content, and people see what it is.
  const extension = path.extname(file)
  const copy = path.join(path.dirname(file), `.${path.basename(file, extension)}.metadata-${randomUUID()}${extension}`)
  try {
    await fs.copyFile(file, copy)
    await exiftool.write(copy, tags as WriteTags, { writeArgs: ['-overwrite_original'] })
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
