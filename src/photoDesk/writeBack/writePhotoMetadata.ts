// The write-back job: writes the house credit into every file the site serves for the photos given (by photo or
// by credit), skipping files that already carry it, and records each photo's outcome. A file that cannot be
// written is reported (the photo's row in photo-metadata-writes, the server log), never thrown: the file is
// served unchanged, and the job goes on with the other photos. The files are where Payload stores them: the media
// folder, or the bucket when object storage is on (downloaded, written, uploaded: writeMetadataIntoStoredPhotos.ts).
import path from 'node:path'

import type { PayloadRequest, TaskConfig } from 'payload'

import { NEWSROOM_NAME } from '../../admin/branding/name'
import { settings } from '../../env'
import { idOf, rowIdOf } from '../../fields/relationIds'
import { type CreditFacts, fingerprintOf, houseMetadataOf } from './houseMetadata'
import { PHOTO_METADATA_WRITES } from './PhotoMetadataWrites'
import { photoStoreOf } from '../../objectStorage/photoStore'
import { type FileStamp, isSameStamp } from './writeMetadataIntoFile'
import { writeMetadataIntoStoredPhotos } from './writeMetadataIntoStoredPhotos'

export const WRITE_PHOTO_METADATA_TASK = 'writePhotoMetadata'
// A queue of its own: a bulk upload's writes never hold up scheduled publications in `default`.
export const WRITE_PHOTO_METADATA_QUEUE = 'photo-desk'

export type WriteBackInput = { mediaIds?: number[]; creditIds?: number[] }
export type WriteBackOutcome = { written: number[]; unchanged: number[]; failed: { mediaId: number; problem: string }[] }

type StoredFile = { name: string; mimeType: string | null }
type FileRecord = Record<string, FileStamp>

/** Where readers learn how a photo may be used: a page of the public site. */
export const webStatementUrl = () => `${settings.frontendUrl || settings.publicUrl}/photo-rights`

const positiveIds = (ids: unknown): number[] =>
  Array.isArray(ids) ? [...new Set(ids.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0))] : []

/** The original and every size, as stored (a size Payload did not make, for a small original, has no file). */
function filesOf(photo: { filename?: string | null; mimeType?: string | null; sizes?: Record<string, { filename?: string | null; mimeType?: string | null } | undefined> | null }): StoredFile[] {
  const files: StoredFile[] = photo.filename ? [{ name: photo.filename, mimeType: photo.mimeType ?? null }] : []
  for (const size of Object.values(photo.sizes ?? {})) {
    if (size?.filename) files.push({ name: size.filename, mimeType: size.mimeType ?? photo.mimeType ?? null })
  }
  return files
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300)

