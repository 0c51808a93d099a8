import type { GlobalConfig } from 'payload'

import { accessFromGlobalPolicy } from '../access/policy'
import { recordSettingsChange } from '../audit/auditHooks'
import { announceSiteSettingsChange } from '../cache/announceContentChanges'
import { realTextValidation } from '../fields/realTextValidation'
import { editingVersionFields } from '../concurrentEditing/expectedVersionField'
import { rememberEditingSessionOfGlobal, requireCurrentVersionOfGlobal, takeExpectedVersionOfGlobal } from '../concurrentEditing/requireCurrentVersion'
import { editorsTakeTurnsOnGlobal } from '../concurrentEditing/takeTurnsEditing'
import { refreshPublicVisibilityAfterGlobalChange } from '../visibility/refreshPublicVisibility'

export const SiteSettings: GlobalConfig = {
  slug: 'site-settings',
  access: accessFromGlobalPolicy('site-settings'),
  hooks: {
    beforeOperation: [takeExpectedVersionOfGlobal, editorsTakeTurnsOnGlobal],
    beforeChange: [requireCurrentVersionOfGlobal({ name: 'the site settings', pronoun: 'them' })],
    afterChange: [rememberEditingSessionOfGlobal, refreshPublicVisibilityAfterGlobalChange, recordSettingsChange, announceSiteSettingsChange],
  },
  fields: [
    { name: 'siteName', type: 'text', defaultValue: 'Newsroom', validate: realTextValidation('the site name') },
    {
      name: 'promotion',
      type: 'relationship',
      relationTo: 'calls-to-action',
      admin: { description: 'A call to action shown across the site, e.g. a book pre-order.' },
    },
    {
      name: 'writersMustEnrol',
      type: 'checkbox',
      defaultValue: false,
      admin: { description: 'Writers must set up two-factor sign-in too (admins and editors always must, where two-factor sign-in is required).' },
    },
    ...editingVersionFields,
  ],
}
