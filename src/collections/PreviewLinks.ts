import { randomBytes } from 'node:crypto'

import type { CollectionBeforeChangeHook, CollectionConfig } from 'payload'

import { isEditorOrAdmin } from '../access/isEditorOrAdmin'
import { refuseUnreadableQueryPaths } from '../access/queryPaths'

export const PREVIEW_LINK_DAYS = 7

const issueToken: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  if (operation !== 'create') return data
  return {
    ...data,
    token: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + PREVIEW_LINK_DAYS * 24 * 60 * 60 * 1000).toISOString(),
    createdBy: req.user?.id,
  }
}

/** A secret, expiring, revocable read-only link to a story's current draft, for outside reviewers. */
export const PreviewLinks: CollectionConfig = {
  slug: 'preview-links',
  labels: { singular: 'Preview link', plural: 'Preview links' },
  admin: { useAsTitle: 'token', defaultColumns: ['article', 'expiresAt', 'revoked', 'createdBy'], group: 'Workflow' },
  access: {
    read: isEditorOrAdmin,
    create: isEditorOrAdmin,
    update: isEditorOrAdmin,
    delete: isEditorOrAdmin,
  },
  hooks: { beforeOperation: [refuseUnreadableQueryPaths], beforeChange: [issueToken] },
  fields: [
    { name: 'article', type: 'relationship', relationTo: 'articles', required: true, index: true },
    { name: 'token', type: 'text', unique: true, index: true, admin: { readOnly: true, description: 'Share /api/preview/<token>.' } },
    { name: 'expiresAt', type: 'date', admin: { readOnly: true } },
    { name: 'revoked', type: 'checkbox', defaultValue: false },
    { name: 'createdBy', type: 'relationship', relationTo: 'users', admin: { readOnly: true } },
  ],
}
