// Merged into Payload's own `sessions` array (auth.useSessions: id, createdAt, expiresAt): where each session was
// made from and when it was last used, so a person can recognise theirs. Written by the server only (sessionRows.ts);
// Payload keeps the array readable by its owner alone and never writable through the API.
import type { Field } from 'payload'

import { nobody } from '../access/fieldAccess'

export const sessionDetailFields: Field[] = [
  {
    name: 'sessions',
    type: 'array',
    fields: [
      { name: 'userAgent', type: 'text', access: { create: nobody, update: nobody } },
      { name: 'address', type: 'text', access: { create: nobody, update: nobody } },
      { name: 'lastSeenAt', type: 'date', access: { create: nobody, update: nobody } },
    ],
  },
  {
    name: 'activeSessions',
    type: 'ui',
    admin: { components: { Field: '/src/sessions/SessionsField#SessionsField' } },
  },
]
