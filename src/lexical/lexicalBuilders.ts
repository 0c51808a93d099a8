// Small constructors for Lexical story bodies as Payload stores them (used by the importer, seeds and tests).
type Id = number | string

const textNode = (text: string) => ({ type: 'text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 })

const element = (type: string, children: unknown[], extra: Record<string, unknown> = {}) => ({
  type,
  version: 1,
  format: '',
  indent: 0,
  direction: 'ltr',
  children,
  ...extra,
})

let nodeCounter = 0
const nodeId = () => `n${Date.now().toString(36)}${(nodeCounter++).toString(36)}`

export const paragraph = (...parts: (string | object)[]) =>
  element('paragraph', parts.map((part) => (typeof part === 'string' ? textNode(part) : part)), { textFormat: 0, textStyle: '' })

export const heading = (text: string, tag: 'h2' | 'h3' = 'h2') => element('heading', [textNode(text)], { tag })

export const quote = (text: string) => element('quote', [textNode(text)])

export const list = (items: string[], listType: 'number' | 'bullet' = 'bullet') =>
  element(
    'list',
    items.map((item, index) => element('listitem', [textNode(item)], { value: index + 1 })),
    { listType, start: 1, tag: listType === 'number' ? 'ol' : 'ul' },
  )

export const uploadNode = (mediaId: Id, caption?: string) => ({
  type: 'upload',
  version: 3,
  format: '',
  id: nodeId(),
  fields: caption ? { caption } : {},
  relationTo: 'media',
  value: mediaId,
})

export const organizationLink = (organizationId: Id, text: string) =>
  element('link', [textNode(text)], {
    fields: { linkType: 'internal', newTab: false, doc: { relationTo: 'organizations', value: organizationId } },
    id: nodeId(),
  })

/** A block node of the story editor (src/lexical/blocks) with its fields. */
const block = (blockType: string, fields: Record<string, unknown>) => ({
  type: 'block',
  version: 2,
  format: '',
  fields: { id: nodeId(), blockName: '', blockType, ...fields },
})

export const callsToActionBlock = ({
  heading: blockHeading = 'Here’s how you can help',
  callsToAction,
  image,
}: {
  heading?: string
  callsToAction: Id[]
  image?: Id
}) => block('callsToActionList', { heading: blockHeading, callsToAction, ...(image !== undefined ? { image } : {}) })

export const galleryBlock = (images: { image: Id; caption?: string }[]) =>
  block('gallery', { images: images.map((row) => ({ id: nodeId(), ...row })) })

export const storyBody = (...children: unknown[]) => ({
  root: { type: 'root', version: 1, format: '', indent: 0, direction: 'ltr', children },
})
