// The photo's fields for what its file says: the agency's metadata as read at upload (staff read it, nobody
// edits it: it is the record of what was sent), the questions it left for a person, and the disclosure readers
// see on an AI-generated or composite picture.
import type { Field, FieldAccess } from 'payload'

import { staffField } from '../../access/fieldAccess'
import { realTextValidation } from '../../fields/realTextValidation'

// Only the upload hook writes the group (after field access has dropped whatever a request sent for it).
const nobody: FieldAccess = () => false

const fileText = (name: string, label: string, type: 'text' | 'textarea' = 'text'): Field =>
  type === 'text' ? { name, label, type, admin: { readOnly: true } } : { name, label, type, admin: { readOnly: true } }

export const embeddedMetadataFields: Field[] = [
  {
    name: 'aiDisclosure',
    label: 'AI or composite disclosure',
    type: 'text',
    validate: realTextValidation('the disclosure', { maxLength: 500 }),
    admin: {
      description:
        'Shown to readers next to the credit line. Required to publish a story with this photo when its file marks it as AI-generated or composite.',
    },
  },
  {
    name: 'needsAPerson',
    label: 'Needs a person',
    type: 'textarea',
    access: { read: staffField },
    admin: {
      description: 'What reading the file’s metadata left for an editor to decide (a near-duplicate name, a missing disclosure). Clear it once done.',
    },
  },
  {
    name: 'embeddedMetadata',
    label: 'What the file says',
    type: 'group',
    access: { read: staffField, create: nobody, update: nobody },
    admin: {
      readOnly: true,
      description: 'The IPTC metadata embedded in the uploaded file, as the agency sent it. Read-only: edit the photo’s own fields instead.',
    },
    fields: [
      fileText('creditOutcome', 'Credit from the file'),
      fileText('creator', 'Creator'),
      fileText('creditLine', 'Credit line'),
      fileText('copyrightNotice', 'Copyright notice'),
      fileText('source', 'Source'),
      fileText('usageTerms', 'Rights usage terms', 'textarea'),
      fileText('webStatement', 'Web statement of rights'),
      fileText('licensor', 'Licensor'),
      { name: 'licenseExpiresAt', label: 'Licence ends', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
      fileText('altText', 'Alt text (accessibility)', 'textarea'),
      fileText('caption', 'Caption', 'textarea'),
      fileText('digitalSourceType', 'Digital source type'),
      fileText('foundIn', 'Metadata found'),
      fileText('readingNotes', 'Notes from reading the file', 'textarea'),
    ],
  },
]
