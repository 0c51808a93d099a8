// The upload hook: on every upload path (admin, REST, GraphQL, Local API, imports) the file's own metadata is
// read, kept on the photo as the record of what the agency sent, and used to prefill what nobody typed: alt
// text, caption, the photo's own licence end and the credit (matched to a credit on file, else created; a near miss
// waits for a person).
import fs from 'node:fs/promises'

import type { CollectionBeforeOperationHook, CollectionBeforeValidateHook, PayloadRequest } from 'payload'

import { takeSaveState, writeSaveState } from '../../saveState'

import { isRealText } from '../../fields/realText'
import type { CreditMatch } from './matchCredit'
import { emptyPhotoMetadata, needsAiDisclosure, type PhotoMetadata, sourceTypeCode } from './photoMetadata'
import { readAndMatchPhotoMetadata } from './readAndMatchPhotoMetadata'

export type CreditOutcome = 'matched' | 'created' | 'needs a person' | 'kept the credit chosen by hand' | 'none in the file'

type Data = Record<string, unknown>

/** Files larger than this are not read for metadata (the upload itself may still be accepted). */
export const MAX_METADATA_FILE_BYTES = 200 * 1024 * 1024

async function uploadedBytes(file: PayloadRequest['file']): Promise<Buffer | null> {
  if (!file) return null
  if (file.data?.length) return file.data
  const { tempFilePath } = file as { tempFilePath?: string }
  return tempFilePath ? fs.readFile(tempFilePath).catch(() => null) : null
}

/** Creates the organizations a new credit names that are not on file yet, then the credit. */
async function createCredit({ match, req }: { match: Extract<CreditMatch, { status: 'create' }>; req: PayloadRequest }): Promise<number> {
  const agencies: number[] = []
  for (const agency of match.agencies) {
    if (typeof agency === 'number') agencies.push(agency)
    else agencies.push((await req.payload.create({ collection: 'organizations', data: { name: agency, kind: 'news-agency' }, depth: 0, req, overrideAccess: true })).id)
  }
  const credit = await req.payload.create({
    collection: 'photo-credits',
    data: { photographer: match.photographer ?? undefined, pool: match.isPool, agencies, license: agencies.length ? 'agency' : undefined },
    depth: 0,
    req,
    overrideAccess: true,
  })
  return credit.id
}

const groupOf = (metadata: PhotoMetadata, creditOutcome: string) => ({
  creditOutcome,
  creator: metadata.creator,
  creditLine: metadata.creditLine,
  copyrightNotice: metadata.copyrightNotice,
  source: metadata.source,
  usageTerms: metadata.usageTerms,
  webStatement: metadata.webStatement,
  licensor: metadata.licensor,
  licenseExpiresAt: metadata.licenseExpiresAt,
  altText: metadata.altText,
  caption: metadata.caption,
  digitalSourceType: metadata.digitalSourceType,
  foundIn: metadata.foundIn.join(', ') || 'none',
  readingNotes: metadata.notes.join('\n') || null,
})

const describeOutcome = (outcome: CreditOutcome, match: CreditMatch): string =>
  match.status === 'none' || outcome === 'kept the credit chosen by hand' ? outcome : `${outcome}: ${match.wanted}`

/**
 * Runs in beforeOperation, before Payload processes the upload: Payload re-encodes WebP and GIF files through
 * sharp (dropping their metadata) and hands the hooks after it the re-encoded bytes.
 */
export const keepUploadedBytes: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if ((operation === 'create' || operation === 'update') && req.file) {
    const bytes = await uploadedBytes(req.file)
    if (bytes) writeSaveState(req, 'uploadedFileBytes', bytes)
  }
  return args
}

export const prefillFromFileMetadata: CollectionBeforeValidateHook = async ({ data, originalDoc, req }) => {
  if (!data || !req.file) return data
  const bytes = takeSaveState(req, 'uploadedFileBytes') ?? (await uploadedBytes(req.file))
  if (!bytes) return data
  const typed = (key: string) => (key in data ? (data as Data)[key] : (originalDoc as Data | undefined)?.[key])
  let reading: Awaited<ReturnType<typeof readAndMatchPhotoMetadata>>
  if (bytes.length > MAX_METADATA_FILE_BYTES) {
    reading = { metadata: { ...emptyPhotoMetadata(), notes: ['The file is too large for its metadata to be read.'] }, match: { status: 'none' } }
  } else {
    reading = await readAndMatchPhotoMetadata({ file: bytes, req, skipTurn: Boolean(typed('credit')) })
  }
  const { metadata, match } = reading
  const questions: string[] = []

  if (!isRealText(typed('alt')) && metadata.altText) data.alt = metadata.altText
  if (!isRealText(typed('caption')) && metadata.caption) data.caption = metadata.caption
  // The licence the file states for this picture: enforced as the photo's own (withheld from that moment on).
  if (!typed('licenseExpiresAt') && metadata.licenseExpiresAt) data.licenseExpiresAt = metadata.licenseExpiresAt

  let outcome: CreditOutcome = 'none in the file'
  if (typed('credit')) outcome = match.status === 'none' ? 'none in the file' : 'kept the credit chosen by hand'
  else if (match.status === 'matched') {
    data.credit = match.creditId
    outcome = 'matched'
  } else if (match.status === 'create') {
    data.credit = await createCredit({ match, req })
    outcome = 'created'
  } else if (match.status === 'needs a person') {
    outcome = 'needs a person'
    questions.push(...match.notes)
  }

  if (needsAiDisclosure(metadata.digitalSourceType) && !isRealText(typed('aiDisclosure'))) {
    questions.push(
      `The file marks this picture as “${sourceTypeCode(metadata.digitalSourceType)}” (IPTC digital source type): write the AI or composite disclosure readers will see before a story using it can be published.`,
    )
  }
  const earlier = typed('needsAPerson')
  if (questions.length) data.needsAPerson = [typeof earlier === 'string' && isRealText(earlier) ? earlier : null, ...questions].filter(Boolean).join('\n')
  data.embeddedMetadata = groupOf(metadata, describeOutcome(outcome, match))
  return data
}
