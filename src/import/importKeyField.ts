import type { TextField } from 'payload'

import { staffField } from '../access/fieldAccess'

/**
 * The key by which the story importer finds what an earlier import created, so that importing again reuses it
 * instead of making a copy: unique, set by the importer only, hidden, and read by staff only.
 */
export const importKeyField = (name: string): TextField => ({
  name,
  type: 'text',
  unique: true,
  index: true,
  access: { read: staffField },
  admin: { readOnly: true, hidden: true },
})
