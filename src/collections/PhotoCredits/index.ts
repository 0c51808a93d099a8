import type { CollectionConfig } from 'payload'

import { recordDeletion } from '../../audit/auditHooks'
import { accessFromPolicy } from '../../access/policy'
import { announceDocumentChange, announceDocumentDelete } from '../../cache/announceContentChanges'
import { editingVersionFields } from '../../concurrentEditing/expectedVersionField'
import { rememberEditingSession, requireCurrentVersion } from '../../concurrentEditing/requireCurrentVersion'
import { beforeEveryEdit } from '../../concurrentEditing/beforeEveryEdit'

import { staffField } from '../../access/fieldAccess'
import { isPublicField } from '../../visibility/isPublicField'
import { realTextValidation } from '../../fields/realTextValidation'
import { whereUsed } from '../../fields/whereUsed'
import { refreshPublicVisibilityAfterChange } from '../../visibility/refreshPublicVisibility'
import {
  protectPublishedCreditChange,
  protectPublishedCreditDeletion,
} from '../../publishGate/protectPublishedImages'
import { onlyEditorsChangeLiveCredits } from '../../publishGate/onlyEditorsChangeWhatIsLive'
import { licenseEndProblem } from '../../licenses/licenseRules'
import { scheduleWithdrawalOfLiveCredit } from '../../licenses/scheduleWithdrawalHooks'
import { renderCreditLine } from './hooks/renderCreditLine'
import { requireSomeoneToCredit } from './hooks/requireSomeoneToCredit'
import { waitForEditsOfItsPhotos } from './hooks/waitForEditsOfItsPhotos'
import { optionsFrom } from '../../fields/selectOptions'
import { noteCreditChangesForWriteBack, queueWriteBackOfChangedCredits } from '../../photoDesk/writeBack/queueWriteBackHooks'

export const LICENSE_KINDS = ['staff', 'agency', 'courtesy', 'creative-commons', 'public-domain'] as const

export const PhotoCredits: CollectionConfig = {
  slug: 'photo-credits',
  labels: { singular: 'Photo credit', plural: 'Photo credits' },
  admin: {
    useAsTitle: 'creditLine',
    defaultColumns: ['creditLine', 'license', 'licenseExpiresAt'],
    group: 'Content',
  },
  access: accessFromPolicy('photo-credits'),
  hooks: {
    beforeOperation: [...beforeEveryEdit, waitForEditsOfItsPhotos],
    beforeValidate: [requireSomeoneToCredit],
    beforeChange: [
      requireCurrentVersion({ name: 'this photo credit', pronoun: 'it' }),
      onlyEditorsChangeLiveCredits,
      renderCreditLine,
      protectPublishedCreditChange,
    ],
    beforeDelete: [protectPublishedCreditDeletion],
    afterChange: [
      rememberEditingSession,
      refreshPublicVisibilityAfterChange,
      scheduleWithdrawalOfLiveCredit,
      noteCreditChangesForWriteBack,
      announceDocumentChange,
    ],
    afterDelete: [recordDeletion, announceDocumentDelete],
    afterOperation: [queueWriteBackOfChangedCredits],
  },
  fields: [
    {
      name: 'creditLine',
      type: 'text',
      index: true,
      admin: {
        readOnly: true,
        description: 'Rendered in the house style from the fields below.',
        components: { Field: '/src/admin/photoCredits/LiveCreditLine#LiveCreditLine' },
      },
    },
    { name: 'photographer', type: 'text', validate: realTextValidation('the photographer’s name') },
    {
      name: 'pool',
      type: 'checkbox',
      defaultValue: false,
      admin: { description: 'A pool photographer: rendered as “Name-Pool/Agency”.' },
    },
    {
      name: 'agencies',
      type: 'relationship',
      relationTo: 'organizations',
      hasMany: true,
      admin: { description: 'In the order they appear in the credit, e.g. AFP then Getty Images.' },
    },
    { name: 'courtesyOf', type: 'relationship', relationTo: 'organizations' },
    {
      name: 'license',
      type: 'select',
      options: optionsFrom(LICENSE_KINDS),
      admin: { position: 'sidebar' },
    },
    {
      name: 'licenseExpiresAt',
      type: 'date',
      index: true,
      validate: (value: unknown) => licenseEndProblem(value) ?? true,
      admin: {
        position: 'sidebar',
        description:
          'Stories using an image whose licence has expired cannot be published; from this moment on, live stories show the image to nobody but staff.',
      },
    },
    { name: 'notes', type: 'textarea', access: { read: staffField } },
    isPublicField,
    ...editingVersionFields,
    whereUsed({ name: 'images', collection: 'media', on: 'credit' }),
    {
      name: 'storiesUsingCredit',
      type: 'ui',
      admin: { components: { Field: '/src/admin/photoCredits/StoriesUsingCredit#StoriesUsingCredit' } },
    },
  ],
}
