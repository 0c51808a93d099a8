import { addDataAndFileToRequest, APIError, type Endpoint } from 'payload'

import { idOf } from '../fields/relationIds'
import { quotedStage } from './stages'
import { canUseWorkflow, transitionArticle } from './transitionArticle'

const asText = (value: unknown) => (typeof value === 'string' ? value : undefined)

/**
 * POST /api/articles/:id/transition { to, note?, overrideReason?, reviewer?, dueAt? }: the only way a client moves a
 * story. Submitting for review may name a reviewer (an editor's user id) and a due date.
 */
export const transitionEndpoint: Endpoint = {
  path: '/:id/transition',
  method: 'post',
  handler: async (req) => {
    if (!req.user) return Response.json({ errors: [{ message: 'Sign in to move stories through review.' }] }, { status: 401 })
    if (!canUseWorkflow(req.user)) {
      return Response.json({ errors: [{ message: 'Only newsroom staff can move stories through review.' }] }, { status: 403 })
    }
    await addDataAndFileToRequest(req)
    const { to, note, overrideReason, reviewer, dueAt } = (req.data ?? {}) as Record<string, unknown>
    if (typeof to !== 'string') {
      return Response.json({ errors: [{ message: 'Say where the story should go: { "to": "in-review", "note": "…" }.' }] }, { status: 400 })
    }
    try {
      const story = await transitionArticle({
        payload: req.payload,
        articleId: req.routeParams?.id as string,
        to,
        note: asText(note),
        overrideReason: asText(overrideReason),
        reviewer,
        dueAt,
        user: req.user,
        req,
      })
      // `updatedAt` is the story's new version: the edit form sends it with its next save (src/concurrentEditing).
      return Response.json({
        id: story.id,
        stage: story.stage,
        _status: story._status,
        updatedAt: story.updatedAt,
        reviewer: idOf(story.reviewer) ?? null,
        dueAt: story.dueAt ?? null,
        message: `Moved to ${quotedStage(story.stage)}.`,
      })
    } catch (error) {
      if (error instanceof APIError && error.status < 500) {
        return Response.json({ errors: [{ message: error.message, data: error.data }] }, { status: error.status })
      }
      throw error
    }
  },
}
