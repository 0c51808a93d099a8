'use client'
// The story's place in review: stage, reviewer, due date, the moves this user may make, notes and the stage log.
import { Button, toast, useAuth, useForm } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import React, { useState } from 'react'

import type { Role } from '../../access/roles'
import { EXPECTED_UPDATED_AT_FIELD } from '../../concurrentEditing/expectedVersion'
import { allowedMoves, isStage, stageLabel, type Stage, type Transition } from '../../workflow/stages'
import { READER_NOTE_KINDS, type ReaderNoteKind } from '../../corrections/readerNotes'
import { formatDate, postJSON } from '../adminApi'
import { idOf } from '../../fields/relationIds'
import { announceStoryChanged } from '../storyEvents'
import type { EditorialPanels } from './storyData'

type Id = number | string

/** The panel reads what the story's other panels read (useEditorialPanels): one request per open, none of its own. */
export function WorkflowPanel({ id, panels }: { id: Id; panels: EditorialPanels | null }) {
  const { user } = useAuth()
  const router = useRouter()
  const { dispatchFields } = useForm()
  const story = panels?.story ?? null
  const notes = panels?.notes ?? []
  const log = panels?.stageChanges ?? []
  const editWarning = panels?.editWarning ?? null
  const nameOf = (person: Id | null | undefined) => (person === null || person === undefined ? 'someone' : (panels?.people[String(person)] ?? `user ${person}`))
  const [note, setNote] = useState('')
  const [overrideReason, setOverrideReason] = useState('')
  const [newNote, setNewNote] = useState('')
  const [reviewerChoice, setReviewerChoice] = useState('')
  const [dueChoice, setDueChoice] = useState('')
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [readerNoteKind, setReaderNoteKind] = useState<ReaderNoteKind | ''>('')
  const [readerNoteText, setReaderNoteText] = useState('')

  const rawStage = story?.stage
  const stage: Stage = isStage(rawStage) ? rawStage : 'draft'
  // Everyone who wrote this revision counts as an author for approval (src/workflow/writersOfRevision.ts).
  const authorIds = [...(story?.authors ?? []), ...(story?.writers ?? [])].map(idOf).filter((value) => value !== undefined)
  const writerIds = [...new Set(authorIds.map(String))]
  const isAuthor = Boolean(user && authorIds.some((author) => String(author) === String(user.id)))
  const role = (user as { role?: Role } | null)?.role
  const moves = story ? allowedMoves({ from: stage, actor: { role, isAuthor } }) : []
  const needsOverride = (move: Transition) => Boolean(move.forbidsAuthor && isAuthor && role === 'admin')

  const reviewerId = idOf(story?.reviewer)
  const approverId = idOf(story?.approvedBy)
  const canSubmit = moves.some((transition) => transition.to === 'in-review')
  const reviewers = panels?.reviewers ?? []
  // Submitting names a reviewer (none: any editor) and a due date; the author is never offered as their own reviewer.
  const reviewerOptions = reviewers.filter((reviewer) => !authorIds.some((author) => String(author) === String(reviewer.id)))
  const latestChangeRequest = stage === 'changes-requested' ? log.find((change) => change.to === 'changes-requested' && change.note) : undefined

  /** Runs one request of the panel: busy meanwhile, a failure shown as the panel's error. */
  const whileBusy = async (request: () => Promise<void>) => {
    setIsBusy(true)
    setError(null)
    try {
      await request()
    } catch (failure) {
      setError((failure as Error).message)
    } finally {
      setIsBusy(false)
    }
  }

  /** After a move or a correction saved the story: the form's next save is based on that version, not a conflict with it. */
  const afterStorySaved = (result: { message: string; updatedAt?: string }) => {
    toast.success(result.message)
    if (result.updatedAt) dispatchFields({ type: 'UPDATE', path: EXPECTED_UPDATED_AT_FIELD, value: result.updatedAt })
    setNote('')
    announceStoryChanged()
    router.refresh()
  }

  const move = async (transition: Transition) => {
    if (transition.requiresNote && !note.trim()) {
      setError(`To ${transition.action}, write a note that says what needs to change.`)
      return
    }
    if (needsOverride(transition) && !overrideReason.trim()) {
      setError('You wrote or co-wrote this revision: write why you are overriding the no-self-approval rule.')
      return
    }
    await whileBusy(async () => {
      const isSubmitting = transition.to === 'in-review'
      const result = await postJSON<{ message: string; updatedAt?: string; reviewer?: Id | null; dueAt?: string | null }>(`/api/articles/${id}/transition`, {
        to: transition.to,
        note: note.trim() || undefined,
        overrideReason: needsOverride(transition) ? overrideReason.trim() : undefined,
        reviewer: isSubmitting && reviewerChoice ? Number(reviewerChoice) : undefined,
        // The picker's local time, sent as an instant.
        dueAt: isSubmitting && dueChoice ? new Date(dueChoice).toISOString() : undefined,
      })
      // The hidden reviewer and due-date fields follow the move, so the form's next save does not undo it.
      if (result.reviewer !== undefined) dispatchFields({ type: 'UPDATE', path: 'reviewer', value: result.reviewer })
      if (result.dueAt !== undefined) dispatchFields({ type: 'UPDATE', path: 'dueAt', value: result.dueAt })
      setReviewerChoice('')
      setDueChoice('')
      setOverrideReason('')
      afterStorySaved(result)
    })
  }

  const publishCorrection = async () => {
    if (readerNoteKind && !readerNoteText.trim()) {
      setError('Write the note to readers, or choose “no note”.')
      return
    }
    await whileBusy(async () => {
      const result = await postJSON<{ message: string; updatedAt?: string }>(`/api/articles/${id}/publish-correction`, {
        note: note.trim() || undefined,
        readerNote: readerNoteKind ? { kind: readerNoteKind, text: readerNoteText.trim() } : undefined,
      })
      setReaderNoteKind('')
      setReaderNoteText('')
      afterStorySaved(result)
    })
  }

  const addNote = async () => {
    if (!newNote.trim()) return
    await whileBusy(async () => {
      await postJSON(`/api/editorial-notes`, { article: id, text: newNote.trim() })
      setNewNote('')
      announceStoryChanged()
    })
  }

  return (
    <section className="nr-panel" data-testid="workflow-panel">
      <h3>
        Workflow{' '}
        <span className="nr-status nr-status--stage" data-testid="workflow-stage">
          {story ? stageLabel(stage) : '…'}
        </span>
      </h3>
      {latestChangeRequest && (
        <blockquote className="nr-change-request" data-testid="workflow-change-request">
          <strong>Changes requested by {nameOf(latestChangeRequest.by)}</strong>{' '}
          <span className="nr-muted">{formatDate(latestChangeRequest.createdAt)}</span>
          <div>“{latestChangeRequest.note}”</div>
        </blockquote>
      )}
      <dl className="nr-facts">
        <dt>Reviewer</dt>
        <dd>{reviewerId !== undefined ? nameOf(reviewerId) : 'not assigned'}</dd>
        <dt>Due</dt>
        <dd>{formatDate(story?.dueAt) ?? 'no date'}</dd>
        {approverId !== undefined && (
          <>
            <dt>Approved by</dt>
            <dd>{nameOf(approverId)}</dd>
          </>
        )}
        {writerIds.length > 0 && (
          <>
            <dt>Writers</dt>
            <dd data-testid="workflow-writers">
              {writerIds.map(nameOf).join(', ')}
              <div className="nr-muted">On the byline or changed the text since the story was last published: none of them may approve it.</div>
            </dd>
          </>
        )}
      </dl>

      {editWarning?.warning && (
        <p className="nr-image__missing" role="status" data-testid="edit-warning">
          {editWarning.warning}
        </p>
      )}

      {moves.length > 0 || editWarning?.canPublishCorrection ? (
        <>
          <label className="nr-muted" htmlFor="workflow-note">
            Note for the log (required to request changes)
          </label>
          <textarea id="workflow-note" rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
          {canSubmit && (
            <div className="nr-submit-fields" data-testid="workflow-submit-fields">
              <label className="nr-muted" htmlFor="workflow-reviewer">
                Reviewer (when submitting)
              </label>
              <select id="workflow-reviewer" value={reviewerChoice} onChange={(event) => setReviewerChoice(event.target.value)}>
                <option value="">Any editor</option>
                {reviewerOptions.map((reviewer) => (
                  <option key={String(reviewer.id)} value={String(reviewer.id)}>
                    {reviewer.name}
                  </option>
                ))}
              </select>
              <label className="nr-muted" htmlFor="workflow-due">
                Review due (optional)
              </label>
              <input id="workflow-due" type="datetime-local" value={dueChoice} onChange={(event) => setDueChoice(event.target.value)} />
            </div>
          )}
          {moves.some(needsOverride) && (
            <input
              type="text"
              placeholder="Why you approve your own story (admins only)"
              value={overrideReason}
              onChange={(event) => setOverrideReason(event.target.value)}
            />
          )}
          <div data-testid="workflow-actions">
            {moves.map((transition) => (
              <Button
                key={transition.to}
                buttonStyle={transition.to === 'archived' || transition.to === 'draft' ? 'secondary' : 'primary'}
                size="small"
                disabled={isBusy}
                onClick={() => void move(transition)}
                extraButtonProps={{ 'data-move': transition.to }}
              >
                {transition.action[0].toUpperCase() + transition.action.slice(1)}
              </Button>
            ))}
          </div>
        </>
      ) : (
        story && <p className="nr-muted" data-testid="workflow-no-moves">You have no workflow moves from here.</p>
      )}
      {editWarning?.canPublishCorrection && (
        <div data-testid="publish-correction">
          <h4>Publish correction</h4>
          <p className="nr-muted">
            Readers see the published version. This publishes the latest saved version now, through the publish gate, and logs it with the note
            for the log above.
          </p>
          <label className="nr-muted" htmlFor="reader-note-kind">
            Note to readers
          </label>
          <select id="reader-note-kind" value={readerNoteKind} onChange={(event) => setReaderNoteKind(event.target.value as ReaderNoteKind | '')}>
            <option value="">No note</option>
            {READER_NOTE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind[0].toUpperCase() + kind.slice(1)}
              </option>
            ))}
          </select>
          {readerNoteKind && (
            <textarea
              rows={3}
              aria-label="Text of the note to readers"
              placeholder="An earlier version of this story…"
              value={readerNoteText}
              onChange={(event) => setReaderNoteText(event.target.value)}
            />
          )}
          <Button buttonStyle="primary" size="small" disabled={isBusy} onClick={() => void publishCorrection()} extraButtonProps={{ 'data-move': 'publish-correction' }}>
            Publish correction
          </Button>
        </div>
      )}

      {error && (
        <p className="nr-image__missing" role="alert" data-testid="workflow-error">
          {error}
        </p>
      )}

      <h4>Notes</h4>
      <ul className="nr-notes" data-testid="workflow-notes">
        {notes.length === 0 && <li className="nr-muted">No notes yet.</li>}
        {notes.map((item) => (
          <li key={String(item.id)}>
            <strong>{nameOf(item.author)}</strong> <span className="nr-muted">{formatDate(item.createdAt)}</span>
            <div>{item.text}</div>
          </li>
        ))}
      </ul>
      <textarea rows={2} placeholder="Add a note for the team" value={newNote} onChange={(event) => setNewNote(event.target.value)} />
      <Button buttonStyle="secondary" size="small" disabled={isBusy || !newNote.trim()} onClick={() => void addNote()}>
        Add note
      </Button>

      <h4>History</h4>
      <ul className="nr-log" data-testid="workflow-log">
        {log.length === 0 && <li className="nr-muted">No stage changes yet.</li>}
        {log.map((change) => (
          <li key={String(change.id)}>
            {stageLabel(change.from)} → <strong>{stageLabel(change.to)}</strong> by {nameOf(change.by)}{' '}
            <span className="nr-muted">{formatDate(change.createdAt)}</span>
            {change.note && <div>“{change.note}”</div>}
            {change.overrideReason && <div className="nr-muted">Override: {change.overrideReason}</div>}
          </li>
        ))}
      </ul>
    </section>
  )
}
