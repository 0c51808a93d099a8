// The number of public stories ("totalDocs" of every public list), kept in one row instead of counted per request:
// counting, even index-only over articles_public_stories_idx, grows with the archive (a quarter of a millisecond
// at 10,000 stories, tens of ms at a million). The row is kept by triggers on `articles`, so it changes in the
// same transaction as the story and no write path (Payload, jobs, SQL, a restore) can leave it behind.
//
// Exact at all times: "public" for a story is `_status = 'published' and deleted_at is null` (PUBLICLY_VISIBLE),
// which changes only by a write to the row. Nothing about it depends on the clock: a scheduled story becomes
// published by the job's write, and an ended licence withholds photos and credits, never a story.
//
// Where it comes from: the table is part of the schema (added below, so pushed databases and generated migrations
// both have it); the triggers are not something drizzle can declare, so they are hand-written schema
// (src/db/handWrittenSchema.ts): copied into the initial migration for production, applied after each schema push
// in development and tests.
import { integer, pgTable } from '@payloadcms/db-postgres/drizzle/pg-core'

import { addTables } from '../db/schemaAdditions'
import { installTriggersStatements, removeTriggersStatements, type Trigger } from '../db/triggerStatements'
import { PUBLICLY_VISIBLE } from './publicStoriesIndex'

export const PUBLIC_STORY_COUNT_TABLE = 'public_story_count'

/** afterSchemaInit: the one-row table (id is always 1) that holds the count. */
export const addPublicStoryCountTable = addTables([
  pgTable(PUBLIC_STORY_COUNT_TABLE, {
    id: integer('id').primaryKey(),
    n: integer('n').notNull(),
  }),
])

const isPublic = (row: 'new' | 'old') => PUBLICLY_VISIBLE.replace(/(_status|deleted_at)/g, `${row}.$1`)

/** A deferred row trigger that moves the count when a story enters or leaves the public set. */
const enteringOrLeaving = (change: 'insert' | 'update' | 'delete', when: string): Trigger => ({
  name: `public_story_count_on_${change}`,
  table: 'articles',
  after: [change],
  when,
  isDeferredToCommit: true,
  execute: 'public_story_count_moves',
})

const PUBLIC_STORY_COUNT_TRIGGERS: Trigger[] = [
  enteringOrLeaving('insert', isPublic('new')),
  enteringOrLeaving('update', `(${isPublic('old')}) is distinct from (${isPublic('new')})`),
  enteringOrLeaving('delete', isPublic('old')),
  { name: 'public_story_count_on_truncate', table: 'articles', after: ['truncate'], forEach: 'statement', execute: 'public_story_count_emptied' },
]

/**
 * The table (when the schema did not create it yet), the triggers, and the count taken once from the rows while
 * writes to `articles` wait. Idempotent: run again, it replaces the triggers and takes the count afresh.
 *
 * The triggers are deferred to commit (constraint triggers): the count's row is locked only for the moment of the
 * commit, after every story row the transaction locks, so two transactions publishing stories in opposite orders
 * cannot deadlock on it, and a rolled-back transaction (or savepoint) never touches it. They fire only when a row
 * enters or leaves the public set (the WHEN clauses), so saving a draft or editing a live story does not lock it.
 * A truncate empties the count at once: PostgreSQL refuses to truncate a table with moves still pending, so no
 * deferred move can land on the 0 afterwards.
 */
/** The count from the stories themselves: at install, and after a restore (src/ops/logicalBackup.ts). */
export const COUNT_PUBLIC_STORIES_SQL = `insert into ${PUBLIC_STORY_COUNT_TABLE} (id, n) select 1, count(*)::int from articles where ${PUBLICLY_VISIBLE}
  on conflict (id) do update set n = excluded.n;`

export const INSTALL_PUBLIC_STORY_COUNT = `
create table if not exists ${PUBLIC_STORY_COUNT_TABLE} (id integer primary key not null, n integer not null);
lock table articles in share row exclusive mode;
create or replace function public_story_count_moves() returns trigger language plpgsql as $$
begin
  update ${PUBLIC_STORY_COUNT_TABLE} set n = n + case
    when tg_op = 'INSERT' then 1
    when tg_op = 'DELETE' then -1
    when ${isPublic('new')} then 1
    else -1
  end where id = 1;
  return null;
end $$;
create or replace function public_story_count_emptied() returns trigger language plpgsql as $$
begin
  update ${PUBLIC_STORY_COUNT_TABLE} set n = 0 where id = 1;
  return null;
end $$;
${installTriggersStatements(PUBLIC_STORY_COUNT_TRIGGERS)}
${COUNT_PUBLIC_STORIES_SQL}
`

/** What the migration's `down` runs (the table itself goes with the schema it belongs to). */
export const REMOVE_PUBLIC_STORY_COUNT_TRIGGERS = removeTriggersStatements(PUBLIC_STORY_COUNT_TRIGGERS)

/** The statement that reads the count, for use inside a larger query. */
export const READ_PUBLIC_STORY_COUNT = `(select n from ${PUBLIC_STORY_COUNT_TABLE} where id = 1)`
