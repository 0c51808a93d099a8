// Keeps `isPublic` on media, credits, calls to action and organizations equal to "a live story or the
// site settings uses it", so anonymous read access is one indexed condition instead of a scan per request.
import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  CollectionBeforeDeleteHook,
  GlobalAfterChangeHook,
  PayloadRequest,
} from 'payload'

import { executeSql } from '../db/execute'
import { mergeSeeds } from '../fields/relationIds'
import {
  dependentsSql,
  EVERY_ROW,
  hasSeeds,
  liveStoryReferencesSql,
  noSeeds,
  seedsOfChange,
  seedsOfStoryRows,
  type StoryReferenceRow,
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
  const dependents = await executeSql(req, dependentsSql(seeds))
  await executeSql(req, visibilityRefreshSql(withDependents(seeds, dependents)))
}

type Publishable = { _status?: string | null; isPublic?: boolean | null } | undefined

const touchesWhatIsLive = (doc: Publishable, previousDoc: Publishable) =>
  doc?._status === 'published' || previousDoc?._status === 'published' || doc?.isPublic || previousDoc?.isPublic

// ---- Stories: what counts is the live main row, whose references are gone from articles_rels once it changed,
// so they are read before the write.

const referencesBeforeKey = (id: unknown) => `visibility:liveReferencesBefore:${String(id)}`

async function liveStorySeeds(req: PayloadRequest, id: unknown): Promise<VisibilitySeeds> {
  const numericId = Number(id)
  if (!Number.isSafeInteger(numericId)) return noSeeds()
  return seedsOfStoryRows((await executeSql(req, liveStoryReferencesSql(numericId))) as StoryReferenceRow[])
}

export const rememberLiveStoryReferences: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  if (originalDoc?.id !== undefined) req.context[referencesBeforeKey(originalDoc.id)] = await liveStorySeeds(req, originalDoc.id)
  return data
}

export const rememberLiveStoryReferencesBeforeDelete: CollectionBeforeDeleteHook = async ({ id, req }) => {
  req.context[referencesBeforeKey(id)] = await liveStorySeeds(req, id)
}

const takeReferencesBefore = (req: PayloadRequest, id: unknown): VisibilitySeeds => {
  const seeds = (req.context[referencesBeforeKey(id)] as VisibilitySeeds | undefined) ?? noSeeds()
  delete req.context[referencesBeforeKey(id)]
  return seeds
}

export const refreshStoryVisibilityAfterChange: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const before = takeReferencesBefore(req, doc.id)
  if (!touchesWhatIsLive(doc, previousDoc) && !hasSeeds(before)) return doc
  await refreshPublicVisibilityOf(req, mergeSeeds(before, await liveStorySeeds(req, doc.id)))
  return doc
}

export const refreshStoryVisibilityAfterDelete: CollectionAfterDeleteHook = async ({ id, req }) => {
  await refreshPublicVisibilityOf(req, takeReferencesBefore(req, id))
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
