import type { CollectionConfig } from 'payload'

import { accessFromPolicy } from '../../access/policy'
import { announceDocumentChange, announceDocumentDelete } from '../../cache/announceContentChanges'
import { editingVersionFields } from '../../concurrentEditing/expectedVersionField'
import { rememberEditingSession, requireCurrentVersion } from '../../concurrentEditing/requireCurrentVersion'
import { beforeEveryEdit } from '../../concurrentEditing/beforeEveryEdit'

import { isPublicField } from '../../visibility/isPublicField'
import { realTextValidation } from '../../fields/realTextValidation'
import { whereUsed } from '../../fields/whereUsed'
import { validateWebAddress } from '../../fields/webAddress'
import { refreshPublicVisibilityAfterChange } from '../../visibility/refreshPublicVisibility'
import { optionsFrom } from '../../fields/selectOptions'

export const CALL_TO_ACTION_KINDS = [
  'petition',
  'donate',
  'contact-representatives',
  'social',
  'follow',
  'volunteer',
  'pre-order',
  'read-more',
  'other',
] as const

export const CallsToAction: CollectionConfig = {
  slug: 'calls-to-action',
  labels: { singular: 'Call to action', plural: 'Calls to action' },
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'kind', 'organization', 'status'], group: 'Content' },
  access: accessFromPolicy('calls-to-action'),
  hooks: {
    beforeOperation: [...beforeEveryEdit],
    beforeChange: [requireCurrentVersion({ name: 'this call to action', pronoun: 'it' })],
    afterChange: [rememberEditingSession, refreshPublicVisibilityAfterChange, announceDocumentChange],
    afterDelete: [announceDocumentDelete],
  },
  fields: [
    { name: 'title', type: 'text', required: true, validate: realTextValidation('the title') },
    {
      name: 'kind',
      type: 'select',
      required: true,
      defaultValue: 'other',
      options: optionsFrom(CALL_TO_ACTION_KINDS),
    },
    { name: 'organization', type: 'relationship', relationTo: 'organizations' },
    {
      name: 'url',
      type: 'text',
      validate: validateWebAddress,
    },
    {
      name: 'handles',
      type: 'text',
      hasMany: true,
      admin: { description: 'Accounts to contact or tag, e.g. @StateDept.' },
    },
    { name: 'hashtags', type: 'text', hasMany: true },
    { name: 'instructions', type: 'textarea', maxLength: 500 },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'active',
      options: [
        { label: 'Active', value: 'active' },
        { label: 'Closed', value: 'closed' },
      ],
      admin: { position: 'sidebar' },
    },
    { name: 'expiresAt', type: 'date', admin: { position: 'sidebar' } },
    isPublicField,
    ...editingVersionFields,
    whereUsed({ name: 'articles', label: 'Listed by stories', collection: 'articles', on: 'callsToAction' }),
    whereUsed({ name: 'inBodies', label: 'In story bodies', collection: 'articles', on: 'bodyCallsToAction' }),
  ],
}
