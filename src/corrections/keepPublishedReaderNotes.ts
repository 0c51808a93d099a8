// The hooks that keep reader notes honest: a new note gets its time from the server, a note asked for with a
// correction is added to the story, and a note readers have seen changes only by an editor's hand, on the record.
import { APIError, type CollectionAfterChangeHook, type CollectionBeforeChangeHook } from 'payload'

import { storyBeforeSave } from '../collections/Articles/storyRow'
import { readSaveState, takeSaveState, writeSaveState } from '../saveState'
import { isEditorRole } from '../workflow/stages'
import { changesToPublishedNotes, describeNoteChange, type StoredReaderNote } from './readerNotes'
import { noteInStageLog } from '../workflow/noteInStageLog'

const notesOf = (value: unknown): StoredReaderNote[] => (Array.isArray(value) ? (value as StoredReaderNote[]) : [])

/** beforeChange, after the story row is read and before the workflow fingerprints the content. */
export const keepPublishedReaderNotes: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  const requested = readSaveState(req, 'correctionRequest')?.readerNote
  // Anything but a list is left to the field's own validation, which answers with a 400.
  if (data.readerNotes !== undefined && data.readerNotes !== null && !Array.isArray(data.readerNotes)) return data
  if (data.readerNotes === undefined && !requested) return data

  const before = notesOf(originalDoc?.readerNotes)
  const beforeById = new Map(before.filter((note) => note.id).map((note) => [String(note.id), note]))
  const now = new Date().toISOString()
  // A note new to this save is dated now, whatever the client sent: readers are told when they were told.
  const notes = [...notesOf(data.readerNotes ?? originalDoc?.readerNotes), ...(requested ? [requested as StoredReaderNote] : [])].map((note) => {
    const earlier = note.id ? beforeById.get(String(note.id)) : undefined
    return { ...note, time: earlier ? (note.time ?? earlier.time ?? now) : now }
  })

  if (operation === 'update' && originalDoc?.id !== undefined) {
    const story = await storyBeforeSave({ req, id: originalDoc.id })
    const published = story?.liveContent?.wasEverPublished ? story.liveContent.readerNotes : []
    const changes = changesToPublishedNotes({ published, before, after: notes })
    if (changes.length) {
      if (req.user && !isEditorRole(req.user.role)) {
        throw new APIError(
          'Readers have already seen this note, so only an editor can change or remove it. Leave it as it is and add a new note that says what changed.',
          403,
          undefined,
          true,
        )
      }
      writeSaveState(req, 'readerNoteChanges', changes.map(describeNoteChange))
    }
  }
  return { ...data, readerNotes: notes }
}

/** afterChange: an editor's change to a published note is logged in the story's stage log, once per save. */
export const logReaderNoteChanges: CollectionAfterChangeHook = async ({ doc, req }) => {
  const changes = takeSaveState(req, 'readerNoteChanges')
  if (!changes?.length) return doc
  await noteInStageLog(req, { articleId: doc.id, stage: doc.stage, note: changes.join(' ') })
  return doc
}
