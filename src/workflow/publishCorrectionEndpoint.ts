import { addDataAndFileToRequest, type Endpoint } from 'payload'

import { answeringRefusals, staffCaller } from '../access/staffEndpoints'
import { publishCorrection, readCorrectionRequest } from './publishCorrection'
import { storySavedAnswer } from './transitionEndpoint'

/**
 * POST /api/articles/:id/publish-correction { note?, readerNote?: { kind, text } }: an editor publishes the latest
 * version of a live story in one step (through the publish gate), logged with `note`, optionally telling readers.
 */
export const publishCorrectionEndpoint: Endpoint = {
  path: '/:id/publish-correction',
  method: 'post',
  handler: async (req) => {
    const { user, refusal } = staffCaller(req.user, { signIn: 'Sign in to publish a correction.', notStaff: 'Only editors can publish a correction of a live story.' })
    if (refusal) return refusal
    return answeringRefusals(async () => {
      await addDataAndFileToRequest(req)
      const story = await publishCorrection({
        payload: req.payload,
        articleId: req.routeParams?.id as string,
        request: readCorrectionRequest(req.data),
        user,
        req,
      })
      return storySavedAnswer(story, { readerNotes: story.readerNotes ?? [], message: `The correction of “${story.title}” is live.` })
    })
  },
}
