// The story body's Lexical editor: prose, links to stories and organizations, credited images and blocks.
import {
  BlocksFeature,
  FixedToolbarFeature,
  lexicalEditor,
  LinkFeature,
  UploadFeature,
} from '@payloadcms/richtext-lexical'

import { CallsToActionList } from './blocks/CallsToActionList'
import { Gallery } from './blocks/Gallery'

const REPLACED_DEFAULTS = new Set(['link', 'upload', 'relationship'])

export const storyEditor = lexicalEditor({
  features: ({ defaultFeatures }) => [
    ...defaultFeatures.filter((feature) => !REPLACED_DEFAULTS.has(feature.key)),
    FixedToolbarFeature(),
    LinkFeature({ enabledCollections: ['articles', 'organizations'] }),
    UploadFeature({
      collections: {
        media: {
          fields: [{ name: 'caption', type: 'text', admin: { description: 'Overrides the image’s default caption here.' } }],
        },
      },
    }),
    BlocksFeature({ blocks: [CallsToActionList, Gallery] }),
  ],
})
