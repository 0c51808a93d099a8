import { staffEndpoint } from '../access/staffEndpoints'
import { storySavedAnswer } from './transitionEndpoint'
import { waiveDeskCheck, waiverMessage } from './waiveDeskCheck'

/**
 * POST /api/articles/:id/desk-checks/waive { check, note }: an editor approves without one of the desk's checks
 * (dek, SEO title, SEO description, topic), saying why. Images and the headline are never waived.
 */
export const waiveDeskCheckEndpoint = staffEndpoint({
  path: '/:id/desk-checks/waive',
  method: 'post',
  refusals: { signIn: 'Sign in to waive a desk check.', notStaff: 'Only editors can waive a desk check.' },
  handler: async ({ req, user, id }) => {
    const body = (req.data && typeof req.data === 'object' && !Array.isArray(req.data) ? req.data : {}) as Record<string, unknown>
    const story = await waiveDeskCheck({ payload: req.payload, articleId: id, check: body.check, note: body.note, user, req })
    return storySavedAnswer(story, { deskCheckWaivers: story.deskCheckWaivers ?? [], message: waiverMessage(String(body.check)) })
  },
})
