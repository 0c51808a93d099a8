import type { Payload, TypedUser } from 'payload'

import { transitionArticle } from '../../src/workflow/transitionArticle'
import { waiveMissingDeskChecks } from '../../src/workflow/waiveDeskCheck'
import { TEST_PASSWORD } from './users'

const deskEditors = new WeakMap<Payload, TypedUser>()

/** An editor who authors nothing, so they may approve anything the tests write. */
export async function deskEditor(payload: Payload): Promise<TypedUser> {
  const known = deskEditors.get(payload)
  if (known) return known
  const editor = await payload.create({
    collection: 'users',
    data: { name: 'Desk Editor', email: `desk-${Date.now()}-${Math.random()}@newsroom.test`, password: TEST_PASSWORD, role: 'editor' },
    overrideAccess: true,
  })
  const user = { ...editor, collection: 'users' } as TypedUser
  deskEditors.set(payload, user)
  return user
}

/**
 * The desk's checks (dek, SEO, topic) are not what most tests are about: the desk editor waives, on the record,
 * those a test story does not meet. Images and the headline are never waived: a test story needs them right.
 */
export async function waiveDeskChecks(payload: Payload, id: number) {
  await waiveMissingDeskChecks({ payload, articleId: id, note: 'The test story leaves it out on purpose.', user: await deskEditor(payload) })
}

/** Moves a story through review and approval as the desk editor, so it may be published. */
export async function approveStory(payload: Payload, id: number) {
  const editor = await deskEditor(payload)
  const story = await payload.findByID({ collection: 'articles', id, draft: true, depth: 0 })
  if (story.stage === 'approved') return story
  if (story.stage !== 'in-review') await transitionArticle({ payload, articleId: id, to: 'in-review', user: editor })
  await waiveDeskChecks(payload, id)
  return transitionArticle({ payload, articleId: id, to: 'approved', user: editor })
}

/** Publishes a story the way the newsroom does: reviewed, approved, then published by an editor. */
export async function publishStory(payload: Payload, id: number) {
  await approveStory(payload, id)
  const editor = await deskEditor(payload)
  return payload.update({ collection: 'articles', id, data: { _status: 'published' }, user: editor, overrideAccess: false })
}

export async function unpublishStory(payload: Payload, id: number) {
  const editor = await deskEditor(payload)
  return payload.update({ collection: 'articles', id, data: { _status: 'draft' }, user: editor, overrideAccess: false })
}
