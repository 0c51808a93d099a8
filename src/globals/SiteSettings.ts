import type { GlobalConfig, Payload, PayloadRequest } from 'payload'

import { accessFromGlobalPolicy } from '../access/policy'
import { recordSettingsChange } from '../audit/auditHooks'
import { announceSiteSettingsChange } from '../cache/announceContentChanges'
import { realTextValidation } from '../fields/realTextValidation'
import { editingVersionFields } from '../concurrentEditing/expectedVersionField'
import { rememberEditingSessionOfGlobal, requireCurrentVersionOfGlobal, takeExpectedVersionOfGlobal } from '../concurrentEditing/requireCurrentVersion'
import { editorsTakeTurnsOnGlobal } from '../concurrentEditing/takeTurnsEditing'
import { refreshPublicVisibilityAfterGlobalChange } from '../visibility/refreshPublicVisibility'
import { settings } from '../env'
import { canonicalTimeZone, timeZoneValidation } from '../workflow/newsroomTimeZone'

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
    {
      name: 'timeZone',
      label: 'Newsroom time zone',
      type: 'text',
      defaultValue: settings.newsroomTimeZone,
      validate: timeZoneValidation,
      // Stored as the zone's own spelling: "europe/london" is Europe/London.
      hooks: { beforeChange: [({ value }) => canonicalTimeZone(value) ?? value] },
      admin: {
        description: 'An IANA time zone name, such as Europe/London, America/New_York or UTC. The schedule drawer opens in it. Empty: NEWSROOM_TIME_ZONE of the server.',
      },
    },
    ...editingVersionFields,
  ],
}

/** The zone the newsroom schedules in: the site settings' zone, else the server's NEWSROOM_TIME_ZONE. */
export async function newsroomTimeZone({ payload, req }: { payload: Payload; req?: Partial<PayloadRequest> }): Promise<string> {
  const siteSettings = await payload.findGlobal({ slug: 'site-settings', depth: 0, select: { timeZone: true }, overrideAccess: true, req })
  return canonicalTimeZone(siteSettings.timeZone) ?? settings.newsroomTimeZone
}
