// `npm run import:photos -- <folder>`: uploads a folder of wire photos through the Local API, so each goes
// through the same upload hook as the admin (read its metadata, match or create its credit, ask a person about
// near misses), and reports what happened to each. A photo imported before (same bytes) is not uploaded again.
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import type { Payload } from 'payload'

import { MIME_TYPE_OF_EXTENSION } from './photoFiles'

export type PhotoOutcome = {
  file: string
  status: 'matched' | 'created' | 'needs a person' | 'no credit in the file' | 'kept' | 'unchanged' | 'failed'
  mediaId?: number
  credit?: string | null
  notes: string[]
}

export type PhotoImportReport = { folder: string; photos: PhotoOutcome[]; totals: Record<PhotoOutcome['status'], number> }

const emptyTotals = (): PhotoImportReport['totals'] => ({
  matched: 0,
  created: 0,
  'needs a person': 0,
  'no credit in the file': 0,
  kept: 0,
  unchanged: 0,
  failed: 0,
})

/** The photos of a folder (not its subfolders), in name order; other files are left alone. */
export async function photosInFolder(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && MIME_TYPE_OF_EXTENSION[path.extname(entry.name).toLowerCase()] !== undefined)
    .map((entry) => path.join(folder, entry.name))
    .sort()
}

const statusOf = (creditOutcome: string | null | undefined): PhotoOutcome['status'] => {
  const outcome = creditOutcome ?? ''
  if (outcome.startsWith('matched')) return 'matched'
  if (outcome.startsWith('created')) return 'created'
  if (outcome.startsWith('needs a person')) return 'needs a person'
  if (outcome.startsWith('kept')) return 'kept'
  return 'no credit in the file'
}

const readableError = (error: unknown): string => {
  const data = (error as { data?: { errors?: { message?: string }[] } })?.data
  return data?.errors?.map((item) => item.message).filter(Boolean).join(' ') || (error instanceof Error ? error.message : String(error))
}

/**
 * One photo at a time: a credit created for the first photo by a new photographer is what the next one matches.
 * Each photo is its own transaction, so a refused file leaves the others imported.
 */
export async function importPhotoFolder({
  payload,
  folder,
  onPhoto,
}: {
  payload: Payload
  folder: string
  onPhoto?: (outcome: PhotoOutcome) => void
}): Promise<PhotoImportReport> {
  const files = await photosInFolder(folder)
  const report: PhotoImportReport = { folder, photos: [], totals: emptyTotals() }
  const record = (outcome: PhotoOutcome) => {
    report.photos.push(outcome)
    report.totals[outcome.status] += 1
    onPhoto?.(outcome)
  }
  const contents = new Map<string, { data: Buffer; key: string }>()
  for (const file of files) {
    const data = await fs.readFile(file)
    contents.set(file, { data, key: `wire-photo:${createHash('sha256').update(data).digest('hex').slice(0, 32)}` })
  }
  const keys = [...contents.values()].map((content) => content.key)
  const { docs: earlier } = keys.length
    ? await payload.find({ collection: 'media', where: { importKey: { in: keys } }, pagination: false, depth: 0, select: { importKey: true }, overrideAccess: true })
    : { docs: [] }
  const imported = new Map(earlier.map((doc) => [doc.importKey as string, doc.id]))

  for (const file of files) {
    const { data, key } = contents.get(file)!
    const name = path.basename(file)
    const earlierId = imported.get(key)
    if (earlierId !== undefined) {
      record({ file: name, status: 'unchanged', mediaId: earlierId, notes: ['Imported before (same file).'] })
      continue
    }
    try {
      const photo = await payload.create({
        collection: 'media',
        data: { importKey: key },
        file: { data, mimetype: MIME_TYPE_OF_EXTENSION[path.extname(name).toLowerCase()]!, name, size: data.length },
        depth: 1,
        overrideAccess: true,
      })
      imported.set(key, photo.id)
      const credit = photo.credit && typeof photo.credit === 'object' ? photo.credit.creditLine : null
      const notes = [photo.needsAPerson, photo.embeddedMetadata?.readingNotes].filter((note): note is string => Boolean(note))
      record({ file: name, status: statusOf(photo.embeddedMetadata?.creditOutcome), mediaId: photo.id, credit: credit ?? null, notes })
    } catch (error) {
      record({ file: name, status: 'failed', notes: [readableError(error)] })
    }
  }
  return report
}

export function describePhoto(outcome: PhotoOutcome): string[] {
  const head = `${outcome.status.padEnd(22)} ${outcome.file}${outcome.mediaId ? ` → media ${outcome.mediaId}` : ''}${outcome.credit ? ` (${outcome.credit})` : ''}`
  return [head, ...outcome.notes.flatMap((note) => note.split('\n')).map((note) => `  ${note}`)]
}

export function describePhotoTotals(report: PhotoImportReport): string {
  const { totals } = report
  return `Photos: ${report.photos.length} (${totals.matched} matched, ${totals.created} created, ${totals['needs a person']} need a person, ${totals['no credit in the file']} without a credit in the file, ${totals.unchanged} imported before, ${totals.failed} failed)`
}
