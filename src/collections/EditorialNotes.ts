import type { Access, CollectionBeforeChangeHook, CollectionConfig } from 'payload'

import { isEditorOrAdmin } from '../access/isEditorOrAdmin'
import { editingVersionFields } from '../concurrentEditing/expectedVersionField'
import { rememberEditingSession, requireCurrentVersion, takeExpectedVersionOfDocument } from '../concurrentEditing/requireCurrentVersion'
import { editorsTakeTurns } from '../concurrentEditing/takeTurnsEditing'
import { isStaff } from '../access/isStaff'
import { hasRole } from '../access/roles'
import { refuseUnreadableQueryPaths } from '../access/queryPaths'

const isOwnNoteOrEditor: Access = ({ req: { user } }) => {
  if (hasRole(user, 'admin', 'editor')) return true
  if (hasRole(user, 'writer')) return { author: { equals: user!.id } }
  return false
}

const stampAuthor: CollectionBeforeChangeHook = ({ data, operation, req }) =>
  operation === 'create' && req.user ? { ...data, author: req.user.id } : data

/** The conversation about a story; its own collection so a note is not an edit of the story. Staff only. */
export const EditorialNotes: CollectionConfig = {
  slug: 'editorial-notes',
  labels: { singular: 'Editorial note', plural: 'Editorial notes' },
  admin: {
    useAsTitle: 'text',
    defaultColumns: ['article', 'author', 'text', 'createdAt'],
    group: 'Workflow',
  },
  access: {
    read: isStaff,
    create: isStaff,
    update: isOwnNoteOrEditor,
    delete: isEditorOrAdmin,
  },
  hooks: {
    beforeOperation: [refuseUnreadableQueryPaths, takeExpectedVersionOfDocument, editorsTakeTurns],
    beforeChange: [requireCurrentVersion({ name: 'this note', pronoun: 'it' }), stampAuthor],
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
