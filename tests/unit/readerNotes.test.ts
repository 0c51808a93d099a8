import { changesToPublishedNotes, describeNoteChange, publicReaderNotes } from '../../src/corrections/readerNotes'
import { warningBeforeEditing } from '../../src/workflow/editWarning'

const published = { id: 'a', kind: 'correction', text: 'The mayor is Ana Ruiz.', time: '2026-12-01T10:00:00.000Z' }

describe('notes to readers', () => {
  it('are shown oldest first, and notes that say nothing or have no known kind are left out', () => {
    const notes = [
      { id: 'b', kind: 'update', text: 'The council voted.', time: '2026-12-03T10:00:00.000Z' },
      published,
      { id: 'c', kind: 'retraction', text: 'Not a kind we print.', time: '2026-12-02T10:00:00.000Z' },
      { id: 'd', kind: 'clarification', text: '   ', time: '2026-12-02T10:00:00.000Z' },
    ]
    expect(publicReaderNotes(notes)).toEqual([
      { kind: 'correction', text: 'The mayor is Ana Ruiz.', time: '2026-12-01T10:00:00.000Z' },
      { kind: 'update', text: 'The council voted.', time: '2026-12-03T10:00:00.000Z' },
    ])
    expect(publicReaderNotes('not a list')).toEqual([])
  })

  it('names each change to a note readers have seen, against the version the save started from', () => {
    const changed = { ...published, text: 'The mayor is Ana Ruiz-Ortega.' }
    expect(changesToPublishedNotes({ published: [published], before: [published], after: [published] })).toEqual([])
    expect(changesToPublishedNotes({ published: [published], before: [published], after: [changed] }).map(describeNoteChange)).toEqual([
      'Changed the published correction “The mayor is Ana Ruiz.” to correction “The mayor is Ana Ruiz-Ortega.”.',
    ])
    expect(changesToPublishedNotes({ published: [published], before: [published], after: [] }).map(describeNoteChange)).toEqual([
      'Removed the published correction “The mayor is Ana Ruiz.”.',
    ])
    // A change already saved in an earlier draft is not a change of this save (autosaves repeat nothing).
    expect(changesToPublishedNotes({ published: [published], before: [changed], after: [changed] })).toEqual([])
    // Notes readers have not seen may change freely.
    const draftNote = { id: 'x', kind: 'update', text: 'Draft.', time: null }
    expect(changesToPublishedNotes({ published: [published], before: [published, draftNote], after: [published] })).toEqual([])
  })
})

describe('the warning before editing', () => {
  const base = { isApprover: false, isLive: false, hasUnpublishedChanges: false, scheduledFor: [] as string[] }

  it('tells whoever edits an approved, scheduled story that saving sends it back to review and cancels the schedule', () => {
    const warning = warningBeforeEditing({ ...base, stage: 'approved', role: 'writer', scheduledFor: ['2026-12-05T10:00:00.000Z'] })
    expect(warning).toMatchObject({ sendsBackTo: 'in-review', cancelsScheduledPublications: true })
    expect(warning.warning).toBe('This story is in “Approved”. Saving a change sends it back to “In review” and cancels its publication scheduled for 2026-12-05 10:00 UTC.')
  })

  it('says nothing to the approving editor, and offers an editor the correction of a live story with changes', () => {
    expect(warningBeforeEditing({ ...base, stage: 'approved', role: 'editor', isApprover: true, scheduledFor: ['2026-12-05T10:00:00.000Z'] })).toMatchObject({
      sendsBackTo: null,
      cancelsScheduledPublications: false,
      warning: null,
    })
    expect(warningBeforeEditing({ ...base, stage: 'published', role: 'editor', isLive: true, hasUnpublishedChanges: true })).toMatchObject({
      sendsBackTo: null,
      canPublishCorrection: true,
      warning: null,
    })
    expect(warningBeforeEditing({ ...base, stage: 'published', role: 'writer', isLive: true, hasUnpublishedChanges: true })).toMatchObject({
      sendsBackTo: 'draft',
      canPublishCorrection: false,
      warning: expect.stringMatching(/starts a new revision/),
    })
  })
})
