// Optimistic concurrency for stories: a write that says which version it was based on is refused (409)
// when someone saved the story since. Writes that say nothing (the admin's autosave) stay last-write-wins.
import { APIError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { executeSql } from '../../../db/execute'

export const EXPECTED_UPDATED_AT_HEADER = 'x-expected-updated-at'
export const EXPECTED_UPDATED_AT_FIELD = 'expectedUpdatedAt'

function expectedUpdatedAt(req: PayloadRequest, data: Record<string, unknown>): string | undefined {
  const fromBody = data[EXPECTED_UPDATED_AT_FIELD]
  if (typeof fromBody === 'string' && fromBody) return fromBody
  return req.headers?.get?.(EXPECTED_UPDATED_AT_HEADER) ?? undefined
}

/** The time of the story's last save (its latest version: a draft save leaves the live row alone). */
async function lastSavedAt(req: PayloadRequest, id: number): Promise<Date | null> {
  // The row lock makes two racing writers take turns: the second one sees the first one's save.
  await executeSql(req, `select id from articles where id = ${id} for update`)
  // `version_updated_at` is the `updatedAt` a client read (with or without draft=true); the live row's
  // own time only counts for stories saved before versions existed.
  const [row] = await executeSql(
    req,
    `select coalesce(
       (select version_updated_at from _articles_v where parent_id = ${id} and latest order by updated_at desc limit 1),
       (select updated_at from articles where id = ${id})) as updated_at`,
  )
  return row?.updated_at ? new Date(row.updated_at as string) : null
}

export const requireCurrentVersion: CollectionBeforeChangeHook = async ({ data, operation, originalDoc, req }) => {
  if (operation !== 'update' || originalDoc?.id === undefined) return data
  const expected = expectedUpdatedAt(req, data)
  delete data[EXPECTED_UPDATED_AT_FIELD]
  if (!expected) return data
  const expectedTime = Date.parse(expected)
  if (Number.isNaN(expectedTime)) {
    throw new APIError(
      `“${expected.slice(0, 60)}” is not a time. Send the story’s updatedAt exactly as you read it (for example 2026-11-25T17:20:35.123Z).`,
      400,
      undefined,
      true,
    )
  }
  const savedAt = await lastSavedAt(req, Number(originalDoc.id))
  if (savedAt && savedAt.getTime() !== expectedTime) {
    throw new APIError(
      `Someone else changed this story since you opened it (it was last saved at ${savedAt.toISOString()}). ` +
        'Reload it to see their changes, then make yours again.',
      409,
      { currentUpdatedAt: savedAt.toISOString() },
      true,
    )
  }
  return data
}
