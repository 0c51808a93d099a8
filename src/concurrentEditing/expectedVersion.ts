// The rule of optimistic concurrency, apart from Payload: which version a write says it was based on, and
// whether the document has been saved since. A write that says nothing is not checked.

export const EXPECTED_UPDATED_AT_HEADER = 'x-expected-updated-at'
export const EXPECTED_UPDATED_AT_FIELD = 'expectedUpdatedAt'
export const EDITING_SESSION_FIELD = 'editingSession'

/** A browser tab's editing session: an id the tab made up (src/concurrentEditing/EditingSessionField.tsx). */
export const readEditingSession = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(value) ? value : undefined

/** How a message names the document, e.g. `{ name: 'this photo', pronoun: 'it' }`. */
export type DocumentName = { name: string; pronoun: 'it' | 'them' }

export type ExpectedVersion =
  | { isGiven: false }
  | { isGiven: true; isTime: true; at: string }
  | { isGiven: true; isTime: false; problem: string }

// An ISO time as Payload writes `updatedAt` (2026-11-25T17:20:35.123Z), or any offset form of it.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/

const quoted = (value: string) => `“${value.slice(0, 60)}${value.length > 60 ? '…' : ''}”`

/** The body's `expectedUpdatedAt` wins over the header; `null` and `''` (a form that never read a version) say nothing. */
export function readExpectedVersion({ fromBody, fromHeader }: { fromBody: unknown; fromHeader: string | null | undefined }): ExpectedVersion {
  const given = fromBody ?? (fromHeader || undefined)
  if (given === undefined || given === null || given === '') return { isGiven: false }
  if (typeof given !== 'string') {
    return {
      isGiven: true,
      isTime: false,
      problem: `${EXPECTED_UPDATED_AT_FIELD} must be text: the updatedAt you read, for example 2026-11-25T17:20:35.123Z.`,
    }
  }
  const at = ISO_TIME.test(given) ? Date.parse(given) : Number.NaN
  if (Number.isNaN(at)) {
    return {
      isGiven: true,
      isTime: false,
      problem: `${quoted(given)} is not a time. Send the updatedAt you read exactly as you read it (for example 2026-11-25T17:20:35.123Z).`,
    }
  }
  return { isGiven: true, isTime: true, at: new Date(at).toISOString() }
}

/** Stale when the document's last save is not the one the writer read. A document never saved has nothing to compare. */
export function isStaleVersion({ expectedAt, savedAt }: { expectedAt: string; savedAt: unknown }): boolean {
  if (savedAt === undefined || savedAt === null || savedAt === '') return false
  return new Date(savedAt as string).getTime() !== Date.parse(expectedAt)
}

// No colon: the admin's error toast reads everything after the first colon as a list of invalid fields.
// (The time of the latest save travels beside the message, as `currentUpdatedAt`.)
export const staleVersionMessage = ({ document }: { document: DocumentName }) =>
  `Someone else changed ${document.name} since you opened ${document.pronoun}. ` +
  'Nothing was saved. Reload to see their changes, then make yours again.'
