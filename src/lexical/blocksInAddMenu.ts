// The story editor's blocks offered by name in the toolbar's "+" menu, beside Upload, instead of under a separate
// unlabeled block icon (the "+" handle beside a paragraph and the "/" menu list them by name already).
import { createServerFeature } from '@payloadcms/richtext-lexical'
import type { Block } from 'payload'

export type BlockInAddMenu = { slug: string; label: string }

export const BlocksInAddMenuFeature = createServerFeature<{ blocks: Block[] }, { blocks: Block[] }, { blocks: BlockInAddMenu[] }>({
  key: 'blocksInAddMenu',
  feature: ({ props }) => ({
    ClientFeature: '/src/lexical/BlocksInAddMenuClient#BlocksInAddMenuClient',
    clientFeatureProps: {
      blocks: props.blocks.map((block) => ({
        slug: block.slug,
        label: typeof block.labels?.singular === 'string' ? block.labels.singular : block.slug,
      })),
    },
    sanitizedServerFeatureProps: props,
  }),
})
