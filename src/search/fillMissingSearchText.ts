// Stories saved before full-text search existed have no search text: this fills it in SQL, in batches, without
// re-saving them through Payload (which would run the workflow's hooks and add versions). The text is the one
// storySearchText builds: headline, dek, bylines, hero caption, body text, and the images' captions and credits.
import type { PayloadRequest, TaskConfig } from 'payload'

import { executeSql } from '../db/execute'
import { SEARCH_TEXT_MAX_CHARACTERS } from './storySearchText'

const BATCH = 1000
// Per run: a million-story archive is filled in about an hour of five-minute runs, each a few seconds long.
const BATCHES_PER_RUN = 20

type Table = { table: string; prefix: string; contributors: string; rels: string; imagesPath: string }

const TABLES: Table[] = [
  { table: 'articles', prefix: '', contributors: 'articles_contributors', rels: 'articles_rels', imagesPath: 'images' },
  { table: '_articles_v', prefix: 'version_', contributors: '_articles_v_version_contributors', rels: '_articles_v_rels', imagesPath: 'version.images' },
]

const fillStatement = ({ table, prefix, contributors, rels, imagesPath }: Table) => `
update ${table} s set ${prefix}search_text = left(concat_ws(E'\\n',
    s.${prefix}title, s.${prefix}dek,
    (select string_agg(concat_ws(' ', c.name, c.role), E'\\n' order by c._order) from ${contributors} c where c._parent_id = s.id),
    s.${prefix}hero_caption,
    (select string_agg(t #>> '{}', E'\\n') from jsonb_path_query(s.${prefix}body, 'strict $.**.text') t where jsonb_typeof(t) = 'string'),
    (select string_agg(concat_ws(E'\\n', m.caption, m.alt, pc.credit_line, pc.photographer), E'\\n' order by r."order")
       from ${rels} r join media m on m.id = r.media_id left join photo_credits pc on pc.id = m.credit_id
      where r.parent_id = s.id and r.path = '${imagesPath}')
  ), ${SEARCH_TEXT_MAX_CHARACTERS})
where s.id in (select id from ${table} where ${prefix}search_text is null order by id limit ${BATCH})`

/** Fills the search text of up to `batches` × 1000 stories and versions that have none; returns how many. */
export async function fillMissingSearchText({ req, batches = BATCHES_PER_RUN }: { req: PayloadRequest; batches?: number }): Promise<number> {
  let filled = 0
  for (const table of TABLES) {
    for (let batch = 0; batch < batches; batch++) {
      const rows = await executeSql<{ id: number }>(req, `${fillStatement(table)} returning s.id`)
      filled += rows.length
      if (rows.length < BATCH) break
    }
  }
  return filled
}

export const fillMissingSearchTextTask: TaskConfig = {
  slug: 'fillMissingSearchText',
  schedule: [{ cron: '*/5 * * * *', queue: 'default' }],
  handler: async ({ req }) => ({ output: { filled: await fillMissingSearchText({ req }) } }),
} as TaskConfig
