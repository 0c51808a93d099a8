// "Create new" in the admin saves an empty draft at once (Payload's autosave needs a document to save into:
// @payloadcms/next's Document view calls payload.create before the form opens), so every visit that is left
// without typing leaves a "<No Title>" story behind. This job removes those, and only those.
import type { PayloadRequest, TaskConfig } from 'payload'

import { executeSql } from '../../db/execute'

/** Long enough that nobody is still looking at the empty form they opened. */
export const UNTOUCHED_DRAFT_GRACE_MS = 60 * 60 * 1000

// Bounded per run: a backlog is worked off run by run, each one quick.
const DRAFTS_PER_RUN = 500

/**
 * Stories without a headline that nobody saved after the create view made them: still a draft, one version only
 * (the first autosave of any edit adds a second), and older than the grace period.
 */
export async function untouchedDraftIds({ req, now = new Date() }: { req: PayloadRequest; now?: Date }): Promise<number[]> {
  const cutoff = `'${new Date(now.getTime() - UNTOUCHED_DRAFT_GRACE_MS).toISOString()}'::timestamptz`
  const rows = await executeSql<{ id: number }>(
    req,
    `select a.id from articles a
     where a._status = 'draft' and (a.title is null or btrim(a.title) = '') and a.created_at < ${cutoff}
       and (select count(*) from _articles_v v where v.parent_id = a.id) <= 1
       and not exists (select 1 from _articles_v v where v.parent_id = a.id and btrim(coalesce(v.version_title, '')) <> '')
     order by a.id limit ${DRAFTS_PER_RUN}`,
  )
  return rows.map((row) => Number(row.id))
}

/** Deletes the untouched untitled drafts (with the collection's delete hooks, in one request); returns how many. */
export async function removeUntouchedDrafts({ req, now }: { req: PayloadRequest; now?: Date }): Promise<number> {
  const ids = await untouchedDraftIds({ req, now })
  if (!ids.length) return 0
  const result = await req.payload.delete({ collection: 'articles', where: { id: { in: ids } }, overrideAccess: true, req })
  return result.docs.length
}

export const removeUntouchedDraftsTask: TaskConfig = {
  slug: 'removeUntouchedDrafts',
  schedule: [{ cron: '20 * * * *', queue: 'workflow' }],
  handler: async ({ req }) => ({ output: { removed: await removeUntouchedDrafts({ req }) } }),
} as TaskConfig
