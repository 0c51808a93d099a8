import type { Payload, TypedUser } from 'payload'

import type { User } from '../payload-types'
import { requestWithSaveState, saveStateForCall } from '../saveState'
import { transitionArticle } from '../workflow/transitionArticle'
import { waiveMissingDeskChecks } from '../workflow/waiveDeskCheck'

const asUser = (user: User) => ({ ...user, collection: 'users' }) as TypedUser

const withoutEmails = () => requestWithSaveState({ isWithoutNotifications: true })

/**
 * Moves one demo story through the real workflow: the writer submits it, the editor waives the desk's checks
 * the archive's stories cannot meet (topics, SEO text), approves it and
 * publishes it through the publish gate. Every step lands in the transition log; nobody is emailed (the
 * demo accounts' addresses lead nowhere, and a first start would print a dozen "Email attempted" lines).
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
  await transitionArticle({ payload, articleId, to: 'in-review', note: 'Ready for the desk.', user: asUser(writer), req: withoutEmails() })
  // The archive's stories come without topics or SEO text: the editor lets them go, on the record (readiness panel).
  await waiveMissingDeskChecks({
    payload,
    articleId,
    note: 'An archive story republished for the demo: topics and SEO text are left to the newsroom.',
    user: asUser(editor),
    req: withoutEmails(),
  })
  await transitionArticle({ payload, articleId, to: 'approved', note: 'Credits and alt text checked.', user: asUser(editor), req: withoutEmails() })
  await payload.update({
    collection: 'articles',
    id: articleId,
    data: { _status: 'published' },
    user: editor,
    overrideAccess: false,
    context: saveStateForCall({ isWithoutNotifications: true }),
  })
}
