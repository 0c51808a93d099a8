import { staffEndpoint } from '../access/staffEndpoints'
import { idOf } from '../fields/relationIds'
import { quotedStage } from './stages'
import { transitionArticle } from './transitionArticle'

const asText = (value: unknown) => (typeof value === 'string' ? value : undefined)

/**
 * The answer to a request that saved the story: its new stage and version (`updatedAt`, which the edit form sends
 * with its next save, src/concurrentEditing), with what the request adds and a sentence for the person.
 */
export const storySavedAnswer = (
  story: { id: number; stage?: string | null; _status?: string | null; updatedAt: string },
  details: Record<string, unknown> & { message: string },
) => Response.json({ id: story.id, stage: story.stage, _status: story._status, updatedAt: story.updatedAt, ...details })

/**
 * POST /api/articles/:id/transition { to, note?, overrideReason?, reviewer?, dueAt? }: the only way a client moves a
 * story. Submitting for review may name a reviewer (an editor's user id) and a due date.
 */
export const transitionEndpoint = staffEndpoint({
  path: '/:id/transition',
  method: 'post',
  refusals: { signIn: 'Sign in to move stories through review.', notStaff: 'Only newsroom staff can move stories through review.' },
  handler: async ({ req, user, id }) => {
    const { to, note, overrideReason, reviewer, dueAt } = (req.data ?? {}) as Record<string, unknown>
    if (typeof to !== 'string') {
      return Response.json({ errors: [{ message: 'Say where the story should go: { "to": "in-review", "note": "…" }.' }] }, { status: 400 })
    }
    const story = await transitionArticle({
      payload: req.payload,
      articleId: id,
      to,
      note: asText(note),
      overrideReason: asText(overrideReason),
      reviewer,
      dueAt,
      user,
      req,
    })
    return storySavedAnswer(story, {
      reviewer: idOf(story.reviewer) ?? null,
      dueAt: story.dueAt ?? null,
      message: `Moved to ${quotedStage(story.stage)}.`,
    })
  },
})
