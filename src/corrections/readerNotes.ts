// Reader-facing notes on a story ("Correction: an earlier version misspelled…"): the field, and the rule that a
// note readers have seen is never silently edited. Pure, so the rule is unit-tested; the hook applies it.
import type { ArrayField } from 'payload'

import { realTextValidation } from '../fields/realTextValidation'
import { optionsFrom } from '../fields/selectOptions'

export const READER_NOTE_KINDS = ['correction', 'update', 'clarification'] as const
export type ReaderNoteKind = (typeof READER_NOTE_KINDS)[number]

/** Long enough for any correction a newsroom prints; bounds what one note may carry. */
export const MAX_READER_NOTE_LENGTH = 2000

/** A note as stored: the row id Payload gives it stays the same across saves, so a note can be followed. */
export type StoredReaderNote = { id?: string | null; kind?: string | null; text?: string | null; time?: string | Date | null }

/** A note as front ends receive it (the render-ready story, the feeds, webhooks). */
export type PublicReaderNote = { kind: ReaderNoteKind; text: string; time: string | null }

export const isReaderNoteKind = (value: unknown): value is ReaderNoteKind =>
  typeof value === 'string' && (READER_NOTE_KINDS as readonly string[]).includes(value)

export const readerNotesField: ArrayField = {
  name: 'readerNotes',
  type: 'array',
  label: 'Corrections and updates',
  labels: { singular: 'Note to readers', plural: 'Notes to readers' },
  maxRows: 100,
  admin: {
    description:
      'Shown to readers with the story, oldest first. A note readers have seen is not edited: add a new one. Only editors may change or remove a published note, and every such change is logged.',
  },
  fields: [
    { name: 'kind', type: 'select', required: true, defaultValue: 'correction', options: optionsFrom(READER_NOTE_KINDS) },
    {
      name: 'text',
      type: 'textarea',
      required: true,
      maxLength: MAX_READER_NOTE_LENGTH,
      validate: realTextValidation('the note to readers', { maxLength: MAX_READER_NOTE_LENGTH }) as never,
    },
    // Set by the server when the note is first saved: when readers were told.
    { name: 'time', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
  ],
}

const timeOf = (value: StoredReaderNote['time']) => (value instanceof Date ? value.toISOString() : value ? new Date(value).toISOString() : null)

/** What front ends show: valid notes only, oldest first (notes without a time keep their place at the end). */
export function publicReaderNotes(notes: unknown): PublicReaderNote[] {
  if (!Array.isArray(notes)) return []
  return (notes as StoredReaderNote[])
    .filter((note) => isReaderNoteKind(note?.kind) && typeof note.text === 'string' && note.text.trim() !== '')
    .map((note) => ({ kind: note.kind as ReaderNoteKind, text: note.text as string, time: timeOf(note.time) }))
    .map((note, index) => ({ note, index }))
    .sort((a, b) => (a.note.time ?? '\uffff').localeCompare(b.note.time ?? '\uffff') || a.index - b.index)
    .map(({ note }) => note)
}

/** Every note gets the time it was first saved; notes that have one keep it. */
export const stampNoteTimes = (notes: StoredReaderNote[], now: Date): StoredReaderNote[] =>
  notes.map((note) => (note.time ? note : { ...note, time: now.toISOString() }))

export type NoteChange = { change: 'changed' | 'removed'; before: StoredReaderNote; after?: StoredReaderNote }

const sameNote = (a: StoredReaderNote, b: StoredReaderNote) => a.kind === b.kind && a.text === b.text && timeOf(a.time) === timeOf(b.time)

/**
 * The changes a save makes to notes readers have seen (`published`: the live row's notes, followed by row id),
 * measured against the version the save started from (`before`), so an autosave repeats no change.
 */
export function changesToPublishedNotes({
  published,
  before,
  after,
}: {
  published: StoredReaderNote[]
  before: StoredReaderNote[]
  after: StoredReaderNote[]
}): NoteChange[] {
  const publishedIds = new Set(published.map((note) => note.id).filter(Boolean).map(String))
  const afterById = new Map(after.filter((note) => note.id).map((note) => [String(note.id), note]))
  return before
    .filter((note) => note.id && publishedIds.has(String(note.id)))
    .flatMap((note): NoteChange[] => {
      const now = afterById.get(String(note.id))
      if (!now) return [{ change: 'removed', before: note }]
      return sameNote(note, now) ? [] : [{ change: 'changed', before: note, after: now }]
    })
}

const quoted = (note: StoredReaderNote | undefined) => `${note?.kind ?? 'note'} “${(note?.text ?? '').slice(0, 200)}”`

/** The log line of one change: what the note said, and what it says now. */
export const describeNoteChange = ({ change, before, after }: NoteChange) =>
  change === 'removed'
    ? `Removed the published ${quoted(before)}.`
    : `Changed the published ${quoted(before)} to ${quoted(after)}.`
