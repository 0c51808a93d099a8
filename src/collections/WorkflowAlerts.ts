import type { CollectionConfig } from 'payload'

import { accessFromPolicy } from '../access/policy'
import { refuseUnreadableQueryPaths } from '../access/queryPaths'

export const ALERT_KINDS = ['missed-schedule', 'failed-schedule', 'overdue-review', 'attribution-problem', 'license-expired', 'cancelled-schedule'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

/**
 * Things the newsroom must not miss: a scheduled publish that failed or did not run, a review past due, a live
 * story's image withheld because its licence ended, a scheduled publication cancelled because the story was edited.
 * The message is written for people (the story's title, what happened, what to do; src/workflow/alertMessages.ts);
 * technical detail goes to the server log. Editors see every alert, a writer those about the stories they author.
 */
export const WorkflowAlerts: CollectionConfig = {
  slug: 'workflow-alerts',
  labels: { singular: 'Workflow alert', plural: 'Workflow alerts' },
  admin: { useAsTitle: 'message', defaultColumns: ['kind', 'article', 'message', 'createdAt'], group: 'Workflow' },
  access: accessFromPolicy('workflow-alerts'),
  hooks: { beforeOperation: [refuseUnreadableQueryPaths] },
  fields: [
    { name: 'kind', type: 'select', options: [...ALERT_KINDS], required: true, index: true },
    { name: 'article', type: 'relationship', relationTo: 'articles', index: true },
    { name: 'key', type: 'text', unique: true, admin: { hidden: true } },
    { name: 'message', type: 'textarea', required: true },
    // Who the alert is for, when it is for one person (the owner of a cancelled schedule); otherwise every editor.
    { name: 'recipient', type: 'relationship', relationTo: 'users', index: true },
  ],
}
