// The count under every public list ("totalDocs" of a front page's list) reads only the index below: the published,
// untrashed stories' ids, a few pages even over an archive of a million, instead of every row of `articles` (wide:
// the body and its search text live there). Part of the schema (drizzle's extra config), so pushed databases and
// generated migrations both have it.
import { sql } from '@payloadcms/db-postgres/drizzle'
import { index } from '@payloadcms/db-postgres/drizzle/pg-core'
import type { PostgresSchemaHook } from '@payloadcms/drizzle/postgres'

/** What anonymous callers may read (the rule "published or signed in", src/access/rules.ts), minus the trash. */
export const PUBLICLY_VISIBLE = `_status = 'published' and deleted_at is null`

/** afterSchemaInit: a partial index of the public stories' ids, so counting them is an index-only scan. */
export const addPublicStoriesIndex: PostgresSchemaHook = ({ schema, extendTable }) => {
  const articles = (schema.tables as unknown as Record<string, Record<string, unknown>>).articles
  if (!articles?.id) throw new Error('The public stories index needs the articles table.')
  extendTable({
    table: articles as never,
    extraConfig: (t: Record<string, unknown>) => ({
      articles_public_stories_idx: index('articles_public_stories_idx')
        .on(t.id as never)
        .where(sql.raw(PUBLICLY_VISIBLE)),
    }),
  })
  return schema
}
