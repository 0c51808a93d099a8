// When a photo's files or credit change, or a credit's text does (an organization's new name re-renders the credit
// lines that name it, which lands here too), or a photo whose last write failed is saved again, the write-back job
// is queued: in the save's transaction, once per operation, never on the read path.
import type { CollectionAfterChangeHook, CollectionAfterOperationHook, PayloadRequest } from 'payload'

import { idOf } from '../../fields/relationIds'
import { readSaveState, takeSaveState, writeSaveState } from '../../saveState'
import { PHOTO_METADATA_WRITES } from './PhotoMetadataWrites'
import { queueWriteBack } from './writePhotoMetadata'

type StoredSizes = Record<string, { filename?: string | null; filesize?: number | null } | undefined> | null | undefined

const filesKey = (doc: { filename?: string | null; filesize?: number | null; sizes?: StoredSizes } | null | undefined) =>
  JSON.stringify([doc?.filename ?? null, doc?.filesize ?? null, Object.entries(doc?.sizes ?? {}).map(([name, size]) => [name, size?.filename ?? null, size?.filesize ?? null])])

/** Whether the photo's last write-back failed: its problem tells staff to save the photo again to retry. */
const hasFailedWrite = async (req: PayloadRequest, mediaId: number | string) =>
  (
    await req.payload.count({
      collection: PHOTO_METADATA_WRITES,
      where: { and: [{ media: { equals: mediaId } }, { status: { equals: 'failed' } }] },
      overrideAccess: true,
      req,
    })
  ).totalDocs > 0

/** Media afterChange: a new or replaced file, a new crop, another credit; or any save of a photo whose last write failed. */
export const queueWriteBackOfPhoto: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (idOf(doc.credit) === undefined) return doc
  const isChanged = operation === 'create' || String(idOf(doc.credit)) !== String(idOf(previousDoc?.credit)) || filesKey(doc) !== filesKey(previousDoc)
  if (isChanged || (await hasFailedWrite(req, doc.id))) await queueWriteBack(req, { mediaIds: [Number(doc.id)] })
  return doc
}

/** What the files say of a credit; a change to anything else (notes, licence end) leaves the files alone. */
const WRITTEN_CREDIT_FIELDS = ['creditLine', 'photographer', 'pool', 'agencies', 'courtesyOf', 'license', 'copyrightNotice', 'usageTerms', 'webStatement']

const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(Array.isArray(a) ? a.map(idOf) : (idOf(a) ?? a ?? null)) === JSON.stringify(Array.isArray(b) ? b.map(idOf) : (idOf(b) ?? b ?? null))

/** PhotoCredits afterChange: notes the credit; the operation's end queues one job for all of them (bulk updates). */
export const noteCreditChangesForWriteBack: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  // A new credit is on no photo yet; the photo's own hook queues its write when it gets one.
  if (operation !== 'update') return doc
  if (WRITTEN_CREDIT_FIELDS.every((field) => sameValue(doc[field], previousDoc?.[field]))) return doc
  writeSaveState(req, 'creditsToWriteBack', [...(readSaveState(req, 'creditsToWriteBack') ?? []), Number(doc.id)])
  return doc
}

/** PhotoCredits afterOperation: one job for every credit the operation changed. */
export const queueWriteBackOfChangedCredits: CollectionAfterOperationHook = async ({ req, result }) => {
  const creditIds = takeSaveState(req, 'creditsToWriteBack')
  if (creditIds?.length) await queueWriteBack(req, { creditIds })
  return result
}
