// Publishes a correction of a live story in one step: the latest version goes live through the publish gate,
// as an editor's act, with a line in the story's log and, when given, a note to readers.
import { APIError, type Payload, type PayloadRequest, type TypedUser } from 'payload'

import { isReaderNoteKind, READER_NOTE_KINDS, type ReaderNoteKind } from '../corrections/readerNotes'
import { saveStateForCall } from '../saveState'
import { canMove, CORRECTION } from './stages'

export type CorrectionRequest = {
  /** The line in the story's log (staff read it); a default says a correction was published. */
  note?: string
  /** The note readers see with the story. */
  readerNote?: { kind: ReaderNoteKind; text: string }
}

/** The request body as sent, checked for shape; the field's own rules (real text, length) check the note's text. */
export function readCorrectionRequest(body: unknown): CorrectionRequest {
  const { note, readerNote } = (body && typeof body === 'object' ? body : {}) as { note?: unknown; readerNote?: unknown }
  if (note !== undefined && note !== null && typeof note !== 'string') {
    throw new APIError('The log note (`note`) must be text.', 400, undefined, true)
  }
  const request: CorrectionRequest = { note: typeof note === 'string' && note.trim() ? note.trim() : undefined }
  if (readerNote === undefined || readerNote === null) return request
  const { kind, text } = (typeof readerNote === 'object' && !Array.isArray(readerNote) ? readerNote : {}) as { kind?: unknown; text?: unknown }
  if (typeof readerNote !== 'object' || Array.isArray(readerNote) || typeof text !== 'string') {
    throw new APIError('A note to readers is written as { "kind": "correction", "text": "…" }.', 400, undefined, true)
  }
  if (!isReaderNoteKind(kind)) {
    throw new APIError(`A note to readers is one of: ${READER_NOTE_KINDS.join(', ')}; “${String(kind)}” is not.`, 400, undefined, true)
  }
  return { ...request, readerNote: { kind, text } }
}

export async function publishCorrection({
  payload,
  articleId,
  request,
  user,
  req,
}: {
  payload: Payload
  articleId: number | string
  request: CorrectionRequest
  user: TypedUser
  req?: Partial<PayloadRequest>
}) {
  if (!canMove(CORRECTION, { role: user.role, isAuthor: false })) {
    throw new APIError(
      'Only editors can publish a correction of a live story. Save your change as a draft and submit it for review.',
      403,
      undefined,
      true,
    )
  }
  // Reading as the user proves they may see the story at all.
  await payload.findByID({ collection: 'articles', id: articleId, draft: true, depth: 0, user, overrideAccess: false, req })
  const defaultNote = request.readerNote ? `Correction published with a ${request.readerNote.kind} for readers.` : CORRECTION.logNote
  return payload.update({
    collection: 'articles',
    id: articleId,
    draft: false,
    // The latest version goes live as it is; the save's hooks add the reader note and check the move and the gate.
    data: { _status: 'published' },
    context: saveStateForCall({ correctionRequest: { ...request, note: request.note ?? defaultNote } }),
    user,
    overrideAccess: true,
    req,
  })
}
