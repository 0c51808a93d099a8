import { staffEndpoint } from '../access/staffEndpoints'
import { publishCorrection, readCorrectionRequest } from './publishCorrection'
import { storySavedAnswer } from './transitionEndpoint'

/**
 * POST /api/articles/:id/publish-correction { note?, readerNote?: { kind, text } }: an editor publishes the latest
 * version of a live story in one step (through the publish gate), logged with `note`, optionally telling readers.
 */
export const publishCorrectionEndpoint = staffEndpoint({
  path: '/:id/publish-correction',
  method: 'post',
  refusals: { signIn: 'Sign in to publish a correction.', notStaff: 'Only editors can publish a correction of a live story.' },
  handler: async ({ req, user, id }) => {
    const story = await publishCorrection({ payload: req.payload, articleId: id, request: readCorrectionRequest(req.data), user, req })
    return storySavedAnswer(story, { readerNotes: story.readerNotes ?? [], message: `The correction of “${story.title}” is live.` })
  },
})
