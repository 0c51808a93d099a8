// Schema that drizzle cannot declare (functions and triggers), written as idempotent SQL. Production gets it from
// the committed migration: scripts/regenerate-initial-migration.ts copies every entry into the generated `up`.
// Pushed databases (dev, and the tests' template) get it right after Payload's push, from onInit.
import type { Payload } from 'payload'
import { sql } from '@payloadcms/db-postgres/drizzle'

import { STORY_SEARCH_TRIGGERS_SQL } from '../search/searchIndex'

export type HandWrittenSchema = { name: string; sql: string }

/** In the order they are applied. Each entry can run again on a database that already has it. */
export const HAND_WRITTEN_SCHEMA: HandWrittenSchema[] = [{ name: 'story search triggers', sql: STORY_SEARCH_TRIGGERS_SQL }]

type PushingAdapter = { push?: boolean; drizzle: { execute: (query: unknown) => Promise<unknown> } }

/** The condition under which db-postgres's connect pushed the schema (its connect.js), so this follows the push. */
export const pushedTheSchema = (payload: Payload): boolean =>
  process.env.NODE_ENV !== 'production' && process.env.PAYLOAD_MIGRATING !== 'true' && (payload.db as unknown as PushingAdapter).push !== false

/** onInit: after a push, the hand-written schema too (a migrated database has it from its migration). */
export async function applyHandWrittenSchemaAfterPush(payload: Payload): Promise<void> {
  if (!pushedTheSchema(payload)) return
  const db = payload.db as unknown as PushingAdapter
  // One simple-protocol query per entry: one implicit transaction, so a second process starting at once waits.
  for (const entry of HAND_WRITTEN_SCHEMA) await db.drizzle.execute(sql.raw(entry.sql))
}

/** The migration's text for the entries: one `db.execute` each, the SQL frozen as it was when generated. */
export const handWrittenSchemaMigrationText = (): string =>
  HAND_WRITTEN_SCHEMA.map((entry) => `  // Hand-written (src/db/handWrittenSchema.ts): ${entry.name}.\n  await db.execute(sql.raw(${JSON.stringify(entry.sql)}))\n`).join('')
