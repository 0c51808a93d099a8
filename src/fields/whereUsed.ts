import type { CollectionSlug, JoinField } from 'payload'

import { staffField } from '../access/fieldAccess'

/** A staff-only "where is this used?" list: the documents of `collection` whose `on` field points here. */
export const whereUsed = ({
  name,
  label,
  collection,
  on,
}: {
  name: string
  label?: string
  collection: CollectionSlug
  on: string
}): JoinField => ({
  name,
  label,
  type: 'join',
  collection,
  on,
  access: { read: staffField },
  admin: { allowCreate: false },
})
