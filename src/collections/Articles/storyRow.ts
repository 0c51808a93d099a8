// The story as a save finds it: its live row (locked for the save), its latest version and the references that
// count while it is live, read in one statement before the write and shared by every hook that needs them (the
// workflow, public visibility, change announcements); and the live row once more after the write.
import type { CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { executeSql, type SqlTimestamp } from '../../db/execute'
import { readSaveState, saveStateById } from '../../saveState'
import { noSeeds, seedsOfStoryRows, STORY_REFERENCE_PATHS_SQL, type StoryReferenceRow, type VisibilitySeeds } from '../../visibility/publicVisibility'
import type { LiveState } from '../../webhooks/articleEvents'
import type { StoredReaderNote } from '../../corrections/readerNotes'

/** The workflow's part of the latest version: a draft may have moved on from the live row. */
export type LatestVersion = { stage: unknown; contentHash: unknown; approvedBy: unknown; writers: unknown }

/** What readers have been shown: the live row's content and reader notes, once it has ever been published. */
export type LiveContent = { contentHash: string | null; wasEverPublished: boolean; readerNotes: StoredReaderNote[] }

export type StoryAfterSave = {
  /** The live row's `_status`. */
  status: string | null
  /** Whether readers see the live row, and a token that changes with every write to it (webhooks, caches). */
  liveState: LiveState
  /** What readers see of the story's images, calls to action and organizations while it is live; none when it is not. */
  liveReferences: VisibilitySeeds
}

export type StoryBeforeSave = StoryAfterSave & { latestVersion?: LatestVersion; liveContent?: LiveContent }

type Moment = 'before save' | 'after save' | 'before delete'

/** What storyRowSql selects (the version's columns only before a save). */
type StoryRow = {
  _status: string | null
  updated_at: SqlTimestamp
  deleted_at: SqlTimestamp | null
  reference_rows: StoryReferenceRow[] | null
  version_id?: number | null
  stage?: string | null
  content_hash?: string | null
  approved_by?: number | null
  writers?: number[]
  live_content_hash?: string | null
  live_published_at?: SqlTimestamp | null
  live_reader_notes?: StoredReaderNote[] | null
}

/**
 * One statement. Before a save it locks the live row: two editors publishing the same story at once take turns
 * (the second reads the first one's result). Bulk updates hand hooks the live row as `originalDoc`, which lags
 * behind once a draft moved on, so the latest version is read here too.
 */
function storyRowSql({ id, moment }: { id: number; moment: Moment }): string {
  const liveRow = `a._status, a.updated_at, a.deleted_at,
  (select coalesce(json_agg(json_build_object('media_id', r.media_id, 'calls_to_action_id', r.calls_to_action_id, 'organizations_id', r.organizations_id)), '[]')
     from articles_rels r where r.parent_id = a.id and r.path in ${STORY_REFERENCE_PATHS_SQL}) as reference_rows`
  if (moment !== 'before save') return `select ${liveRow} from articles a where a.id = ${id}`
  return `
select ${liveRow},
  a.content_hash as live_content_hash, a.published_at as live_published_at,
  (select coalesce(json_agg(json_build_object('id', n.id, 'kind', n.kind, 'text', n.text, 'time', n.time) order by n._order), '[]')
     from articles_reader_notes n where n._parent_id = a.id) as live_reader_notes,
  v.id as version_id, v.stage, v.content_hash, v.approved_by, v.writers
from articles a
left join lateral (
  select v.id, v.version_stage as stage, v.version_content_hash as content_hash, v.version_approved_by_id as approved_by,
    (select coalesce(array_agg(w.users_id), '{}') from _articles_v_rels w where w.parent_id = v.id and w.path = 'version.writers') as writers
  from _articles_v v where v.parent_id = a.id and v.latest order by v.updated_at desc limit 1
) v on true
where a.id = ${id}
for update of a`
}

async function readStoryRow({ req, id, moment }: { req: PayloadRequest; id: unknown; moment: Moment }): Promise<StoryBeforeSave | null> {
  const numericId = Number(id)
  if (!Number.isSafeInteger(numericId)) return null
  const [row] = await executeSql<StoryRow>(req, storyRowSql({ id: numericId, moment }))
  if (!row) return null
  const isLive = row._status === 'published' && row.deleted_at === null
  return {
    status: row._status ?? null,
    liveState: { isLive, version: `${String(row.updated_at)}|${String(row.deleted_at)}` },
    liveReferences: isLive ? seedsOfStoryRows(row.reference_rows ?? []) : noSeeds(),
    liveContent:
      moment === 'before save'
        ? {
            contentHash: row.live_content_hash ?? null,
            wasEverPublished: row.live_published_at !== null && row.live_published_at !== undefined,
            readerNotes: row.live_reader_notes ?? [],
          }
        : undefined,
    latestVersion:
      row.version_id === null || row.version_id === undefined
        ? undefined
        : { stage: row.stage, contentHash: row.content_hash, approvedBy: row.approved_by, writers: row.writers },
  }
}

/** beforeChange, before every hook that reads the story as it was: reads it (and locks it) once for this save. */
export const loadStoryBeforeSave: CollectionBeforeChangeHook = async ({ data, operation, originalDoc, req }) => {
  if (operation !== 'update' || originalDoc?.id === undefined) return data
  const key = String(originalDoc.id)
  saveStateById(req, 'storiesBeforeSave')[key] = await readStoryRow({ req, id: originalDoc.id, moment: 'before save' })
  // The live row after a previous save of the same story in this request is not this save's.
  delete saveStateById(req, 'storiesAfterSave')[key]
  return data
}

/** The story before this save, as loadStoryBeforeSave read it (or read and locked now, if it has not run). */
export async function storyBeforeSave({ req, id }: { req: PayloadRequest; id: number | string }): Promise<StoryBeforeSave | null> {
  const stories = saveStateById(req, 'storiesBeforeSave')
  const key = String(id)
  if (!(key in stories)) stories[key] = await readStoryRow({ req, id, moment: 'before save' })
  return stories[key]
}

/** After the write: the story before it, without reading anything (none for a story this save created). */
export const rememberedStoryBeforeSave = ({ req, id }: { req: PayloadRequest; id: number | string }): StoryBeforeSave | null =>
  readSaveState(req, 'storiesBeforeSave')?.[String(id)] ?? null

/** After the write: the live row as the save left it, read once for all afterChange hooks. */
export async function storyAfterSave({ req, id }: { req: PayloadRequest; id: number | string }): Promise<StoryAfterSave | null> {
  const stories = saveStateById(req, 'storiesAfterSave')
  const key = String(id)
  if (!(key in stories)) stories[key] = await readStoryRow({ req, id, moment: 'after save' })
  return stories[key]
}

/** Before a deletion: what readers see of the story now (its live references), read without a lock. */
export const storyBeforeDelete = ({ req, id }: { req: PayloadRequest; id: number | string }) => readStoryRow({ req, id, moment: 'before delete' })
