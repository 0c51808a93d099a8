import { randomBytes } from 'node:crypto'

import { APIError, type CollectionBeforeChangeHook, type CollectionConfig } from 'payload'

import { accessFromPolicy } from '../access/policy'
import { refuseUnreadableQueryPaths } from '../access/queryPaths'
import { idOf } from '../fields/relationIds'

export const PREVIEW_LINK_DAYS = 7

type LinkState = { article?: unknown; token?: unknown; expiresAt?: unknown; revoked?: unknown }

const timeOf = (value: unknown) => (typeof value === 'string' || value instanceof Date ? new Date(value).getTime() : Number.NaN)

/**
 * A link already handed to an outsider may only become less powerful: its token and story are fixed, its expiry
 * only moves earlier, and a revoked link stays revoked. Returns the sentence to show, or undefined when allowed.
 */
export function previewLinkChangeProblem({ before, after }: { before: LinkState; after: LinkState }): string | undefined {
  if (after.token !== before.token) {
    return 'A preview link’s token is made by the server and cannot be changed. To stop a link working, revoke it; to share the story again, make a new link.'
  }
  if (String(idOf(after.article)) !== String(idOf(before.article))) {
    return 'A preview link always opens the story it was made for. To share another story, make a new link.'
  }
  const expiresAt = timeOf(after.expiresAt)
  if (Number.isNaN(expiresAt) || expiresAt > timeOf(before.expiresAt)) {
    return 'A preview link’s expiry can only be brought forward, never moved later or removed. To give more time, make a new link.'
  }
  if (before.revoked === true && after.revoked !== true) {
    return 'A revoked preview link stays revoked. To share the story again, make a new link.'
  }
  return undefined
}

const issueToken: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  if (operation !== 'create') return data
  return {
    ...data,
    token: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + PREVIEW_LINK_DAYS * 24 * 60 * 60 * 1000).toISOString(),
    createdBy: req.user?.id,
  }
}

const onlyNarrowLinks: CollectionBeforeChangeHook = ({ data, operation, originalDoc }) => {
  if (operation !== 'update' || !originalDoc) return data
  const problem = previewLinkChangeProblem({ before: originalDoc, after: data })
  if (problem) throw new APIError(problem, 400, undefined, true)
  return { ...data, createdBy: originalDoc.createdBy }
}

/** A secret, expiring, revocable read-only link to a story's current draft, for outside reviewers. */
export const PreviewLinks: CollectionConfig = {
  slug: 'preview-links',
  labels: { singular: 'Preview link', plural: 'Preview links' },
  admin: { useAsTitle: 'token', defaultColumns: ['article', 'sharedWith', 'expiresAt', 'revoked', 'createdBy'], group: 'Workflow' },
  access: accessFromPolicy('preview-links'),
  hooks: { beforeOperation: [refuseUnreadableQueryPaths], beforeChange: [issueToken, onlyNarrowLinks] },
  fields: [
    { name: 'article', type: 'relationship', relationTo: 'articles', required: true, index: true },
    {
      name: 'token',
      type: 'text',
      unique: true,
      index: true,
      admin: {
        readOnly: true,
        description:
          'Share <site>/preview/<token>, where <site> is FRONTEND_URL or this server: the draft rendered as readers will see it (/api/preview/<token> gives it as JSON).',
      },
    },
    {
      name: 'sharedWith',
      type: 'text',
      maxLength: 300,
      admin: { description: 'Who this link was given to, so it can be revoked when they no longer need it.' },
    },
    { name: 'expiresAt', type: 'date', admin: { description: 'Can only be brought forward.' } },
    { name: 'revoked', type: 'checkbox', defaultValue: false, admin: { description: 'A revoked link stays revoked.' } },
    { name: 'createdBy', type: 'relationship', relationTo: 'users', admin: { readOnly: true } },
  ],
}
