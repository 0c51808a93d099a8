// Where full-text search of stories reads: two narrow tables of stored word vectors (one row per story), apart from
// the wide story and version rows, each with a GIN index on the vector and a btree on recency. A search then either
// reads the few matches through the GIN index and sorts them, or (a word in most stories) walks the recency index
// and stops at the limit, comparing stored vectors on narrow rows: PostgreSQL chooses by the column's statistics.
// The tables and indexes are part of the database schema (drizzle, so pushed databases and generated migrations get
// them); triggers keep them in step with `articles` and `_articles_v` whoever writes (a save, an autosave, a fill
// in SQL, a bulk load), and are hand-written SQL (STORY_SEARCH_TRIGGERS_SQL) applied by src/db/handWrittenSchema.ts.
import { customType, index, integer, pgTable, timestamp } from '@payloadcms/db-postgres/drizzle/pg-core'
import type { PostgresSchemaHook } from '@payloadcms/drizzle/postgres'

import { installTriggersStatements, oncePerStatementWithItsRows, removeTriggersStatements, type RowChange, type Trigger } from '../db/triggerStatements'

/** The dictionary that stems English ("vigils" → "vigil") and drops stop words. */
export const SEARCH_LANGUAGE = 'english'

/**
 * A story's words as PostgreSQL stores them, from its search text. `column` is a trusted column reference, never
 * user input. The triggers below store exactly this, so what matches is what matched when it was computed per query.
 */
export const searchVectorSql = (column: string) => `to_tsvector('${SEARCH_LANGUAGE}'::regconfig, coalesce(${column}, ''))`

/** The live stories' words (`articles.search_text`), read by searches outside the drafts view. */
export const LIVE_SEARCH_TABLE = 'story_search_live'
/** The words of each story's latest version (`_articles_v` where `latest`), read by the admin list (draft=true). */
export const DRAFT_SEARCH_TABLE = 'story_search_drafts'

const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' })

type Tables = Record<string, Record<string | symbol, unknown>>

const searchTable = (name: string, articles: Record<string | symbol, unknown>, withVersion: boolean) =>
  pgTable(
    name,
    {
      storyId: integer('story_id')
        .primaryKey()
        .references(() => articles.id as never, { onDelete: 'cascade' }),
      ...(withVersion ? { versionId: integer('version_id').notNull() } : {}),
      updatedAt: timestamp('updated_at', { mode: 'string', precision: 3, withTimezone: true }).notNull(),
      words: tsvector('words').notNull(),
    },
    (t) => [index(`${name}_words_idx`).using('gin', t.words), index(`${name}_updated_at_idx`).on(t.updatedAt)],
  )

/** afterSchemaInit: the two search tables (the triggers that fill them are STORY_SEARCH_TRIGGERS_SQL). */
export const addStorySearchTables: PostgresSchemaHook = ({ schema }) => {
  const tables = schema.tables as unknown as Tables
  const articles = tables.articles
  if (!articles?.id || !articles.searchText || !tables._articles_v?.version_searchText) {
    throw new Error('The search tables need articles.search_text and _articles_v.version_search_text; was the searchText field renamed?')
  }
  tables[LIVE_SEARCH_TABLE] = searchTable(LIVE_SEARCH_TABLE, articles, false) as never
  tables[DRAFT_SEARCH_TABLE] = searchTable(DRAFT_SEARCH_TABLE, articles, true) as never
  return schema
}

// Statement-level triggers with transition tables: a bulk load of a million stories is one insert into each search
// table, not a million. An update that changes neither the text nor the date (or, for versions, `latest`) writes
// nothing. Only the `latest` version of a story is kept; a version that stops being latest leaves only if it was the
// one kept (Payload marks the old one after inserting the new one, or the other way round: both end right).
const live = searchVectorSql('n.search_text')
const draft = searchVectorSql('n.version_search_text')

/** `<prefix>_on_<change>` triggers on `table` that run `<prefix>_follow()` once per statement. */
const followChanges = (prefix: string, table: string, changes: RowChange[]): Trigger[] =>
  changes.map((change) => oncePerStatementWithItsRows({ name: `${prefix}_on_${change}`, table, change, execute: `${prefix}_follow` }))

