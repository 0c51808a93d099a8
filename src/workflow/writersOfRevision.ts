// Who wrote a revision of a story, for separation of duties: nobody approves what they wrote, even if they
// have since taken their name off the byline. Payload's versions do not record who saved them, and old
// versions are trimmed, so the list travels with the story itself and grows with every save.
import { idOf } from '../fields/relationIds'

type Id = number | string
type Ref = Id | { id: Id } | null | undefined

const idsOf = (refs: unknown): Id[] =>
  (Array.isArray(refs) ? (refs as Ref[]) : []).map((ref) => idOf(ref)).filter((id): id is Id => id !== undefined)

const withoutRepeats = (ids: Id[]): Id[] => {
  const seen = new Set<string>()
  return ids.filter((id) => !seen.has(String(id)) && Boolean(seen.add(String(id))))
}

/**
 * The writers of the revision this save makes: everyone who was on its byline and everyone who changed its
 * content since the story last went live. A save that starts a new revision of a live story starts the list again.
 */
export function writersOfRevision({
  previousWriters,
  startsNewRevision,
  authors,
  contentEditor,
}: {
  previousWriters: unknown
  startsNewRevision: boolean
  authors: unknown
  /** The person whose save changed the content, if it did. */
  contentEditor?: Id
}): Id[] {
  return withoutRepeats([
    ...(startsNewRevision ? [] : idsOf(previousWriters)),
    ...idsOf(authors),
    ...(contentEditor !== undefined ? [contentEditor] : []),
  ])
}

/** Whether `userId` wrote the revision: on its byline now, or among the writers it remembers. */
export const isAmongWriters = ({ userId, writers, authors }: { userId: unknown; writers: unknown; authors?: unknown }): boolean =>
  userId !== undefined && userId !== null && [...idsOf(writers), ...idsOf(authors)].some((id) => String(id) === String(userId))
