import type { Endpoint, PayloadRequest, TypedUser } from 'payload'

import { hasRole } from '../access/roles'
import type { Article } from '../payload-types'
import { findStoryProblems } from './index'
import { idOf } from '../fields/relationIds'

export type PublishReadiness = { ready: boolean; stage: NonNullable<Article['stage']> | null; problems: Awaited<ReturnType<typeof findStoryProblems>> }

/**
 * The publish gate's verdict on a story's latest draft, for someone who may check it (editors and the story's
 * authors); anyone else gets the sentence to show instead. The readiness endpoint and the story's panels share it.
 */
export async function publishReadinessOf({ story, user, req }: { story: Article; user: TypedUser; req: PayloadRequest }): Promise<{ readiness: PublishReadiness } | { refusal: string }> {
  const isAuthor = (story.authors ?? []).some((author) => String(idOf(author)) === String(user.id))
  if (!isAuthor && !hasRole(user, 'admin', 'editor')) return { refusal: 'Only editors and the story’s authors can check it.' }
  const problems = await findStoryProblems({ story, req })
  return { readiness: { ready: problems.length === 0, stage: story.stage ?? null, problems } }
}

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
    const verdict = await publishReadinessOf({ story, user: user!, req })
    if ('refusal' in verdict) return Response.json({ errors: [{ message: verdict.refusal }] }, { status: 403 })
    return Response.json(verdict.readiness)
  },
}
