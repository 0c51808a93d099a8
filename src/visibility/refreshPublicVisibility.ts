// Keeps `isPublic` on media, credits, calls to action and organizations equal to "a live story or the
// site settings uses it", so anonymous read access is one indexed condition instead of a scan per request.
import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeDeleteHook,
  GlobalAfterChangeHook,
  PayloadRequest,
} from 'payload'

import { executeSql } from '../db/execute'
import { rememberedStoryBeforeSave, storyAfterSave, storyBeforeDelete } from '../collections/Articles/storyRow'
import { mergeSeeds } from '../fields/relationIds'
import { saveStateById } from '../saveState'
import {
  type DependentRow,
  dependentsSql,
  EVERY_ROW,
  hasSeeds,
  noSeeds,
  seedsOfChange,
  visibilityRefreshSql,
  type VisibilitySeeds,
  withDependents,
} from './publicVisibility'

// Concurrent publishes sharing credits deadlocked in full-table updates (40P01, seen in the benchmark), and two
// refreshes that overlap can each miss the other's uncommitted story: one transaction-scoped advisory lock makes
// them take turns, and the next one's statements see the previous one committed.
const VISIBILITY_LOCK = 'select pg_advisory_xact_lock(7314211)'

/** Recomputes every row: for backfills and bulk SQL changes (a write through Payload refreshes only what it touches). */
export async function refreshPublicVisibility(req: PayloadRequest): Promise<void> {
  await executeSql(req, VISIBILITY_LOCK)
  await executeSql(req, visibilityRefreshSql(EVERY_ROW))
}

/** Recomputes the rows a change can flip, and what they point at; the cost follows the change, not the library. */
export async function refreshPublicVisibilityOf(req: PayloadRequest, seeds: VisibilitySeeds): Promise<void> {
  if (!hasSeeds(seeds)) return
  await executeSql(req, VISIBILITY_LOCK)
  const dependents = await executeSql<DependentRow>(req, dependentsSql(seeds))
  await executeSql(req, visibilityRefreshSql(withDependents(seeds, dependents)))
}

type Publishable = { _status?: string | null; isPublic?: boolean | null } | undefined

const touchesWhatIsLive = (doc: Publishable, previousDoc: Publishable) =>
  doc?._status === 'published' || previousDoc?._status === 'published' || doc?.isPublic || previousDoc?.isPublic

// ---- Stories: what counts is the live main row, whose references are gone from articles_rels once it changed,
// so they are read before the write (src/collections/Articles/storyRow.ts: one read per save, shared).

export const rememberLiveStoryReferencesBeforeDelete: CollectionBeforeDeleteHook = async ({ id, req }) => {
  saveStateById(req, 'liveReferencesBeforeDelete')[String(id)] = (await storyBeforeDelete({ req, id }))?.liveReferences ?? noSeeds()
}

export const refreshStoryVisibilityAfterChange: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const before = rememberedStoryBeforeSave({ req, id: doc.id })?.liveReferences ?? noSeeds()
  if (!touchesWhatIsLive(doc, previousDoc) && !hasSeeds(before)) return doc
  const after = (await storyAfterSave({ req, id: doc.id }))?.liveReferences ?? noSeeds()
  await refreshPublicVisibilityOf(req, mergeSeeds(before, after))
  return doc
}

export const refreshStoryVisibilityAfterDelete: CollectionAfterDeleteHook = async ({ id, req }) => {
  const references = saveStateById(req, 'liveReferencesBeforeDelete')
  const before = references[String(id)] ?? noSeeds()
  delete references[String(id)]
  await refreshPublicVisibilityOf(req, before)
}

// ---- Media, credits, calls to action, the site settings: the document itself and what it pointed at before and after.

/** After a write to something a live story uses. */
export const refreshPublicVisibilityAfterChange: CollectionAfterChangeHook = async ({ collection, doc, previousDoc, req }) => {
  if (touchesWhatIsLive(doc, previousDoc)) await refreshPublicVisibilityOf(req, seedsOfChange({ collection: collection.slug, doc, previousDoc }))
  return doc
}

export const refreshPublicVisibilityAfterGlobalChange: GlobalAfterChangeHook = async ({ doc, previousDoc, req }) => {
  await refreshPublicVisibilityOf(req, seedsOfChange({ collection: 'site-settings', doc, previousDoc }))
  return doc
}
