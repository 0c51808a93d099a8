import type { CollectionSlug, JoinField } from 'payload'

import { staffField } from '../access/fieldAccess'

/**
 * A story in a "where used" list: its headline, whether readers see it (the list shows latest drafts, whose own
 * status says "draft" while a new revision of a live story is in progress), and its stage.
 */
const STORY_COLUMNS = ['title', 'isLive', 'stage', 'updatedAt']

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
  admin: { allowCreate: false, ...(collection === 'articles' ? { defaultColumns: STORY_COLUMNS } : {}) },
})
