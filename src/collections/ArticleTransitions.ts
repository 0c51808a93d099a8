import type { CollectionConfig } from 'payload'

import { accessFromPolicy } from '../access/policy'
import { refuseUnreadableQueryPaths } from '../access/queryPaths'
import { STAGE_OPTIONS } from '../workflow/stages'

/**
 * Append-only log of every stage change (who, when, from, to, and why) and of every cancelled or moved scheduled
 * publication (from = to, the note says what was cancelled). Only the workflow writes it.
 */
export const ArticleTransitions: CollectionConfig = {
  slug: 'article-transitions',
  labels: { singular: 'Stage change', plural: 'Stage changes' },
  admin: {
    useAsTitle: 'to',
    defaultColumns: ['article', 'from', 'to', 'by', 'createdAt'],
    group: 'Workflow',
  },
  access: accessFromPolicy('article-transitions'),
  hooks: { beforeOperation: [refuseUnreadableQueryPaths] },
  fields: [
    // Not required: a story deleted for good leaves its history behind.
    { name: 'article', type: 'relationship', relationTo: 'articles', index: true },
    { name: 'from', type: 'select', options: STAGE_OPTIONS },
    { name: 'to', type: 'select', options: STAGE_OPTIONS, required: true },
    { name: 'by', type: 'relationship', relationTo: 'users' },
    { name: 'note', type: 'textarea' },
    { name: 'overrideReason', type: 'textarea', admin: { description: 'Why an admin overrode the no-self-approval rule.' } },
  ],
}
