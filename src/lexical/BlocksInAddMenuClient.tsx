'use client'
// Adds the story's blocks to the toolbar's "+" menu by name (src/lexical/blocksInAddMenu.ts), and hides the
// separate block icon whose menu held them unnamed.
import { createClientFeature, INSERT_BLOCK_COMMAND, toolbarAddDropdownGroupWithItems } from '@payloadcms/richtext-lexical/client'
import React from 'react'

import type { BlockInAddMenu } from './blocksInAddMenu'
import './storyEditor.scss'

const BlockIcon = () => (
  <svg aria-hidden className="icon" fill="none" height="20" viewBox="0 0 20 20" width="20">
    <rect height="5" rx="1" stroke="currentColor" width="12" x="4" y="4.5" />
    <rect height="5" rx="1" stroke="currentColor" width="12" x="4" y="10.5" />
  </svg>
)

export const BlocksInAddMenuClient = createClientFeature<{ blocks: BlockInAddMenu[] }>(({ props }) => ({
  sanitizedClientFeatureProps: props,
  toolbarFixed: {
    groups: [
      toolbarAddDropdownGroupWithItems(
        (props?.blocks ?? []).map((block, index) => ({
          ChildComponent: BlockIcon,
          key: `add-block-${block.slug}`,
          label: block.label,
          order: 100 + index,
          onSelect: ({ editor }) => {
            editor.dispatchCommand(INSERT_BLOCK_COMMAND, { blockName: '', blockType: block.slug })
          },
        })),
      ),
    ],
  },
}))
