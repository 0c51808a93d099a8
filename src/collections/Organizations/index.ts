import type { CollectionConfig } from 'payload'

import { recordDeletion } from '../../audit/auditHooks'
import { accessFromPolicy } from '../../access/policy'
import { announceDocumentChange, announceDocumentDelete } from '../../cache/announceContentChanges'
import { editingVersionFields } from '../../concurrentEditing/expectedVersionField'
import { rememberEditingSession, requireCurrentVersion } from '../../concurrentEditing/requireCurrentVersion'
import { beforeEveryEdit } from '../../concurrentEditing/beforeEveryEdit'

import { isPublicField } from '../../visibility/isPublicField'
import { whereUsed } from '../../fields/whereUsed'
import { validateWebAddress } from '../../fields/webAddress'
import { realTextValidation } from '../../fields/realTextValidation'
import { slugField } from '../../fields/slug'
import {
  onlyEditorsChangeLiveOrganizations,
  protectPublishedOrganizationDeletion,
} from '../../publishGate/onlyEditorsChangeWhatIsLive'
import { requireUniqueName } from './hooks/requireUniqueName'
import { rerenderCreditLinesOnRename } from './hooks/rerenderCreditLinesOnRename'
import { optionsFrom } from '../../fields/selectOptions'

export const ORGANIZATION_KINDS = ['advocacy', 'news-agency', 'news-outlet', 'government', 'company', 'other'] as const

export const Organizations: CollectionConfig = {
  slug: 'organizations',
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'kind', 'website'], group: 'Content' },
  access: accessFromPolicy('organizations'),
  hooks: {
    beforeOperation: [...beforeEveryEdit],
    beforeValidate: [requireUniqueName],
    beforeChange: [requireCurrentVersion({ name: 'this organization', pronoun: 'it' }), onlyEditorsChangeLiveOrganizations],
    beforeDelete: [protectPublishedOrganizationDeletion],
    afterChange: [rememberEditingSession, rerenderCreditLinesOnRename, announceDocumentChange],
    afterDelete: [recordDeletion, announceDocumentDelete],
  },
  fields: [
    { name: 'name', type: 'text', required: true, validate: realTextValidation('the organization’s name') },
    {
      name: 'nameKey',
      type: 'text',
      unique: true,
      index: true,
      admin: { hidden: true },
    },
    slugField('name'),
    {
      name: 'kind',
      type: 'select',
      required: true,
      defaultValue: 'other',
      options: optionsFrom(ORGANIZATION_KINDS),
      admin: { position: 'sidebar' },
    },
    {
      name: 'website',
      type: 'text',
      validate: validateWebAddress,
    },
    {
      name: 'socialHandles',
      type: 'array',
      fields: [
        {
          name: 'platform',
          type: 'select',
          required: true,
          options: ['x', 'instagram', 'facebook', 'bluesky', 'mastodon', 'threads', 'tiktok', 'youtube', 'other'],
        },
        { name: 'handle', type: 'text', required: true, validate: realTextValidation('the handle') },
      ],
    },
    { name: 'description', type: 'textarea' },
    isPublicField,
    ...editingVersionFields,
    whereUsed({ name: 'credits', label: 'Photo credits naming it', collection: 'photo-credits', on: 'agencies' }),
    whereUsed({ name: 'articles', label: 'Stories about it', collection: 'articles', on: 'organizations' }),
    whereUsed({
      name: 'mentionedIn',
      label: 'Stories linking to it',
      collection: 'articles',
      on: 'mentionedOrganizations',
    }),
    whereUsed({ name: 'callsToAction', collection: 'calls-to-action', on: 'organization' }),
  ],
}
