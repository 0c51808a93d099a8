// One photo swapped for another everywhere a story shows it: hero, social image, body images and the images of
// blocks (galleries, calls to action). Pure: the same places src/collections/Articles/storyReferences.ts reads.
import { CALLS_TO_ACTION_BLOCK, GALLERY_BLOCK, type StoryInput } from '../../collections/Articles/storyReferences'
import { idOf, type Id } from '../../fields/relationIds'

type Node = Record<string, unknown>

const isRecord = (value: unknown): value is Node => typeof value === 'object' && value !== null
const isSame = (ref: unknown, id: Id) => {
  const found = idOf(ref)
  return found !== undefined && String(found) === String(id)
}

export type StoryReplacement = { changes: Partial<Record<'heroImage' | 'socialImage' | 'body', unknown>>; replaced: number }

export function replacePhotoInStory({ story, from, to }: { story: StoryInput; from: Id; to: Id }): StoryReplacement {
  const changes: StoryReplacement['changes'] = {}
  let replaced = 0
  if (isSame(story.heroImage, from)) {
    changes.heroImage = to
    replaced += 1
  }
  if (isSame(story.socialImage, from)) {
    changes.socialImage = to
    replaced += 1
  }
  if (isRecord(story.body)) {
    const body = structuredClone(story.body)
    let inBody = 0
    const stack: unknown[] = [body.root]
    while (stack.length) {
      const node = stack.pop()
      if (!isRecord(node)) continue
      if (node.type === 'upload' && node.relationTo === 'media' && isSame(node.value, from)) {
        node.value = to
        inBody += 1
      }
      const fields = node.fields
      if ((node.type === 'block' || node.type === 'inlineBlock') && isRecord(fields)) {
        if (fields.blockType === CALLS_TO_ACTION_BLOCK && isSame(fields.image, from)) {
          fields.image = to
          inBody += 1
        }
        if (fields.blockType === GALLERY_BLOCK && Array.isArray(fields.images)) {
          for (const row of fields.images) {
            if (isRecord(row) && isSame(row.image, from)) {
              row.image = to
              inBody += 1
            }
          }
        }
      }
      if (Array.isArray(node.children)) stack.push(...node.children)
    }
    if (inBody) {
      changes.body = body
      replaced += inBody
    }
  }
  return { changes, replaced }
}
