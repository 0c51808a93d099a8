// The attribution audit's findings, kept up to date as rows change (issue 20: the answer over a million stories
// must not read every live story). Two tables, part of the schema (drizzle's beforeSchemaInit, so pushed databases
// and generated migrations both have them), and the triggers that fill them (./auditTriggers.ts):
// - attribution_audit_recheck: photos whose facts changed (alt text, file name, credit, the credit's parts, an
//   organization's name, a story pointing at a photo that does not exist) and that the JavaScript rule has not
//   judged again yet. The triggers only mark; judging "real" text stays the one rule in attributionProblems.ts.
// - attribution_audit_suspects: photos the rule found broken whatever the date (no credit, a credit naming no one,
//   no real alt text, missing). Licences are time-based and read at request time by their indexed end date.
import { bigint, integer, pgTable } from '@payloadcms/db-postgres/drizzle/pg-core'

import { addPartialIndex, addTables } from '../db/schemaAdditions'

export const RECHECK_TABLE = 'attribution_audit_recheck'
export const SUSPECTS_TABLE = 'attribution_audit_suspects'

/** beforeSchemaInit: the two tables, plain (no Payload collection: nobody reads or writes them over the API). */
export const addAttributionAuditFindings = addTables([
  // `mark`: the id of the transaction that marked the photo last, so a recheck removes only the marks it saw.
  pgTable(RECHECK_TABLE, {
    media_id: integer('media_id').primaryKey(),
    mark: bigint('mark', { mode: 'number' }).notNull(),
  }),
  pgTable(SUSPECTS_TABLE, { media_id: integer('media_id').primaryKey() }),
])

/**
 * afterSchemaInit: the live stories' image rows that point at no photo, found by a partial index (every other
 * kind of relationship row has a null media_id too: a million of them in a large archive).
 */
export const addImagesPointingAtNothingIndex = addPartialIndex({
  name: 'articles_rels_images_pointing_at_nothing_idx',
  table: 'articles_rels',
  column: 'parent',
  where: `path = 'images' and media_id is null`,
})
