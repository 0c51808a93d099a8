import type { CollectionBeforeChangeHook, CollectionConfig } from 'payload'

import { accessFromPolicy } from '../access/policy'
import { editingVersionFields } from '../concurrentEditing/expectedVersionField'
import { rememberEditingSession, requireCurrentVersion } from '../concurrentEditing/requireCurrentVersion'
import { beforeEveryEdit } from '../concurrentEditing/beforeEveryEdit'

// The author is whoever created the note, and stays so: no later edit (the writer's, an editor's, a job's) hands a
// note to someone else, so the story's panel keeps saying truly who said what.
const keepWhoWroteIt: CollectionBeforeChangeHook = ({ data, operation, originalDoc, req }) => {
  if (operation === 'create') return req.user ? { ...data, author: req.user.id } : data
  return { ...data, author: originalDoc?.author ?? null }
}

/** The conversation about a story; its own collection so a note is not an edit of the story. Staff only. */
export const EditorialNotes: CollectionConfig = {
  slug: 'editorial-notes',
  labels: { singular: 'Editorial note', plural: 'Editorial notes' },
  // A copy would be a new note by whoever copied it, carrying someone else's words under their name.
  disableDuplicate: true,
  admin: { useAsTitle: 'text', defaultColumns: ['article', 'author', 'text', 'createdAt'], group: 'Workflow' },
  access: accessFromPolicy('editorial-notes'),
  hooks: {
    beforeOperation: [...beforeEveryEdit],
    beforeChange: [requireCurrentVersion({ name: 'this note', pronoun: 'it' }), keepWhoWroteIt],
    afterChange: [rememberEditingSession],
  },
  fields: [
    // Not required: a story deleted for good leaves its history behind.
    { name: 'article', type: 'relationship', relationTo: 'articles', index: true },
    { name: 'text', type: 'textarea', required: true, maxLength: 5000 },
    { name: 'author', type: 'relationship', relationTo: 'users', admin: { readOnly: true } },
    { name: 'replyTo', type: 'relationship', relationTo: 'editorial-notes' },
    ...editingVersionFields,
  ],
}
