// The number of public stories ("totalDocs" of every public list), kept in one row instead of counted per request:
// counting, even index-only over articles_public_stories_idx, grows with the archive (a quarter of a millisecond
// at 10,000 stories, tens of ms at a million). The row is kept by triggers on `articles`, so it changes in the
// same transaction as the story and no write path (Payload, jobs, SQL, a restore) can leave it behind.
//
// Exact at all times: "public" for a story is `_status = 'published' and deleted_at is null` (PUBLICLY_VISIBLE),
// which changes only by a write to the row. Nothing about it depends on the clock: a scheduled story becomes
// published by the job's write, and an ended licence withholds photos and credits, never a story.
//
// Where it comes from: the tables (the count's, and that of the moves waiting for their commit) are part of the
// schema (added below, so pushed databases and generated migrations both have them); the triggers are not something
// drizzle can declare, so they are hand-written schema (src/db/handWrittenSchema.ts): copied into the initial
// migration for production, applied after each schema push in development and tests.
import { bigserial, integer, pgTable } from '@payloadcms/db-postgres/drizzle/pg-core'

import { addTables } from '../db/schemaAdditions'
import { installTriggersStatements, oncePerStatementWithItsRows, removeTriggersStatements, type Trigger } from '../db/triggerStatements'
import { PUBLICLY_VISIBLE } from './publicStoriesIndex'

export const PUBLIC_STORY_COUNT_TABLE = 'public_story_count'
/** The moves of the count that wait for their transaction's commit: empty whenever no transaction is open. */
export const PUBLIC_STORY_COUNT_PENDING_TABLE = 'public_story_count_pending'

/** afterSchemaInit: the one-row table (id is always 1) that holds the count, and the moves waiting to be applied. */
export const addPublicStoryCountTable = addTables([
  pgTable(PUBLIC_STORY_COUNT_TABLE, {
    id: integer('id').primaryKey(),
    n: integer('n').notNull(),
  }),
  pgTable(PUBLIC_STORY_COUNT_PENDING_TABLE, {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    delta: integer('delta').notNull(),
  }),
])

/** PUBLICLY_VISIBLE on the row aliased `row`. */
const isPublic = (row: string) => PUBLICLY_VISIBLE.replace(/(_status|deleted_at)/g, `${row}.$1`)

const PUBLIC_STORY_COUNT_TRIGGERS: Trigger[] = [
  ...(['insert', 'update', 'delete'] as const).map((change) =>
    oncePerStatementWithItsRows({ name: `public_story_count_on_${change}`, table: 'articles', change, execute: 'public_story_count_notes_the_move' }),
  ),
  { name: 'public_story_count_on_truncate', table: 'articles', after: ['truncate'], forEach: 'statement', execute: 'public_story_count_emptied' },
  {
    name: 'public_story_count_at_commit',
    table: PUBLIC_STORY_COUNT_PENDING_TABLE,
    after: ['insert'],
    isDeferredToCommit: true,
    execute: 'public_story_count_applies_the_moves',
  },
]

/** The count from the stories themselves: at install, and after a restore (src/ops/logicalBackup.ts). */
export const COUNT_PUBLIC_STORIES_SQL = `insert into ${PUBLIC_STORY_COUNT_TABLE} (id, n) select 1, count(*)::int from articles where ${PUBLICLY_VISIBLE}
  on conflict (id) do update set n = excluded.n;`

/**
 * The table (when the schema did not create it yet), the triggers, and the count taken once from the rows while
 * writes to `articles` wait. Idempotent: run again, it replaces the triggers and takes the count afresh.
 *
 * Two steps, so that a statement over a million rows is one move, and the count's row is locked only at commit:
 * - after each statement on `articles` (a statement-level trigger reading the changed rows), the statement's net
 *   change of the public set, if any, is noted as one pending row. Saving a draft or editing a live story notes
 *   nothing. A statement rolled back (with its transaction or a savepoint) takes its pending row with it.
 * - at commit (a deferred constraint trigger on the pending table), the first of the transaction's pending rows to
 *   fire applies them all in one update of the count and deletes them; the others find their row gone and do
 *   nothing. One update of the count's row per transaction, however many statements: updating one row again and
 *   again in one transaction walks a longer chain of its versions each time (a million per-row updates never end).
 *   Locked only for the moment of the commit, after every story row the transaction locks, so two transactions
 *   publishing stories in opposite orders cannot deadlock on it.
 * The pending rows a transaction can see are its own: another's are never committed (they are deleted before it
 * commits) and uncommitted ones are invisible. A truncate empties the count at once and deletes the transaction's
 * pending rows (moves of rows that are gone); their deferred triggers then find nothing to apply.
 */
export const INSTALL_PUBLIC_STORY_COUNT = `
create table if not exists ${PUBLIC_STORY_COUNT_TABLE} (id integer primary key not null, n integer not null);
create table if not exists ${PUBLIC_STORY_COUNT_PENDING_TABLE} (id bigserial primary key not null, delta integer not null);
lock table articles in share row exclusive mode;
create or replace function public_story_count_notes_the_move() returns trigger language plpgsql as $$
declare
  moved integer;
begin
  -- Each statement names only the transition tables its trigger has (plpgsql plans a statement when it first runs).
  if tg_op = 'INSERT' then
    select count(*) into moved from new_rows n where ${isPublic('n')};
  elsif tg_op = 'DELETE' then
    select -count(*) into moved from old_rows o where ${isPublic('o')};
  else
    select (select count(*) from new_rows n where ${isPublic('n')}) - (select count(*) from old_rows o where ${isPublic('o')}) into moved;
  end if;
  if moved <> 0 then
    insert into ${PUBLIC_STORY_COUNT_PENDING_TABLE} (delta) values (moved);
  end if;
  return null;
end $$;
create or replace function public_story_count_applies_the_moves() returns trigger language plpgsql as $$
declare
  moved bigint;
begin
  -- Gone: applied with the transaction's first pending row, or deleted by a truncate. (The row image is passed anyway.)
  if not exists (select from ${PUBLIC_STORY_COUNT_PENDING_TABLE} where id = new.id) then
    return null;
  end if;
  with applied as (delete from ${PUBLIC_STORY_COUNT_PENDING_TABLE} returning delta)
  select sum(delta) into moved from applied;
  if moved <> 0 then
    update ${PUBLIC_STORY_COUNT_TABLE} set n = n + moved where id = 1;
  end if;
  return null;
end $$;
create or replace function public_story_count_emptied() returns trigger language plpgsql as $$
begin
  delete from ${PUBLIC_STORY_COUNT_PENDING_TABLE};
  update ${PUBLIC_STORY_COUNT_TABLE} set n = 0 where id = 1;
  return null;
end $$;
${installTriggersStatements(PUBLIC_STORY_COUNT_TRIGGERS)}
-- What the triggers of the same names ran before they moved the count once per statement (pushed databases had it).
drop function if exists public_story_count_moves();
${COUNT_PUBLIC_STORIES_SQL}
`

/** What the migration's `down` runs (the table itself goes with the schema it belongs to). */
export const REMOVE_PUBLIC_STORY_COUNT_TRIGGERS = removeTriggersStatements(PUBLIC_STORY_COUNT_TRIGGERS)

/** The statement that reads the count, for use inside a larger query. */
export const READ_PUBLIC_STORY_COUNT = `(select n from ${PUBLIC_STORY_COUNT_TABLE} where id = 1)`
