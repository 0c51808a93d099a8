import type { Endpoint } from 'payload'

import { hasRole } from '../access/roles'
import { findStoryProblems } from './index'
import { idOf } from '../fields/relationIds'


/** GET /api/articles/:id/publish-readiness: the publish gate's verdict on the latest draft, before pressing Publish. */
export const publishReadinessEndpoint: Endpoint = {
  path: '/:id/publish-readiness',
  method: 'get',
  handler: async (req) => {
    const { user } = req
    if (!hasRole(user, 'admin', 'editor', 'writer')) {
      return Response.json({ errors: [{ message: 'Sign in as an editor or one of the story’s authors.' }] }, { status: 401 })
    }
    const story = await req.payload.findByID({
      collection: 'articles',
      id: req.routeParams?.id as string,
      draft: true,
      depth: 0,
      user,
      overrideAccess: false,
      req,
    })
    const isAuthor = (story.authors ?? []).some((author) => String(idOf(author)) === String(user!.id))
    if (!isAuthor && !hasRole(user, 'admin', 'editor')) {
      return Response.json({ errors: [{ message: 'Only editors and the story’s authors can check it.' }] }, { status: 403 })
    }
    const problems = await findStoryProblems({ story, req })
    return Response.json({ ready: problems.length === 0, stage: story.stage, problems })
  },
}
