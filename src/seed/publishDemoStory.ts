import type { Payload, TypedUser } from 'payload'

import type { User } from '../payload-types'
import { transitionArticle } from '../workflow/transitionArticle'

const asUser = (user: User) => ({ ...user, collection: 'users' }) as TypedUser

/**
 * Moves one demo story through the real workflow: the writer submits it, the editor approves it and
 * publishes it through the publish gate. Every step lands in the transition log.
 */
export async function publishDemoStory({
  payload,
  articleId,
  writer,
  editor,
}: {
  payload: Payload
  articleId: number
  writer: User
  editor: User
}): Promise<void> {
  await transitionArticle({ payload, articleId, to: 'in-review', note: 'Ready for the desk.', user: asUser(writer) })
  await transitionArticle({ payload, articleId, to: 'approved', note: 'Credits and alt text checked.', user: asUser(editor) })
  await payload.update({
    collection: 'articles',
    id: articleId,
    data: { _status: 'published' },
    user: editor,
    overrideAccess: false,
  })
}
