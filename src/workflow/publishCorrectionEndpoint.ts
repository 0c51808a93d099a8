import { addDataAndFileToRequest, APIError, type Endpoint } from 'payload'

import { canUseWorkflow } from './transitionArticle'
import { publishCorrection, readCorrectionRequest } from './publishCorrection'

/**
 * POST /api/articles/:id/publish-correction { note?, readerNote?: { kind, text } }: an editor publishes the latest
 * version of a live story in one step (through the publish gate), logged with `note`, optionally telling readers.
 */
export const publishCorrectionEndpoint: Endpoint = {
  path: '/:id/publish-correction',
  method: 'post',
  handler: async (req) => {
    if (!req.user) return Response.json({ errors: [{ message: 'Sign in to publish a correction.' }] }, { status: 401 })
    if (!canUseWorkflow(req.user)) {
      return Response.json({ errors: [{ message: 'Only editors can publish a correction of a live story.' }] }, { status: 403 })
    }
    try {
      await addDataAndFileToRequest(req)
      const story = await publishCorrection({
        payload: req.payload,
        articleId: req.routeParams?.id as string,
        request: readCorrectionRequest(req.data),
        user: req.user,
        req,
      })
      return Response.json({
        id: story.id,
        stage: story.stage,
        _status: story._status,
        updatedAt: story.updatedAt,
        readerNotes: story.readerNotes ?? [],
        message: `The correction of “${story.title}” is live.`,
      })
    } catch (error) {
      if (error instanceof APIError && error.status < 500) {
        return Response.json({ errors: [{ message: error.message, data: error.data }] }, { status: error.status })
      }
      throw error
    }
  },
}
