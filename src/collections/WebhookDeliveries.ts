import type { CollectionConfig } from 'payload'

import { accessFromPolicy } from '../access/policy'
import { refuseUnreadableQueryPaths } from '../access/queryPaths'
import { ARTICLE_EVENTS } from '../webhooks/articleEvents'

/** One row per queued delivery, updated by the delivery job on every attempt. Written only by the system. */
export const WebhookDeliveries: CollectionConfig = {
  slug: 'webhook-deliveries',
  admin: {
    useAsTitle: 'event',
    defaultColumns: ['event', 'webhook', 'status', 'statusCode', 'attempts', 'updatedAt'],
    group: 'Settings',
  },
  access: accessFromPolicy('webhook-deliveries'),
  hooks: { beforeOperation: [refuseUnreadableQueryPaths] },
  fields: [
    // Not required: deleting a webhook keeps its delivery history (the relation becomes empty; `url` remains).
    { name: 'webhook', type: 'relationship', relationTo: 'webhooks', index: true },
    { name: 'url', type: 'text' },
    { name: 'event', type: 'select', required: true, options: [...ARTICLE_EVENTS] },
    { name: 'articleId', type: 'number', index: true },
    { name: 'body', type: 'json', required: true, admin: { description: 'Sent unchanged on every attempt.' } },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'pending',
      options: ['pending', 'retrying', 'succeeded', 'failed'],
      index: true,
    },
    { name: 'statusCode', type: 'number' },
    { name: 'attempts', type: 'number', defaultValue: 0 },
    { name: 'lastError', type: 'text' },
    { name: 'deliveredAt', type: 'date' },
  ],
}
