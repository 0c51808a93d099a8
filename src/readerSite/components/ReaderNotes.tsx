// Corrections, updates and clarifications, oldest first, as the newsroom wrote them for readers.
import React from 'react'

import type { PublicReaderNote } from '../../corrections/readerNotes'

const LABELS: Record<PublicReaderNote['kind'], string> = { correction: 'Correction', update: 'Update', clarification: 'Clarification' }

const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

export function ReaderNotes({ notes }: { notes: PublicReaderNote[] }) {
  if (notes.length === 0) return null
  return (
    <section className="reader-notes" aria-labelledby="reader-notes-heading">
      <h2 id="reader-notes-heading">Corrections and updates</h2>
      <ol>
        {notes.map((note, index) => (
          <li key={index} className={`reader-note reader-note--${note.kind}`}>
            <strong>{LABELS[note.kind]}</strong>
            {note.time ? (
              <>
                {' '}
                (<time dateTime={note.time}>{day(note.time)}</time>)
              </>
            ) : null}
            : {note.text}
          </li>
        ))}
      </ol>
    </section>
  )
}
