import type { Payload } from 'payload'

import type { User } from '../payload-types'

/**
 * Moves one demo story from draft to published, as the editor would. The one place to switch to the
 * editorial workflow (`transitionArticle`: in-review by the writer, approved by the editor, then publish).
 */
export async function publishDemoStory({
  payload,
  articleId,
  editor,
}: {
  payload: Payload
  articleId: number
  writer: User
  editor: User
}): Promise<void> {
  await payload.update({
    collection: 'articles',
    id: articleId,
    data: { _status: 'published' },
    user: editor,
    overrideAccess: false,
  })
}