export async function writePhotoMetadata(req: PayloadRequest, input: WriteBackInput): Promise<WriteBackOutcome> {
  const mediaIds = positiveIds(input.mediaIds)
  const creditIds = positiveIds(input.creditIds)
  const outcome: WriteBackOutcome = { written: [], unchanged: [], failed: [] }
  if (!mediaIds.length && !creditIds.length) return outcome
  const { payload } = req
  const staticDir = path.resolve(payload.collections.media.config.upload?.staticDir || settings.mediaDir)
  const store = photoStoreOf(payload, staticDir)

  // Four reads whatever the number of photos: the photos, their credits, the credits' organizations, the records.
  const { docs: photos } = await payload.find({
    collection: 'media',
    where: { or: [{ id: { in: mediaIds.length ? mediaIds : [0] } }, { credit: { in: creditIds.length ? creditIds : [0] } }] },
    select: { filename: true, mimeType: true, sizes: true, credit: true, embeddedMetadata: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const credited = photos.filter((photo) => rowIdOf(photo.credit) !== undefined)
  if (!credited.length) return outcome
  const { docs: credits } = await payload.find({
    collection: 'photo-credits',
    where: { id: { in: [...new Set(credited.map((photo) => rowIdOf(photo.credit)!))] } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const organizationIds = new Set<number>()
  for (const credit of credits) {
    for (const ref of [...(credit.agencies ?? []), credit.courtesyOf]) {
      const id = rowIdOf(ref)
      if (id !== undefined) organizationIds.add(id)
    }
  }
  const { docs: organizations } = organizationIds.size
    ? await payload.find({ collection: 'organizations', where: { id: { in: [...organizationIds] } }, select: { name: true }, depth: 0, pagination: false, overrideAccess: true, req })
    : { docs: [] }
  const nameOf = new Map(organizations.map((organization) => [String(organization.id), organization.name]))
  const { docs: records } = await payload.find({
    collection: PHOTO_METADATA_WRITES,
    where: { media: { in: credited.map((photo) => photo.id) } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const recordOf = new Map(records.map((record) => [String(idOf(record.media)), record]))
  const creditOf = new Map(credits.map((credit) => [String(credit.id), credit]))

  const needsWriting: { photo: (typeof credited)[number]; metadata: ReturnType<typeof houseMetadataOf>; fingerprint: string; files: StoredFile[] }[] = []
  for (const photo of credited) {
    const credit = creditOf.get(String(rowIdOf(photo.credit)))
    if (!credit) continue
    // Fields the credit may carry (read from the agency's file, or typed), when its collection has them.
    const extra = credit as Partial<Record<'copyrightNotice' | 'usageTerms' | 'webStatement', string | null>>
    const facts: CreditFacts = {
      creditLine: credit.creditLine,
      photographer: credit.photographer,
      pool: credit.pool,
      agencies: (credit.agencies ?? []).map((ref) => nameOf.get(String(idOf(ref))) ?? null),
      courtesyOf: credit.courtesyOf ? (nameOf.get(String(idOf(credit.courtesyOf))) ?? null) : null,
      license: credit.license,
      copyrightNotice: extra.copyrightNotice,
      usageTerms: extra.usageTerms,
      webStatement: extra.webStatement,
    }
    // The rights the agency's file stated for this one picture (kept on the photo at upload) win over the credit's.
    const metadata = houseMetadataOf({ credit: facts, houseName: NEWSROOM_NAME, webStatementUrl: webStatementUrl(), photo: photo.embeddedMetadata })
    const fingerprint = fingerprintOf(metadata)
    const files = filesOf(photo as Parameters<typeof filesOf>[0])
    const record = recordOf.get(String(photo.id))
    const written = (record?.files ?? {}) as FileRecord
    const stamps = await Promise.all(files.map((file) => store.stampOf(file.name).catch(() => null)))
    const isCurrent =
      record?.status === 'written' &&
      record.fingerprint === fingerprint &&
      files.every((file, index) => isSameStamp(written[file.name], stamps[index]))
    if (isCurrent) outcome.unchanged.push(Number(photo.id))
    else needsWriting.push({ photo, metadata, fingerprint, files })
  }
  if (!needsWriting.length) return outcome

  // The files first (two photos at a time), then the records, one by one in the job's transaction.
  const results = await writeMetadataIntoStoredPhotos({ store, folder: staticDir, photos: needsWriting.map(({ metadata, files }) => ({ metadata, files })) })
  for (const [index, { photo, fingerprint }] of needsWriting.entries()) {
    const { stamps, failure } = results[index]
    const problem = failure
      ? `The credit could not be written into the file ${failure.name} (${reasonOf(failure.error)}). The file is served as it was; replace the file, or save the photo again to retry.`
      : null
    if (failure) payload.logger.warn({ err: failure.error, mediaId: photo.id, file: failure.name }, 'Could not write the credit into a photo file')
    const data = problem
      ? { status: 'failed' as const, problem, fingerprint: null, files: stamps }
      : { status: 'written' as const, problem: null, fingerprint, files: stamps, writtenAt: new Date().toISOString() }
    const record = recordOf.get(String(photo.id))
    if (record) await payload.update({ collection: PHOTO_METADATA_WRITES, id: record.id, data, depth: 0, overrideAccess: true, req })
    else await payload.create({ collection: PHOTO_METADATA_WRITES, data: { ...data, media: Number(photo.id) }, depth: 0, overrideAccess: true, req })
    if (problem) outcome.failed.push({ mediaId: Number(photo.id), problem })
    else outcome.written.push(Number(photo.id))
  }
  return outcome
}

export const writePhotoMetadataTask: TaskConfig = {
  slug: WRITE_PHOTO_METADATA_TASK,
  inputSchema: [
    { name: 'mediaIds', type: 'json' },
    { name: 'creditIds', type: 'json' },
  ],
  // A failed file is recorded, not thrown; a retry is for the database being away.
  retries: 2,
  handler: async ({ input, req }) => {
    const outcome = await writePhotoMetadata(req, input as WriteBackInput)
    return { output: { written: outcome.written.length, unchanged: outcome.unchanged.length, failed: outcome.failed.length } }
  },
} as TaskConfig<'writePhotoMetadata'>

/** Queues the write-back for these photos and credits' photos, in the request's transaction (one job). */
export async function queueWriteBack(req: PayloadRequest, input: WriteBackInput): Promise<void> {
  const mediaIds = positiveIds(input.mediaIds)
  const creditIds = positiveIds(input.creditIds)
  if (!mediaIds.length && !creditIds.length) return
  await req.payload.jobs.queue({ task: WRITE_PHOTO_METADATA_TASK, input: { mediaIds, creditIds }, queue: WRITE_PHOTO_METADATA_QUEUE, req } as never)
}
