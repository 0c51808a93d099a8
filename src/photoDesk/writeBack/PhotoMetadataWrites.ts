import type { CollectionConfig } from 'payload'

import { accessFromPolicy } from '../../access/policy'
import { refuseUnreadableQueryPaths } from '../../access/queryPaths'

export const PHOTO_METADATA_WRITES = 'photo-metadata-writes'
export const WRITE_STATUSES = ['written', 'failed'] as const

/**
 * One row per photo: what the write-back job last wrote into its files (a fingerprint, and each file's size and
 * time after the write) or why it could not. Kept apart from the photo so the job never changes the photo itself
 * (its version, its editors' open forms). Written by the job only; staff read it to see a failed write.
 */
export const PhotoMetadataWrites: CollectionConfig = {
  slug: PHOTO_METADATA_WRITES,
  labels: { singular: 'Photo metadata write', plural: 'Photo metadata writes' },
  admin: {
    useAsTitle: 'status',
    defaultColumns: ['media', 'status', 'problem', 'writtenAt'],
    group: 'Settings',
    description: 'The credit written into the files the site serves for each photo, and the photos whose files could not be written.',
  },
  access: accessFromPolicy(PHOTO_METADATA_WRITES),
  hooks: { beforeOperation: [refuseUnreadableQueryPaths] },
  fields: [
    // Not required: deleting a photo leaves its row with no photo, harmless and swept with it by the next write.
    { name: 'media', type: 'relationship', relationTo: 'media', unique: true, index: true },
    { name: 'status', type: 'select', required: true, options: [...WRITE_STATUSES], index: true },
    { name: 'fingerprint', type: 'text', admin: { description: 'Of the metadata last written; the same metadata is not written twice.' } },
    { name: 'files', type: 'json', admin: { description: 'Each file written, with its size and time after the write.' } },
    { name: 'problem', type: 'text', admin: { description: 'Why the last write failed, for a person to act on.' } },
    { name: 'writtenAt', type: 'date' },
  ],
}
