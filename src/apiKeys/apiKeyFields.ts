// What an admin sees of a machine reader's key: its name, when it was issued and when it was last used. Never the
// key: Payload's own admin control shows a new key once, as it is generated, and the database keeps only its hash.
import type { Field } from 'payload'

import { isAdminField, nobody } from '../access/fieldAccess'

const readOnlyForAdmins = { read: isAdminField, create: nobody, update: nobody }

export const apiKeyFields: Field[] = [
  {
    name: 'apiKeyName',
    type: 'text',
    maxLength: 100,
    access: { read: isAdminField, create: isAdminField, update: isAdminField },
    admin: { description: 'What the key is for, e.g. “Preview front end”.', condition: (data) => data?.role === 'api' },
  },
  { name: 'apiKeyIssuedAt', type: 'date', access: readOnlyForAdmins, admin: { readOnly: true, condition: (data) => data?.role === 'api' } },
  {
    name: 'apiKeyLastUsedAt',
    type: 'date',
    access: readOnlyForAdmins,
    admin: { readOnly: true, description: 'Noted at most once a minute.', condition: (data) => data?.role === 'api' },
  },
]
