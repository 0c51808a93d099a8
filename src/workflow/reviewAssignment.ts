// Who reviews a submitted story, and by when: chosen when it is submitted for review, checked before anything is saved.
import { isEditorRole, type Actor } from './stages'

type Id = number | string

/** Absent: keep what the story has; `null`: clear it; otherwise the new value. */
export type Choice<T> = { isGiven: false } | { isGiven: true; value: T | null }

export type AssignmentProblem = { message: string }

const MAX_DATE_LENGTH = 40
// A calendar date, optionally with a time and an offset: what a date picker or an API client sends.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

/** The due date a submission asks for: a real calendar date in the future, or a sentence saying what is wrong. */
export function readDueDate({ value, now }: { value: unknown; now: Date }): Choice<string> | AssignmentProblem {
  if (value === undefined) return { isGiven: false }
  if (value === null || value === '') return { isGiven: true, value: null }
  const text = typeof value === 'string' ? value.trim() : ''
  const parts = text.length <= MAX_DATE_LENGTH ? ISO_DATE.exec(text) : null
  const date = parts ? new Date(text.replace(' ', 'T')) : null
  // `new Date` rolls 31 February over into March: a real date keeps its day and month.
  const isRealDate =
    parts !== null &&
    date !== null &&
    !Number.isNaN(date.getTime()) &&
    Number(parts[2]) >= 1 &&
    Number(parts[2]) <= 12 &&
    Number(parts[3]) >= 1 &&
    Number(parts[3]) <= new Date(Date.UTC(Number(parts[1]), Number(parts[2]), 0)).getUTCDate() &&
    Number(parts[4] ?? 0) <= 23 &&
    Number(parts[5] ?? 0) <= 59 &&
    Number(parts[6] ?? 0) <= 59
  if (!isRealDate) {
    return { message: 'The due date is not a date. Send it as a calendar date and time, for example “2027-03-01T17:00:00Z”, or leave it out.' }
  }
  if (date.getTime() <= now.getTime()) {
    return { message: 'The due date has already passed. Choose a date and time in the future, or leave it out.' }
  }
  return { isGiven: true, value: date.toISOString() }
}

/** The reviewer a submission names, as a user id to look up: absent, cleared, or a positive whole number. */
export function readReviewerId(value: unknown): Choice<number> | AssignmentProblem {
  if (value === undefined) return { isGiven: false }
  if (value === null || value === '') return { isGiven: true, value: null }
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(id) || id <= 0) {
    return { message: 'Name the reviewer by their user number (an editor’s id), or leave it out to let any editor review.' }
  }
  return { isGiven: true, value: id }
}

export type Candidate = { id: Id; name?: string | null; role?: Actor['role'] } | null

/** Why `candidate` may not review this story, or null when they may: an editor or admin who did not write it. */
export function reviewerProblem({ candidate, requestedId, isAuthor }: { candidate: Candidate; requestedId: Id; isAuthor: boolean }): AssignmentProblem | null {
  if (!candidate) return { message: `There is no user ${requestedId} to review this story. Choose an editor, or leave the reviewer out.` }
  const who = candidate.name?.trim() || `User ${candidate.id}`
  if (!isEditorRole(candidate.role)) {
    return { message: `${who} is not an editor: only editors and admins review stories. Choose an editor, or leave the reviewer out.` }
  }
  if (isAuthor) {
    return { message: `${who} is an author of this story, and nobody reviews their own story. Choose another editor.` }
  }
  return null
}

export const isProblem = (value: object): value is AssignmentProblem => 'message' in value
