import type { Endpoint, PayloadRequest } from 'payload'

import { hasRole } from '../access/roles'
import { findStoryProblems } from './index'
import { idOf } from '../fields/relationIds'
import { approvalBlockers, judgeDeskChecks, type DeskCheckVerdict } from '../workflow/deskChecks'

/** The waivers' editors by name (one query), so the panel says who waived what. */
async function withWaiverNames(verdicts: DeskCheckVerdict[], req: PayloadRequest) {
  const ids = [...new Set(verdicts.map((verdict) => idOf(verdict.waiver?.waivedBy)).filter((id) => id !== undefined))]
  const { docs } = ids.length
    ? await req.payload.find({ collection: 'users', where: { id: { in: ids } }, select: { name: true }, depth: 0, limit: ids.length, overrideAccess: true, req })
    : { docs: [] }
  const names = new Map(docs.map((user) => [String(user.id), user.name]))
  return verdicts.map((verdict) => {
    if (!verdict.waiver) return verdict
    const id = idOf(verdict.waiver.waivedBy)
    return { ...verdict, waiver: { ...verdict.waiver, waivedBy: id === undefined ? null : { id, name: names.get(String(id)) ?? null } } }
  })
}

/**
 * GET /api/articles/:id/publish-readiness: the publish gate's verdict on the latest draft, before pressing Publish
 * (`ready`, `problems`), and the desk's checks before approval (`deskChecks`, `canBeApproved`: met or waived).
 */
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
    const verdicts = judgeDeskChecks({ story, imageProblems: problems.map((problem) => problem.message), waivers: story.deskCheckWaivers })
    return Response.json({
      ready: problems.length === 0,
      stage: story.stage,
      problems,
      canBeApproved: approvalBlockers(verdicts).length === 0,
      deskChecks: await withWaiverNames(verdicts, req),
    })
  },
}
