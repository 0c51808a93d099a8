import type { CollectionConfig } from 'payload'

import { accessFromPolicy } from '../access/policy'
import { refuseUnreadableQueryPaths } from '../access/queryPaths'
import { validateWebAddress } from '../fields/webAddress'
import { ARTICLE_EVENTS } from '../webhooks/articleEvents'

/** Front ends subscribe to story events here, e.g. to revalidate their pages. */
export const Webhooks: CollectionConfig = {
  slug: 'webhooks',
  admin: { useAsTitle: 'url', defaultColumns: ['url', 'events', 'active'], group: 'Settings' },
  access: accessFromPolicy('webhooks'),
  hooks: { beforeOperation: [refuseUnreadableQueryPaths] },
  fields: [
    { name: 'url', type: 'text', required: true, validate: validateWebAddress },
    {
      name: 'secret',
      type: 'text',
      required: true,
      minLength: 16,
      admin: { description: 'Signs every delivery (X-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">).' },
    },
    {
      name: 'events',
      type: 'select',
      hasMany: true,
      required: true,
      options: ARTICLE_EVENTS.map((event) => ({ label: event, value: event })),
    },
    { name: 'active', type: 'checkbox', defaultValue: true },
    { name: 'description', type: 'text' },
  ],
}
