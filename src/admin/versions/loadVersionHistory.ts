// A story's versions as its history tab lists them: newest first, who saved each, autosaves folded. No UI here.
import type { PayloadRequest } from 'payload'

import { idOf } from '../../fields/relationIds'
import { collapseAutosaves, type HistoryLine, type VersionSummary } from './versionHistory'

/** The newest versions the tab lists; a story keeps at most 100 (versions.maxPerDoc). */
const SHOWN_VERSIONS = 100

export type VersionHistory = { lines: HistoryLine[]; names: Record<string, string> }

/** Read as the signed-in user (their access to versions holds); names in one more query. */
export async function loadVersionHistory({ req, storyId }: { req: PayloadRequest; storyId: number | string }): Promise<VersionHistory> {
  const { payload, user } = req
  const { docs } = await payload.findVersions({
    collection: 'articles',
    where: { parent: { equals: storyId } },
    sort: '-updatedAt',
    limit: SHOWN_VERSIONS,
    depth: 0,
    select: { autosave: true, updatedAt: true, version: { _status: true, stage: true, savedBy: true } },
    user,
    overrideAccess: false,
    req,
  })
  const versions: VersionSummary[] = docs.map((doc) => ({
    id: doc.id,
    updatedAt: doc.updatedAt,
    isAutosave: Boolean((doc as { autosave?: boolean }).autosave),
    status: doc.version?._status ?? null,
    stage: doc.version?.stage ?? null,
    savedBy: idOf(doc.version?.savedBy) ?? null,
  }))
  const savers = [...new Set(versions.map((version) => version.savedBy).filter((id) => id !== null))]
  const { docs: people } = savers.length
    ? await payload.find({ collection: 'users', where: { id: { in: savers } }, select: { name: true }, depth: 0, limit: savers.length, overrideAccess: true, req })
    : { docs: [] }
  return { lines: collapseAutosaves(versions), names: Object.fromEntries(people.map((person) => [String(person.id), person.name])) }
}
