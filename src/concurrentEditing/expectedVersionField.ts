// The version an edit is based on, as a hidden field of the edit form: filled from `updatedAt` whenever the
// document is read (the form opening, and the answer to every save, autosaves included), and sent back with
// every save, so two browser tabs cannot silently overwrite each other. Never stored.
import type { Field } from 'payload'

import { staffField } from '../access/fieldAccess'
import { EXPECTED_UPDATED_AT_FIELD } from './expectedVersion'

export const expectedVersionField: Field = {
  name: EXPECTED_UPDATED_AT_FIELD,
  type: 'text',
  virtual: true,
  // Staff edit; anonymous and `api` readers have no use for it.
  access: { read: staffField },
  admin: { hidden: true, disableBulkEdit: true, disableListColumn: true, disableListFilter: true },
  hooks: {
    afterRead: [({ data }) => (data?.updatedAt ? new Date(data.updatedAt as string).toISOString() : null)],
  },
}
