// The version an edit is based on, as a hidden field of the edit form: filled from `updatedAt` whenever the
// document is read (the form opening, and the answer to every save, autosaves included), and sent back with
// every save, so two browser tabs cannot silently overwrite each other. Beside it, the tab's editing session,
// so that a tab's autosave that left before its previous save was answered is not taken for someone else.
// Neither is stored.
import type { Field } from 'payload'

import { staffField } from '../access/fieldAccess'
import { EDITING_SESSION_FIELD, EXPECTED_UPDATED_AT_FIELD } from './expectedVersion'
import { readSaveState } from '../saveState'

const notForLists = { disableBulkEdit: true, disableListColumn: true, disableListFilter: true }

export const editingVersionFields: Field[] = [
  {
    name: EXPECTED_UPDATED_AT_FIELD,
    type: 'text',
    virtual: true,
    // Staff edit; anonymous and `api` readers have no use for it.
    access: { read: staffField },
    admin: { hidden: true, ...notForLists },
    hooks: {
      afterRead: [({ data }) => (data?.updatedAt ? new Date(data.updatedAt as string).toISOString() : null)],
    },
  },
  {
    name: EDITING_SESSION_FIELD,
    type: 'text',
    virtual: true,
    access: { read: staffField },
    admin: { ...notForLists, components: { Field: '/src/concurrentEditing/EditingSessionField#EditingSessionField' } },
    hooks: {
      // The answer to a save names the session that made it, so the form keeps its own.
      afterRead: [({ req }) => readSaveState(req, 'editingSession') ?? null],
    },
  },
]
