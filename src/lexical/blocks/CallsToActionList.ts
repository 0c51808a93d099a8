import type { Block } from 'payload'

export const CALLS_TO_ACTION_HEADING = 'Here’s how you can help'

/** "Here's how you can help": a heading and an ordered list of things a reader can do. */
export const CallsToActionList: Block = {
  slug: 'callsToActionList',
  interfaceName: 'CallsToActionListBlock',
  labels: { singular: 'Calls to action', plural: 'Calls to action lists' },
  fields: [
    { name: 'heading', type: 'text', required: true, defaultValue: CALLS_TO_ACTION_HEADING },
    { name: 'image', type: 'upload', relationTo: 'media', admin: { description: 'Optional, e.g. a book cover.' } },
    { name: 'callsToAction', type: 'relationship', relationTo: 'calls-to-action', hasMany: true, required: true },
  ],
}
