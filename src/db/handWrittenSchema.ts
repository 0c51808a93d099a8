// Schema that drizzle cannot declare (functions and triggers), written as idempotent SQL. Production gets it from
// the committed migration: scripts/regenerate-initial-migration.ts copies every entry into the generated `up`.
// Pushed databases (dev, and the tests' template) get it right after Payload's push, from onInit.
// Each feature declares its triggers as data and writes their install and undo with ./triggerStatements.ts.
import type { Payload } from 'payload'
import { sql } from '@payloadcms/db-postgres/drizzle'

import { ATTRIBUTION_AUDIT_SQL, DROP_ATTRIBUTION_AUDIT_SQL } from '../publishGate/auditTriggers'
import {
  COUNT_PUBLIC_STORIES_SQL,
  INSTALL_PUBLIC_STORY_COUNT,
  PUBLIC_STORY_COUNT_PENDING_TABLE,
  PUBLIC_STORY_COUNT_TABLE,
  REMOVE_PUBLIC_STORY_COUNT_TRIGGERS,
} from '../publicApi/publicStoryCount'
import { DRAFT_SEARCH_TABLE, DROP_STORY_SEARCH_TRIGGERS_SQL, FILL_STORY_SEARCH_TABLES_SQL, LIVE_SEARCH_TABLE, STORY_SEARCH_TRIGGERS_SQL } from '../search/searchIndex'

/**
 * `down` undoes it, run before the generated `down` drops the tables. `derived`: tables its triggers keep from other
 * tables' rows, and the statement that fills them from those rows (once emptied), for a restore that loads rows with
 * ordinary triggers off, from a backup that may predate the tables. The audit's triggers fire during loads, so it
 * needs none.
 */
export type HandWrittenSchema = { name: string; sql: string; down: string; derived?: { tables: string[]; fill: string } }

/** In the order they are applied. Each entry can run again on a database that already has it. */
export const HAND_WRITTEN_SCHEMA: HandWrittenSchema[] = [
  {
    name: 'story search triggers',
    sql: STORY_SEARCH_TRIGGERS_SQL,
    down: DROP_STORY_SEARCH_TRIGGERS_SQL,
    derived: { tables: [LIVE_SEARCH_TABLE, DRAFT_SEARCH_TABLE], fill: FILL_STORY_SEARCH_TABLES_SQL },
  },
  {
    name: "public stories' count triggers",
    sql: INSTALL_PUBLIC_STORY_COUNT,
    down: REMOVE_PUBLIC_STORY_COUNT_TRIGGERS,
    derived: { tables: [PUBLIC_STORY_COUNT_TABLE, PUBLIC_STORY_COUNT_PENDING_TABLE], fill: COUNT_PUBLIC_STORIES_SQL },
  },
  { name: 'attribution audit triggers', sql: ATTRIBUTION_AUDIT_SQL, down: DROP_ATTRIBUTION_AUDIT_SQL },
]

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

const executeText = (name: string, text: string) =>
  `  // Hand-written (src/db/handWrittenSchema.ts): ${name}.\n  await db.execute(sql.raw(${JSON.stringify(text)}))\n`

/**
 * A generated migration with the hand-written schema added: at the end of `up` (after the tables exist) and at the
 * start of `down` (before they go), the SQL frozen as it is today. Throws if the file is not shaped as expected.
 */
export function withHandWrittenSchema(migration: string): string {
  const upStart = migration.indexOf('export async function up(')
  const downStart = migration.indexOf('export async function down(')
  const upEnd = migration.lastIndexOf('\n}', downStart)
  const downBody = migration.indexOf('{\n', downStart)
  if (upStart < 0 || downStart < 0 || upEnd < upStart || downBody < 0) {
    throw new Error('The generated migration has no `up` and `down` functions where expected: add the hand-written schema by hand.')
  }
  const up = HAND_WRITTEN_SCHEMA.map((entry) => executeText(entry.name, entry.sql)).join('')
  const down = [...HAND_WRITTEN_SCHEMA].reverse().map((entry) => executeText(`${entry.name}, undone`, entry.down)).join('')
  return `${migration.slice(0, upEnd)}\n${up}${migration.slice(upEnd, downBody + 2)}${down}${migration.slice(downBody + 2)}`
}
