import type { Endpoint, PayloadRequest, TypedUser } from 'payload'

import { hasRole } from '../access/roles'
import { serverTiming } from '../server/serverTiming'
import type { Article } from '../payload-types'
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
    const id = idOf(verdict.waiver?.waivedBy)
    const waivedBy = id === undefined ? null : { id, name: names.get(String(id)) ?? null }
    return { ...verdict, waiver: verdict.waiver ? { ...verdict.waiver, waivedBy } : null }
  })
}

export type PublishReadiness = {
  ready: boolean
  stage: NonNullable<Article['stage']> | null
  problems: Awaited<ReturnType<typeof findStoryProblems>>
  /** The desk's checks before approval (src/workflow/deskChecks.ts), and whether they are all met or waived. */
  canBeApproved: boolean
  deskChecks: Awaited<ReturnType<typeof withWaiverNames>>
}

/**
 * The publish gate's verdict on a story's latest draft (`ready`, `problems`) and the desk's checks before approval
 * (`deskChecks`, `canBeApproved`), for someone who may check it (editors and the story's authors); anyone else gets
 * the sentence to show instead. The readiness endpoint and the story's panels share it.
 */
export async function publishReadinessOf({ story, user, req }: { story: Article; user: TypedUser; req: PayloadRequest }): Promise<{ readiness: PublishReadiness } | { refusal: string }> {
  const isAuthor = (story.authors ?? []).some((author) => String(idOf(author)) === String(user.id))
  if (!isAuthor && !hasRole(user, 'admin', 'editor')) return { refusal: 'Only editors and the story’s authors can check it.' }
  const problems = await findStoryProblems({ story, req })
  const verdicts = judgeDeskChecks({ story, imageProblems: problems.map((problem) => problem.message), waivers: story.deskCheckWaivers })
  return {
    readiness: {
      ready: problems.length === 0,
      stage: story.stage ?? null,
      problems,
      canBeApproved: approvalBlockers(verdicts).length === 0,
      deskChecks: await withWaiverNames(verdicts, req),
    },
  }
}

/**
 * GET /api/articles/:id/publish-readiness: the publish gate's verdict on the latest draft, before pressing Publish
 * (`ready`, `problems`), and the desk's checks before approval (`deskChecks`, `canBeApproved`: met or waived).
 */
export const publishReadinessEndpoint: Endpoint = {
  path: '/:id/publish-readiness',
  method: 'get',
  handler: async (req) => {
    const timing = serverTiming()
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
    timing.step('story')
    const verdict = await publishReadinessOf({ story, user: user!, req })
    if ('refusal' in verdict) return Response.json({ errors: [{ message: verdict.refusal }] }, { status: 403 })
    timing.step('readiness')
    return Response.json(verdict.readiness, { headers: { 'Server-Timing': timing.header() } })
  },
}
