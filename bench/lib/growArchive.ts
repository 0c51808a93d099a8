// An archive made in SQL (issue 20: "made in SQL by the bench, not through the importer"): `count` copies of one
// live story, each with its own id, slug, headline, dek, search text and dates, with every row the story has in the
// tables beside it (arrays, relationships, texts) and one latest version with that version's own rows, so the public
// API and the admin serve them as they serve the original. One INSERT … SELECT generate_series per table; the
// secondary indexes of the big tables are dropped first and built again after (a bulk build is several times faster
// than a million index insertions); the foreign-key checks of the tables beside `articles` are off during the load.
import type { BenchPostgres } from './postgres'

type Column = { name: string; type: string; hasDefault: boolean }

const ARTICLE_CHILDREN = ['articles_previous_slugs', 'articles_contributors', 'articles_reader_notes', 'articles_desk_check_waivers', 'articles_texts', 'articles_rels']
const VERSION_CHILDREN = [
  '_articles_v_version_previous_slugs',
  '_articles_v_version_contributors',
  '_articles_v_version_reader_notes',
  '_articles_v_version_desk_check_waivers',
  '_articles_v_texts',
  '_articles_v_rels',
]
// The search tables (src/search/searchIndex.ts) are filled by their triggers, one insert per copied table.
const REINDEXED = ['articles', 'articles_rels', '_articles_v', '_articles_v_rels', 'story_search_live', 'story_search_drafts']

/** The searchable words of copy `i`: one word in every story, one in about a thousand, one in about thirty, one unique. */
export const archiveWords = {
  everywhere: 'archive',
  inAThousand: (n: number) => `topic${n % 997}`,
  inThirtyThousand: (n: number) => `desk${n % 31}`,
  unique: (n: number) => `quokka${n}`,
}
const WORDS_SQL = `'archive topic' || (i % 997) || ' desk' || (i % 31) || ' quokka' || i`

export async function growArchive({ pg, databaseUrl, templateId, count }: { pg: BenchPostgres; databaseUrl: string; templateId: number; count: number }) {
  const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => pg.query<T>(databaseUrl, sql, params)
  const columnsOf = async (table: string): Promise<Column[]> =>
    (
      await q<{ name: string; type: string; has_default: boolean }>(
        `select column_name as name, data_type as type, column_default is not null as has_default
         from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`,
        [table],
      )
    ).map((row) => ({ name: row.name, type: row.type, hasDefault: row.has_default }))

  const [{ article_base: articleBase, version_base: versionBase }] = await q<{ article_base: number; version_base: number }>(
    'select (select max(id) from articles) as article_base, (select max(id) from _articles_v) as version_base',
  )
  const [template] = await q<{ version_id: number }>('select id as version_id from _articles_v where parent_id = $1 and latest', [templateId])
  if (!template) throw new Error(`Story ${templateId} has no latest version to copy.`)

  const indexes = await q<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1) and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [REINDEXED],
  )
  for (const index of indexes) await q(`drop index "${index.name}"`)

  /** insert into `table` one copy per i of the template's rows, with `overrides` (SQL over the row `t` and `i`). */
  const copy = async (table: string, where: string, overrides: Record<string, string>) => {
    const columns = (await columnsOf(table)).filter((column) => !(column.name === 'id' && column.hasDefault && !overrides.id))
    const expression = (column: Column) =>
      overrides[column.name] ?? (column.name === 'id' && column.type === 'character varying' ? `t.id || '-' || i` : `t."${column.name}"`)
    await q(
      `insert into "${table}" (${columns.map((column) => `"${column.name}"`).join(', ')})
       select ${columns.map(expression).join(', ')} from "${table}" t, generate_series(1, $1::int) as i where ${where}`,
      [count],
    )
  }
  // The rows beside a story are copies of the template's, pointing at the copies just inserted: their foreign-key
  // checks (one lookup per row, ~12 million over a million stories) are switched off for the load and on again after.
  // Only on those tables: a trigger on `articles` itself (e.g. a count kept in step) still runs for every copy.
  const childTables = [...ARTICLE_CHILDREN, ...VERSION_CHILDREN]
  // `enable trigger all` afterwards puts every trigger back in the ordinary mode: those that fire always (the
  // attribution audit's, src/publishGate/auditTriggers.ts) are put back as they were.
  const alwaysOn = await q<{ table_name: string; trigger_name: string }>(
    `select c.relname as table_name, t.tgname as trigger_name from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where not t.tgisinternal and t.tgenabled = 'A' and c.relname = any($1)`,
    [childTables],
  )
  for (const table of childTables) await q(`alter table "${table}" disable trigger all`)
  const articleId = `${articleBase} + i`
  const versionId = `${versionBase} + i`
  // Older than every story already there, one minute apart, the newest copy last.
  const age = `(($1::int - i + 1) * interval '1 minute')`
  const story = (prefix: string) => ({
    [`${prefix}title`]: `'Archive story ' || i || ' on topic' || (i % 997)`,
    [`${prefix}slug`]: `'archive-story-' || i`,
    [`${prefix}dek`]: `'An archived story filed by desk' || (i % 31) || '.'`,
    [`${prefix}import_hash`]: 'null',
    [`${prefix}search_text`]: `'Archive story ' || i || ' An archived story ' || ${WORDS_SQL}`,
    [`${prefix}published_at`]: `t."${prefix}published_at" - ${age}`,
    [`${prefix}updated_at`]: `t."${prefix}updated_at" - ${age}`,
    [`${prefix}created_at`]: `t."${prefix}created_at" - ${age}`,
  })
  const timings: Record<string, number> = {}
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now()
    await work()
    timings[name] = Math.round(performance.now() - started)
  }
  await timed('articles', () => copy('articles', `t.id = ${templateId}`, { id: articleId, ...story('') }))
  for (const table of ARTICLE_CHILDREN) {
    const parent = ['articles_texts', 'articles_rels'].includes(table) ? 'parent_id' : '_parent_id'
    await timed(table, () => copy(table, `t.${parent} = ${templateId}`, { [parent]: articleId }))
  }
  await timed('_articles_v', () =>
    copy('_articles_v', `t.id = ${template.version_id}`, {
      id: versionId,
      parent_id: articleId,
      ...story('version_'),
      updated_at: `t.updated_at - ${age}`,
      created_at: `t.created_at - ${age}`,
      latest: 'true',
      autosave: 'false',
    }),
  )
  for (const table of VERSION_CHILDREN) {
    const parent = ['_articles_v_texts', '_articles_v_rels'].includes(table) ? 'parent_id' : '_parent_id'
    await timed(table, () => copy(table, `t.${parent} = ${template.version_id}`, { [parent]: versionId }))
  }
  for (const table of childTables) await q(`alter table "${table}" enable trigger all`)
  for (const trigger of alwaysOn) await q(`alter table "${trigger.table_name}" enable always trigger "${trigger.trigger_name}"`)
  await q(`select setval(pg_get_serial_sequence('articles', 'id'), (select max(id) from articles))`)
  await q(`select setval(pg_get_serial_sequence('_articles_v', 'id'), (select max(id) from _articles_v))`)
  await timed('indexes', async () => {
    // Two at a time (the machine has two cores).
    const queue = [...indexes]
    await Promise.all([0, 1].map(async () => {
      for (let index = queue.shift(); index; index = queue.shift()) await pg.query(databaseUrl, `set maintenance_work_mem = '256MB'; ${index.definition}`)
    }))
  })
  await timed('analyze', () => q('vacuum analyze'))
  return { timings, articleBase, versionBase }
}
