// An editor waives one of the desk's checks on a story, with a note: the one way a waiver comes to exist.
import { APIError, type Payload, type PayloadRequest, type TypedUser } from 'payload'

import { saveStateForCall } from '../saveState'
import { deskCheckNamed, isWaiverRequestProblem, readWaiverRequest, WAIVABLE_CHECKS, type DeskCheckWaiver } from './deskChecks'
import { isEditorRole, isStage, quotedStage, type Stage } from './stages'
import { isAmongWriters } from './writersOfRevision'

/** Waivers are given on the way to approval; after it they would change nothing. */
const WAIVABLE_STAGES: readonly Stage[] = ['draft', 'in-review', 'changes-requested']

export async function waiveDeskCheck({
  payload,
  articleId,
  check,
  note,
  user,
  req,
}: {
  payload: Payload
  articleId: number | string
  check: unknown
  note: unknown
  user: TypedUser
  req?: Partial<PayloadRequest>
}) {
  if (!isEditorRole(user.role)) {
    throw new APIError('Only editors can waive a desk check. Fix what the readiness panel lists, or ask an editor.', 403, undefined, true)
  }
  const request = readWaiverRequest({ check, note })
  if (isWaiverRequestProblem(request)) throw new APIError(request.message, request.status, undefined, true)
  // Reading as the user proves they may see the story; the latest draft is what will be approved.
  const story = await payload.findByID({ collection: 'articles', id: articleId, draft: true, depth: 0, user, overrideAccess: false, req })
  const stage: Stage = isStage(story.stage) ? story.stage : 'draft'
  if (!WAIVABLE_STAGES.includes(stage)) {
    throw new APIError(`“${story.title}” is in ${quotedStage(stage)}: desk checks are waived on the way to approval, not after it.`, 400, undefined, true)
  }
  // Separation of duties, as for approval: who wrote this revision does not excuse it from the desk's checks.
  if (user.role !== 'admin' && isAmongWriters({ userId: user.id, writers: story.writers, authors: story.authors })) {
    throw new APIError(
      `You wrote this revision of “${story.title}” (you are on its byline, or changed its text since it was last published), so you cannot waive its checks: ask another editor.`,
      403,
      undefined,
      true,
    )
  }
  if (request.check.isMet({ story, imageProblems: [] })) {
    throw new APIError(`“${story.title}” passes the ${request.check.label} check: there is nothing to waive.`, 400, undefined, true)
  }
  const waiver: DeskCheckWaiver = { check: request.check.key, note: request.note, waivedBy: user.id, waivedAt: new Date().toISOString() }
  return payload.update({
    collection: 'articles',
    id: articleId,
    // The waiver belongs to the revision in progress; what readers see stays as it is.
    draft: true,
    data: {},
    context: saveStateForCall({ deskCheckWaiver: waiver }),
    user,
    overrideAccess: true,
    req,
  })
}

export const waiverMessage = (check: string) => `Waived the desk check “${deskCheckNamed(check)?.label ?? check}”. It is logged with your note.`

/**
 * Waives, one by one and each on the record, every check the story misses that may be waived: for stories the
 * newsroom did not write at its desk (the demo, the benchmarks' generated archive), with one note for all.
 */
export async function waiveMissingDeskChecks({
  payload,
  articleId,
  note,
  user,
  req,
}: {
  payload: Payload
  articleId: number | string
  note: string
  user: TypedUser
  req?: Partial<PayloadRequest>
}) {
  const story = await payload.findByID({ collection: 'articles', id: articleId, draft: true, depth: 0, overrideAccess: true, req })
  for (const check of WAIVABLE_CHECKS) {
    if (!check.isMet({ story, imageProblems: [] })) await waiveDeskCheck({ payload, articleId, check: check.key, note, user, req })
  }
}
