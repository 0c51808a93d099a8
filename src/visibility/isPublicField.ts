import type { CheckboxField } from 'payload'

import { staffField, nobody } from '../access/fieldAccess'

/** Set only by refreshPublicVisibility: true while something live uses this document. */
export const isPublicField: CheckboxField = {
  name: 'isPublic',
  type: 'checkbox',
  defaultValue: false,
  index: true,
  access: { read: staffField, create: nobody, update: nobody },
  admin: { hidden: true },
}
