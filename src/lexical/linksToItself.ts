// A story's body does not link to the story itself: the link picker does not offer it, and the body's validation
// refuses one written some other way (the API, an old draft) before the story is published.
import type { FilterOptionsProps, Where } from 'payload'

import { visibleTextOrNull } from '../fields/realText'

type Id = number | string
type Node = { type?: unknown; children?: unknown; fields?: { linkType?: unknown; doc?: { relationTo?: unknown; value?: unknown } | null } | null; text?: unknown }

/** The link picker's filter: any story but the one being edited (and every organization). */
export const notThisStory = ({ relationTo, id }: Pick<FilterOptionsProps, 'relationTo' | 'id'>): Where | true =>
  relationTo === 'articles' && id !== undefined && id !== null && id !== '' ? { id: { not_equals: id } } : true

const idOfDoc = (value: unknown): string | null => {
  if (typeof value === 'number' || typeof value === 'string') return String(value)
  if (value && typeof value === 'object' && 'id' in value) return String((value as { id: unknown }).id)
  return null
}

const textOf = (node: Node): string =>
  typeof node.text === 'string' ? node.text : Array.isArray(node.children) ? (node.children as Node[]).map(textOf).join('') : ''

/** The visible text of every link in `body` to the story `storyId`, in reading order. */
export function linksToStoryItself({ body, storyId }: { body: unknown; storyId: Id | null | undefined }): string[] {
  if (storyId === null || storyId === undefined || storyId === '') return []
  const root = (body as { root?: unknown } | null)?.root
  const found: string[] = []
  const visit = (node: unknown, depth: number) => {
    // The shape check refuses deeper bodies before this runs; the bound keeps a hostile one from recursing far.
    if (!node || typeof node !== 'object' || depth > 100) return
    const { type, fields, children } = node as Node
    if (type === 'link' && fields?.linkType === 'internal' && fields.doc?.relationTo === 'articles' && idOfDoc(fields.doc.value) === String(storyId)) {
      found.push(textOf(node as Node))
    }
    if (Array.isArray(children)) for (const child of children) visit(child, depth + 1)
  }
  visit(root, 0)
  return found
}

/** The sentence a person reads when a story's body links to the story itself; null when it does not. */
export function refuseLinksToItself({ body, storyId }: { body: unknown; storyId: Id | null | undefined }): string | null {
  const links = linksToStoryItself({ body, storyId })
  if (!links.length) return null
  const named = links
    .map((text) => {
      const visible = visibleTextOrNull(text)
      return visible ? `“${visible.slice(0, 80)}”` : 'a link without text'
    })
    .join(', ')
  return `The story links to itself (${named}): link to another story, or remove the link.`
}
