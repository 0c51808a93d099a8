// One walk of an article that finds every image, call to action and organization it points at.
// Works on ids (depth 0) and on populated documents (depth >= 1), and skips whatever it cannot read.

import { idOf, type Id } from '../../fields/relationIds'

type Ref = Id | { id: Id } | null | undefined

export type StoryInput = {
  heroImage?: Ref
  socialImage?: Ref
  /** A Lexical `SerializedEditorState` as Payload stores it, or null. */
  body?: unknown
}

/** One place an image is shown; `location` is what an editor reads ("body, image 3"). */
export type ImageUse = { mediaId: Id; location: string }

export type StoryReferences = {
  imageUses: ImageUse[]
  /** Unique, in first-seen order. */
  imageIds: Id[]
  callsToActionIds: Id[]
  organizationIds: Id[]
}

/** Block slugs the walk understands; the block configs should use these. */
export const CALLS_TO_ACTION_BLOCK = 'callsToActionList'
export const GALLERY_BLOCK = 'gallery'

const MEDIA = 'media'
const ORGANIZATIONS = 'organizations'

type Node = Record<string, unknown>

const isRecord = (value: unknown): value is Node => typeof value === 'object' && value !== null

/** "gallery" for the first one, "gallery 2" for the second: an editor counts blocks of a kind. */
const nth = (label: string, n: number): string => (n === 1 ? label : `${label} ${n}`)

const uniqueIds = () => {
  const seen = new Set<string>()
  const ids: Id[] = []
  const add = (ref: unknown) => {
    const id = idOf(ref)
    // 10 and '10' are the same row: Postgres ids arrive as numbers or strings depending on the path.
    if (id === undefined || seen.has(String(id))) return
    seen.add(String(id))
    ids.push(id)
  }
  return { ids, add }
}

const createCollector = () => {
  const imageUses: ImageUse[] = []
  const callsToAction = uniqueIds()
  const organizations = uniqueIds()
  const counts = new Map<string, number>()

  return {
    imageUses,
    callsToAction,
    organizations,
    /** Counts every occurrence, readable or not, so numbers match what the editor sees in the body. */
    next: (kind: string): number => {
      const n = (counts.get(kind) ?? 0) + 1
      counts.set(kind, n)
      return n
    },
    addImage: (ref: unknown, location: string) => {
      const mediaId = idOf(ref)
      if (mediaId !== undefined) imageUses.push({ mediaId, location })
    },
  }
}

type Collector = ReturnType<typeof createCollector>
type Handler = (fields: Node, collect: Collector) => void

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

/** Own keys only, so a node typed "constructor" or "toString" finds no handler. */
const lookup = <T>(table: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined

const blockHandlers: Record<string, Handler> = {
  [CALLS_TO_ACTION_BLOCK]: (fields, collect) => {
    const location = nth('calls-to-action block', collect.next(CALLS_TO_ACTION_BLOCK))
    collect.addImage(fields.image, location)
    asArray(fields.callsToAction).forEach(collect.callsToAction.add)
  },
  [GALLERY_BLOCK]: (fields, collect) => {
    const gallery = nth('gallery', collect.next(GALLERY_BLOCK))
    // N is the row's position, so it matches the row numbers in the admin even when a row is empty.
    asArray(fields.images).forEach((row, index) => {
      if (isRecord(row)) collect.addImage(row.image, `${gallery}, image ${index + 1}`)
    })
  },
}

const handleBlock: Handler = (node, collect) => {
  const { fields } = node
  if (!isRecord(fields) || typeof fields.blockType !== 'string') return
  lookup(blockHandlers, fields.blockType)?.(fields, collect)
}

const handleLink: Handler = (node, collect) => {
  const { fields } = node
  if (!isRecord(fields) || fields.linkType === 'custom' || !isRecord(fields.doc)) return
  if (fields.doc.relationTo === ORGANIZATIONS) collect.organizations.add(fields.doc.value)
}

const nodeHandlers: Record<string, Handler> = {
  upload: (node, collect) => {
    if (node.relationTo !== MEDIA) return
    collect.addImage(node.value, `body, image ${collect.next('upload')}`)
  },
  block: handleBlock,
  inlineBlock: handleBlock,
  link: handleLink,
  autolink: handleLink,
  // Payload's relationship feature: a mention of an organization without a link.
  relationship: (node, collect) => {
    if (node.relationTo === ORGANIZATIONS) collect.organizations.add(node.value)
  },
}

/** Depth-first, in document order, with an explicit stack: deep nesting cannot overflow the call stack. */
const walkBody = (body: unknown, collect: Collector) => {
  if (!isRecord(body)) return
  const stack: unknown[] = [body.root]
  const visited = new WeakSet<object>()
  while (stack.length > 0) {
    const node = stack.pop()
    if (!isRecord(node) || visited.has(node)) continue
    visited.add(node)
    if (typeof node.type === 'string') lookup(nodeHandlers, node.type)?.(node, collect)
    const children = asArray(node.children)
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
  }
}

export function collectStoryReferences(story: StoryInput): StoryReferences {
  const collect = createCollector()
  collect.addImage(story.heroImage, 'hero image')
  walkBody(story.body, collect)
  collect.addImage(story.socialImage, 'social image')

  const images = uniqueIds()
  collect.imageUses.forEach((use) => images.add(use.mediaId))

  return {
    imageUses: collect.imageUses,
    imageIds: images.ids,
    callsToActionIds: collect.callsToAction.ids,
    organizationIds: collect.organizations.ids,
  }
}
