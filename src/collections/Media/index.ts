import type { CollectionConfig } from 'payload'

import { recordDeletion } from '../../audit/auditHooks'
import { accessFromPolicy } from '../../access/policy'
import { announceDocumentChange, announceDocumentDelete } from '../../cache/announceContentChanges'
import { editingVersionFields } from '../../concurrentEditing/expectedVersionField'
import { rememberEditingSession, requireCurrentVersion, takeExpectedVersionOfDocument } from '../../concurrentEditing/requireCurrentVersion'
import { editorsTakeTurns } from '../../concurrentEditing/takeTurnsEditing'

import { staffField } from '../../access/fieldAccess'
import { refuseUnreadableQueryPaths } from '../../access/queryPaths'
import { settings } from '../../env'
import { isPublicField } from '../../visibility/isPublicField'
import { realTextValidation } from '../../fields/realTextValidation'
import { whereUsed } from '../../fields/whereUsed'
import { refreshPublicVisibilityAfterChange } from '../../visibility/refreshPublicVisibility'
import {
  protectPublishedMediaAttribution,
  protectPublishedMediaDeletion,
} from '../../publishGate/protectPublishedImages'
import { onlyEditorsChangeLivePhotos } from '../../publishGate/onlyEditorsChangeWhatIsLive'
import { licenseEndProblem } from '../../licenses/licenseRules'
import { scheduleWithdrawalOfLivePhoto } from '../../licenses/scheduleWithdrawalHooks'
import { ACCEPTED_IMAGE_TYPES } from './acceptedImageTypes'
import { answerMissingFile } from './answerMissingFile'
import {
  dropKeptOriginals,
  keepOriginalFilesAside,
  noteFilesOfUpload,
  restoreFilesOfRefusedUpload,
} from './hooks/refusedUploadsChangeNoFiles'
import { requireAcceptedImage } from './hooks/requireAcceptedImage'
import { importKeyField } from '../../import/importKeyField'
import { embeddedMetadataFields } from '../../photoDesk/readMetadata/embeddedMetadataFields'
import { keepUploadedBytes, prefillFromFileMetadata } from '../../photoDesk/readMetadata/prefillFromFileMetadata'
import { queueWriteBackOfPhoto } from '../../photoDesk/writeBack/queueWriteBackHooks'
import { makeRoomForHouseMetadata } from '../../photoDesk/writeBack/roomForHouseMetadata'

export const Media: CollectionConfig = {
  slug: 'media',
  admin: { useAsTitle: 'filename', defaultColumns: ['filename', 'alt', 'creditLine'], group: 'Content' },
  access: accessFromPolicy('media'),
  hooks: {
    beforeOperation: [
      refuseUnreadableQueryPaths,
      requireAcceptedImage,
      keepUploadedBytes,
      makeRoomForHouseMetadata,
      takeExpectedVersionOfDocument,
      editorsTakeTurns,
      onlyEditorsChangeLivePhotos,
      keepOriginalFilesAside,
    ],
    // Reads the uploaded file's IPTC metadata and prefills what nobody typed (alt text, caption, credit).
    beforeValidate: [prefillFromFileMetadata],
    beforeChange: [noteFilesOfUpload, requireCurrentVersion({ name: 'this photo', pronoun: 'it' }), protectPublishedMediaAttribution],
    beforeDelete: [protectPublishedMediaDeletion],
    afterChange: [rememberEditingSession, refreshPublicVisibilityAfterChange, scheduleWithdrawalOfLivePhoto, queueWriteBackOfPhoto, announceDocumentChange],
    afterDelete: [recordDeletion, announceDocumentDelete],
    afterOperation: [dropKeptOriginals],
    afterError: [restoreFilesOfRefusedUpload],
  },
  // With object storage on (S3_*), src/objectStorage/photoBucket.ts keeps the files in the bucket instead: Payload's
  // storage adapter then adds its own hooks after these (the upload last in afterChange, the delete in afterDelete).
  upload: {
    staticDir: settings.mediaDir,
    mimeTypes: [...ACCEPTED_IMAGE_TYPES],
    focalPoint: true,
    adminThumbnail: 'thumbnail',
    handlers: [answerMissingFile],
    imageSizes: [
      { name: 'thumbnail', width: 320 },
      { name: 'card', width: 768 },
      { name: 'hero', width: 1600 },
    ],
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      // Room for a long description of a complex photo; captions imported as alt text fit too.
      validate: realTextValidation('the alt text', { maxLength: 2000 }),
      admin: { description: 'Describe what the photo shows, for readers who cannot see it. Required to publish.' },
    },
    { name: 'caption', type: 'textarea', admin: { description: 'Default caption; a story can override it.' } },
    {
      name: 'credit',
      type: 'relationship',
      relationTo: 'photo-credits',
      admin: {
        description: 'Who made the photo and who distributes it. Required to publish.',
        // Pick an existing credit or create one in a drawer without leaving the image.
        allowCreate: true,
        components: { afterInput: ['/src/admin/media/CreditLinePreview#CreditLinePreview'] },
      },
    },
    {
      // This picture's own licence end, where it has one apart from its credit's (an agency's expiry for one photo,
      // IPTC-IIM 2:37/2:38 or PLUS in its file, read at upload): it withholds the photo as the credit's end does.
      name: 'licenseExpiresAt',
      label: 'This photo’s licence ends',
      type: 'date',
      index: true,
      validate: (value: unknown) => licenseEndProblem(value) ?? true,
      admin: {
        position: 'sidebar',
        date: { pickerAppearance: 'dayAndTime' },
        description:
          'Filled in from the file’s licence expiry at upload; renew it here. From this moment on, live stories show this photo to nobody but staff, whatever its credit’s licence says.',
      },
    },
    {
      name: 'creditLine',
      type: 'text',
      // Resolved in SQL from the credit at any depth: no extra query per image.
      virtual: 'credit.creditLine',
      admin: { readOnly: true },
    },
    ...embeddedMetadataFields,
    {
      name: 'needsOriginal',
      type: 'checkbox',
      defaultValue: false,
      access: { read: staffField },
      admin: { position: 'sidebar', description: 'A placeholder stands in for the original file.' },
    },
    // The photos the story importer creates: a second import reuses them.
    importKeyField('importKey'),
    isPublicField,
    ...editingVersionFields,
    whereUsed({ name: 'usedIn', label: 'Used in stories', collection: 'articles', on: 'images' }),
  ],
}
