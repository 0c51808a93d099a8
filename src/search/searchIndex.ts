// The GIN indexes that make full-text search of stories fast on an archive of a million: part of the database
// schema itself (drizzle's extra config), so a pushed dev/test database and a generated migration both get them.
import { sql, type SQL } from '@payloadcms/db-postgres/drizzle'
import { index } from '@payloadcms/db-postgres/drizzle/pg-core'
import type { PostgresSchemaHook } from '@payloadcms/drizzle/postgres'

/** The dictionary that stems English ("vigils" → "vigil") and drops stop words. */
export const SEARCH_LANGUAGE = 'english'

/**
 * The indexed expression, spelled the same in the index and in every query (PostgreSQL uses an expression index
 * only for the identical expression). `column` is a trusted column reference, never user input.
 */
export const searchVectorSql = (column: string) => `to_tsvector('${SEARCH_LANGUAGE}'::regconfig, coalesce(${column}, ''))`

type Tables = Record<string, Record<string | symbol, unknown>>

/** afterSchemaInit: one GIN index on the live stories' search text, one on their versions' (drafts are searched there). */
export const addStorySearchIndexes: PostgresSchemaHook = ({ schema, extendTable }) => {
  const tables = schema.tables as unknown as Tables
  const indexOn = (tableName: string, columnKey: string, indexName: string) => {
    const table = tables[tableName]
    if (!table?.[columnKey]) throw new Error(`The search index needs the column ${tableName}.${columnKey}; was the searchText field renamed?`)
    extendTable({
      table: table as never,
      extraConfig: (t: Record<string, unknown>) => ({
        [indexName]: index(indexName).using('gin', sql`to_tsvector('english'::regconfig, coalesce(${t[columnKey] as SQL}, ''))`),
      }),
    })
  }
  indexOn('articles', 'searchText', 'articles_search_text_fts_idx')
  indexOn('_articles_v', 'version_searchText', '_articles_v_version_search_text_fts_idx')
  return schema
}
