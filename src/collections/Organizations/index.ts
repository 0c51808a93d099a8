import type { CollectionConfig } from 'payload'

import { authenticatedField } from '../../access/fieldAccess'
import { isEditorOrAdmin } from '../../access/isEditorOrAdmin'
import { isStaff } from '../../access/isStaff'
import { publicAssetOrAuthenticated } from '../../access/publicAssetOrAuthenticated'
import { isPublicField } from '../../fields/isPublic'
import { validateWebAddress } from '../../fields/webAddress'
import { slugField } from '../../fields/slug'
import { requireUniqueName } from './hooks/requireUniqueName'
import { rerenderCreditLinesOnRename } from './hooks/rerenderCreditLinesOnRename'

export const ORGANIZATION_KINDS = ['advocacy', 'news-agency', 'news-outlet', 'government', 'company', 'other'] as const

export const Organizations: CollectionConfig = {
  slug: 'organizations',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'kind', 'website'],
    group: 'Content',
  },
  access: {
    read: publicAssetOrAuthenticated,
    create: isStaff,
    update: isStaff,
    delete: isEditorOrAdmin,
  },
  hooks: {
    beforeValidate: [requireUniqueName],
    afterChange: [rerenderCreditLinesOnRename],
  },
  fields: [
    { name: 'name', type: 'text', required: true },
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
      options: ORGANIZATION_KINDS.map((kind) => ({ label: kind.replace('-', ' '), value: kind })),
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
        { name: 'handle', type: 'text', required: true },
      ],
    },
    { name: 'description', type: 'textarea' },
    isPublicField,
    {
      name: 'credits',
      label: 'Photo credits naming it',
      type: 'join',
      collection: 'photo-credits',
      on: 'agencies',
      access: { read: authenticatedField },
      admin: { allowCreate: false },
    },
    {
      name: 'articles',
      label: 'Stories about it',
      type: 'join',
      collection: 'articles',
      on: 'organizations',
      access: { read: authenticatedField },
      admin: { allowCreate: false },
    },
    {
      name: 'mentionedIn',
      label: 'Stories linking to it',
      type: 'join',
      collection: 'articles',
      on: 'mentionedOrganizations',
      access: { read: authenticatedField },
      admin: { allowCreate: false },
    },
    {
      name: 'callsToAction',
      type: 'join',
      collection: 'calls-to-action',
      on: 'organization',
      access: { read: authenticatedField },
      admin: { allowCreate: false },
    },
  ],
}
