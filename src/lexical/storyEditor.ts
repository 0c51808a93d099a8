// The story body's Lexical editor: prose, links to stories and organizations, credited images and blocks.
import {
  BlocksFeature,
  FixedToolbarFeature,
  lexicalEditor,
  LinkFeature,
  UploadFeature,
} from '@payloadcms/richtext-lexical'

import { BlocksInAddMenuFeature } from './blocksInAddMenu'
import { CallsToActionList } from './blocks/CallsToActionList'
import { CreditLinesUnderImagesFeature } from './creditLinesUnderImages'
import { Gallery } from './blocks/Gallery'
import { notThisStory } from './linksToItself'
import { PhotoCardsInOneRequestFeature } from './photoCardsInOneRequest'

const REPLACED_DEFAULTS = new Set(['link', 'upload', 'relationship'])
const STORY_BLOCKS = [CallsToActionList, Gallery]

export const storyEditor = lexicalEditor({
  features: ({ defaultFeatures }) => [
    ...defaultFeatures.filter((feature) => !REPLACED_DEFAULTS.has(feature.key)),
    FixedToolbarFeature(),
    LinkFeature({
      enabledCollections: ['articles', 'organizations'],
      // The link picker never offers the story being edited (the body's validation refuses such a link too).
      fields: ({ defaultFields }) =>
        defaultFields.map((field) => (field.type === 'relationship' && field.name === 'doc' ? { ...field, filterOptions: notThisStory } : field)),
    }),
    UploadFeature({
      collections: {
        media: {
          fields: [{ name: 'caption', type: 'text', admin: { description: 'Overrides the image’s default caption here.' } }],
        },
      },
    }),
    PhotoCardsInOneRequestFeature(),
    CreditLinesUnderImagesFeature(),
    BlocksFeature({ blocks: STORY_BLOCKS }),
    BlocksInAddMenuFeature({ blocks: STORY_BLOCKS }),
  ],
})