const STORY_SEARCH_TRIGGERS = [
  ...followChanges('story_search_live', 'articles', ['insert', 'update']),
  ...followChanges('story_search_drafts', '_articles_v', ['insert', 'update', 'delete']),
]

/**
 * The stored words of every story and latest version, from the rows themselves: for stories already there when the
 * triggers arrive, and for a restore from a backup made before these tables existed (src/ops/logicalBackup.ts).
 */
export const FILL_STORY_SEARCH_TABLES_SQL = `insert into ${LIVE_SEARCH_TABLE} (story_id, updated_at, words)
select n.id, n.updated_at, ${live} from articles n
on conflict (story_id) do nothing;
insert into ${DRAFT_SEARCH_TABLE} (story_id, version_id, updated_at, words)
select distinct on (n.parent_id) n.parent_id, n.id, n.updated_at, ${draft} from _articles_v n
where n.latest and n.parent_id is not null
order by n.parent_id, n.id desc
on conflict (story_id) do nothing;`

export const STORY_SEARCH_TRIGGERS_SQL = `
select pg_advisory_xact_lock(hashtext('story search triggers'));

create or replace function story_search_live_follow() returns trigger language plpgsql as $fn$
begin
  -- Each statement names only the transition tables its trigger has (plpgsql plans a statement when it first runs).
  if tg_op = 'INSERT' then
    insert into ${LIVE_SEARCH_TABLE} (story_id, updated_at, words)
    select n.id, n.updated_at, ${live} from new_rows n
    on conflict (story_id) do update set updated_at = excluded.updated_at, words = excluded.words;
  else
    -- Joins of the two transition tables run through EXECUTE, planned for each statement's own rows: a plan kept from
    -- a session's first one-row save is a nested loop, quadratic over a bulk update (20,000 stories: 39 s, not 2).
    execute $sql$
    insert into ${LIVE_SEARCH_TABLE} (story_id, updated_at, words)
    select n.id, n.updated_at, ${live} from new_rows n
    where not exists (
      select 1 from old_rows o where o.id = n.id and o.search_text is not distinct from n.search_text and o.updated_at = n.updated_at)
    on conflict (story_id) do update set updated_at = excluded.updated_at, words = excluded.words$sql$;
  end if;
  return null;
end $fn$;

create or replace function story_search_drafts_follow() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'DELETE' then
    execute $sql$delete from ${DRAFT_SEARCH_TABLE} s using old_rows o where s.version_id = o.id$sql$;
  elsif tg_op = 'INSERT' then
    insert into ${DRAFT_SEARCH_TABLE} (story_id, version_id, updated_at, words)
    select distinct on (n.parent_id) n.parent_id, n.id, n.updated_at, ${draft} from new_rows n
    where n.latest and n.parent_id is not null
    order by n.parent_id, n.id desc
    on conflict (story_id) do update set version_id = excluded.version_id, updated_at = excluded.updated_at, words = excluded.words;
  else
    -- A version that stopped being latest (or moved to another story) leaves, if it was the one kept. (EXECUTE: as
    -- in story_search_live_follow, planned for this statement's rows.)
    execute $sql$
    delete from ${DRAFT_SEARCH_TABLE} s using old_rows o, new_rows n
    where s.version_id = o.id and n.id = o.id and (not coalesce(n.latest, false) or n.parent_id is distinct from o.parent_id)$sql$;
    execute $sql$
    insert into ${DRAFT_SEARCH_TABLE} (story_id, version_id, updated_at, words)
    select distinct on (n.parent_id) n.parent_id, n.id, n.updated_at, ${draft} from new_rows n
    where n.latest and n.parent_id is not null
      and not exists (
        select 1 from old_rows o where o.id = n.id and o.latest and o.parent_id = n.parent_id
          and o.version_search_text is not distinct from n.version_search_text and o.updated_at = n.updated_at)
    order by n.parent_id, n.id desc
    on conflict (story_id) do update set version_id = excluded.version_id, updated_at = excluded.updated_at, words = excluded.words$sql$;
  end if;
  return null;
end $fn$;

${installTriggersStatements(STORY_SEARCH_TRIGGERS)}

-- Stories already there when the triggers arrive (a database made before search tables existed).
${FILL_STORY_SEARCH_TABLES_SQL}
`

export const DROP_STORY_SEARCH_TRIGGERS_SQL = removeTriggersStatements(STORY_SEARCH_TRIGGERS)
