// The editors' search statement alone, over a search table of N stories made with generate_series (default
// 1,000,000; SEARCH_PLANS_SIZE=…): the words of bench/lib/growArchive.ts, filled through the real triggers by one
// bulk insert (as the archive load does), then each word class searched as the admin list's box sends it, with
// its plan. `node_modules/.bin/tsx bench/searchPlans.ts`. Prints the times; nothing is kept.
import pg from 'pg'

import { startEmbeddedPostgres } from '../src/db/embeddedPostgres'
import { STORY_SEARCH_TRIGGERS_SQL } from '../src/search/searchIndex'
import { storySearchStatement } from '../src/search/searchStories'
import { fullTextQueryOf } from '../src/search/storySearchText'
import { archiveWords } from './lib/growArchive'

const size = Number(process.env.SEARCH_PLANS_SIZE ?? 1_000_000)
const runs = 30
const log = (message: string) => console.log(`[search plans] ${message}`)

// The columns the triggers read, and the search tables as drizzle declares them (src/search/searchIndex.ts).
const SCHEMA = `
create table articles (id serial primary key, updated_at timestamp(3) with time zone not null default now(), search_text varchar);
create table _articles_v (id serial primary key, parent_id integer references articles(id) on delete set null,
  latest boolean, updated_at timestamp(3) with time zone not null default now(), version_search_text varchar);
create index _articles_v_updated_at_idx on _articles_v (updated_at);
create table story_search_live (story_id integer primary key references articles(id) on delete cascade,
  updated_at timestamp(3) with time zone not null, words tsvector not null);
create table story_search_drafts (story_id integer primary key references articles(id) on delete cascade,
  version_id integer not null, updated_at timestamp(3) with time zone not null, words tsvector not null);
`
const INDEXES = `
create index story_search_live_words_idx on story_search_live using gin (words);
create index story_search_live_updated_at_idx on story_search_live (updated_at);
create index story_search_drafts_words_idx on story_search_drafts using gin (words);
create index story_search_drafts_updated_at_idx on story_search_drafts (updated_at);
`
const TEXT = `'Archive story ' || i || ' An archived story archive topic' || (i % 997) || ' desk' || (i % 31) || ' quokka' || i`

const postgres = await startEmbeddedPostgres({ settings: { shared_buffers: '256MB' } })
const client = new pg.Client({ connectionString: await postgres.createDatabase('search_plans') })
try {
  await client.connect()
  const timed = async (label: string, sql: string) => {
    const started = performance.now()
    await client.query(sql)
    log(`${label}: ${Math.round(performance.now() - started)} ms`)
  }
  await client.query(SCHEMA)
  await client.query(STORY_SEARCH_TRIGGERS_SQL)
  const age = `((${size} - i + 1) * interval '1 minute')`
  await timed(`${size} stories (their live search rows by the trigger)`, `insert into articles (id, updated_at, search_text)
    select i, now() - ${age}, ${TEXT} from generate_series(1, ${size}) i`)
  await timed(`${size} latest versions (their draft search rows by the trigger)`, `insert into _articles_v (id, parent_id, latest, updated_at, version_search_text)
    select i, i, true, now() - ${age}, ${TEXT} from generate_series(1, ${size}) i`)
  await timed('search indexes', `set maintenance_work_mem = '256MB'; ${INDEXES}`)
  await timed('vacuum analyze', 'vacuum analyze')

  const words = {
    unique: archiveWords.unique(Math.floor(size / 2)),
    inAThousand: archiveWords.inAThousand(42),
    inThirtyThousand: archiveWords.inThirtyThousand(7),
    everywhere: archiveWords.everywhere,
  }
  for (const [kind, word] of Object.entries(words)) {
    const statement = storySearchStatement({ query: fullTextQueryOf(word)!, isDraft: true })
    const [{ n }] = (await client.query(`select count(*)::int as n from story_search_drafts s where s.words @@ to_tsquery('english', '${fullTextQueryOf(word)}')`)).rows
    const times: number[] = []
    for (let r = 0; r < runs + 1; r++) {
      const started = performance.now()
      await client.query(statement)
      if (r > 0) times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    const p = (q: number) => times[Math.min(times.length - 1, Math.ceil((q / 100) * times.length) - 1)].toFixed(1)
    log(`${kind} (“${word}”, ${n} matches): p50 ${p(50)} ms, p95 ${p(95)} ms`)
    const plan = (await client.query(`explain (analyze, buffers) ${statement}`)).rows.map((row) => `    ${row['QUERY PLAN']}`)
    console.log(plan.join('\n'))
    // The other path, for comparison: the GIN index and a sort of every match (the recency walk ruled out).
    await client.query('begin; set local enable_indexscan = off')
    const forced = (await client.query(`explain (analyze) ${statement}`)).rows.map((row) => row['QUERY PLAN'] as string)
    await client.query('commit')
    log(`  through the GIN index instead: ${forced.find((line) => line.startsWith('Execution Time'))}`)
  }
} finally {
  await client.end().catch(() => {})
  await postgres.stop()
}
