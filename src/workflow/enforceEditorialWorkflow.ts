// The workflow's rules on every write path (admin, REST, GraphQL, Local API, bulk updates, jobs, restores):
// clients never set `stage`; only editors change what is live; only approved stories go live; a real
// content change after approval goes back to review; nobody approves or publishes on their own approval what
// they wrote (the story remembers its writers).
import { APIError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { hasRole } from '../access/roles'
import { executeSql } from '../db/execute'
import { contentHash } from './contentHash'
import { isStage, PUBLISHABLE_STAGES, STAGE_LABELS, type Stage } from './stages'
import type { ArticleWriteIntent } from '../collections/Articles/hooks/rememberWriteIntent'
import { idOf } from '../fields/relationIds'
import { isAmongWriters, writersOfRevision } from './writersOfRevision'

export type WorkflowContext = { stage: Stage; note?: string; overrideReason?: string }

/** Locks the live row: two editors publishing the same story at once take turns. */
async function lockLiveStatus(req: PayloadRequest, id: number | string): Promise<string | null> {
  const [row] = await executeSql(req, `select _status from articles where id = ${Number(id)} for update`)
  return (row?._status as string | undefined) ?? null
}


type LatestWorkflowState = { stage?: unknown; contentHash?: unknown; approvedBy?: unknown; writers?: unknown }

/**
 * The stage lives on the latest version. Bulk updates hand hooks the live row as `originalDoc`, which
 * lags behind once a draft moved on, so the latest version is read directly.
 */
async function latestWorkflowState(req: PayloadRequest, id: number | string): Promise<LatestWorkflowState | undefined> {
  const [row] = await executeSql(
    req,
    `select v.version_stage as stage, v.version_content_hash as content_hash, v.version_approved_by_id as approved_by,
       (select coalesce(array_agg(r.users_id), '{}') from _articles_v_rels r where r.parent_id = v.id and r.path = 'version.writers') as writers
     from _articles_v v where v.parent_id = ${Number(id)} and v.latest order by v.updated_at desc limit 1`,
  )
  return row ? { stage: row.stage, contentHash: row.content_hash, approvedBy: row.approved_by, writers: row.writers } : undefined
}

/** An admin's written override of the no-self-approval rule holds until the story is published. */
async function isApprovalOverridden(req: PayloadRequest, articleId: number | string, approverId: number | string): Promise<boolean> {
  const { docs } = await req.payload.find({
    collection: 'article-transitions',
    where: { and: [{ article: { equals: articleId } }, { to: { equals: 'approved' } }] },
    sort: '-createdAt',
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const approval = docs[0]
  return Boolean(approval?.overrideReason?.trim() && String(idOf(approval.by)) === String(approverId))
}

export const enforceEditorialWorkflow: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req, context }) => {
  const intent = context.articleWrite as ArticleWriteIntent | undefined
  const transition = context.workflowTransition as WorkflowContext | undefined
  const isUpdate = operation === 'update' && originalDoc?.id !== undefined
  const liveStatus = isUpdate ? await lockLiveStatus(req, originalDoc.id) : null
  const latest = (isUpdate ? await latestWorkflowState(req, originalDoc.id) : undefined) ?? originalDoc ?? {}
  const previousStage: Stage = isStage(latest.stage) ? latest.stage : 'draft'
  const isLive = liveStatus === 'published'
  const goesLive = data._status === 'published'
  const isDraftSave = !goesLive && Boolean(intent?.isDraft)
  const changesLive = !isDraftSave && (goesLive || isLive)
  const title = data.title ?? originalDoc?.title ?? 'This story'

  if (changesLive && req.user && !hasRole(req.user, 'editor', 'admin')) {
    throw new APIError(
      'Only editors can publish, unpublish or change a published story. Save your changes as a draft and submit them for review.',
      403,
      undefined,
      true,
    )
  }
  if (!isDraftSave && isLive && !goesLive && intent?.requestedStatus !== 'draft' && transition?.stage !== 'archived') {
    throw new APIError(
      `“${title}” is published, and this change would take it offline. To unpublish it, ask for that explicitly (_status: "draft"); to edit it, save a draft.`,
      400,
      undefined,
      true,
    )
  }

  let stage: Stage = transition?.stage ?? previousStage
  const hash = contentHash(data)
  const changesContent = hash !== latest.contentHash
  const approvedBy = idOf(latest.approvedBy)
  const isApproverEditing = Boolean(req.user && approvedBy !== undefined && String(approvedBy) === String(req.user.id))
  const isCorrectionOfLiveStory = goesLive && isLive && previousStage === 'published'
  if (goesLive) {
    if (!isCorrectionOfLiveStory && !PUBLISHABLE_STAGES.includes(stage)) {
      throw new APIError(
        `Only approved stories can be published, and “${title}” is ${STAGE_LABELS[stage]}. Submit it for review and have an editor approve it.`,
        400,
        undefined,
        true,
      )
    }
    stage = 'published'
  } else if (!isDraftSave && isLive && !transition) {
    stage = 'approved'
  } else if (!transition && changesContent) {
    if (stage === 'approved' && !isApproverEditing) stage = 'in-review'
    if (stage === 'published') stage = 'draft'
  }

  // A stage move is not writing, nor is putting someone else on the byline (the byline is remembered on its own).
  // The content is compared with the document as read (not the stored hash, which a story's first save computes
  // from fewer fields), so a save that changes nothing adds nobody. The approving editor may still fix a typo
  // without another review; that is editing, not writing.
  const withoutByline = (story: Record<string, unknown>) => contentHash({ ...story, authors: null })
  const writesContent = !transition && withoutByline(data) !== withoutByline(originalDoc ?? {})
  const keepsApproval = previousStage === 'approved' && isApproverEditing
  const writers = writersOfRevision({
    previousWriters: latest.writers,
    startsNewRevision: previousStage === 'published' && stage !== 'published',
    authors: data.authors,
    contentEditor: writesContent && !keepsApproval && req.user?.collection === 'users' ? req.user.id : undefined,
  })
  if (
    goesLive &&
    !isCorrectionOfLiveStory &&
    isAmongWriters({ userId: approvedBy, writers }) &&
    !(await isApprovalOverridden(req, originalDoc.id, approvedBy!))
  ) {
    throw new APIError(
      `“${title}” was approved by someone who also wrote it (they are on its byline or changed its text since it was last published). Another editor must approve it before it is published.`,
      400,
      undefined,
      true,
    )
  }

  if (stage !== previousStage && !transition) {
    req.context.automaticStageNote =
      stage === 'in-review' ? 'Edited after approval: back to review.' : stage === 'draft' ? 'A new revision was started.' : undefined
  }
  return { ...data, stage, contentHash: hash, writers }
}
