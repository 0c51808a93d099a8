// The tags of a public response: every document key it can show and the moment it stops being true (the earliest
// photo licence end in it), from the documents it starts from, in one SQL statement. The story by slug, the feeds
// and Payload's REST reads all tag their responses here, so the same documents get the same keys, and the keys
// follow the same relations as a change's invalidation (`announceChange`).
import type { Payload } from 'payload'

import { databasePool } from '../db/closePayload'
import { earliestEndAfter } from '../licenses/licenseRules'
import { keysFromRows, LICENCE_END_ROW, responseKeysStatement, type Seeds } from './documentKeys'

export type ResponseTags = { tags: string[]; expiresAt?: number }

/**
 * `startedAt` is the moment production of the response started: a licence that ends while the response is being
 * produced may still be in it, so only ends after that moment are left out.
 */
export async function tagsOfResponse({
  payload,
  seeds,
  startedAt,
  extraKeys = [],
}: {
  payload: Payload
  seeds: Seeds
  startedAt: Date
  extraKeys?: string[]
}): Promise<ResponseTags> {
  const { rows } = await databasePool(payload).query<Record<string, unknown>>(responseKeysStatement(seeds, startedAt))
  return tagsFromRows(rows, startedAt, extraKeys)
}

/** The tags from the rows of `responseKeysStatement` (or of a statement that embeds the same query). */
export function tagsFromRows(rows: Record<string, unknown>[], startedAt: Date, extraKeys: string[] = []): ResponseTags {
  const licenceEnd = rows.find((row) => row.collection === LICENCE_END_ROW)?.ends_at
  const expiresAt = earliestEndAfter([licenceEnd], startedAt.getTime())
  const tags = [...keysFromRows(rows.filter((row) => row.collection !== LICENCE_END_ROW)), ...extraKeys]
  return expiresAt === undefined ? { tags } : { tags, expiresAt }
}
