// The two ways features add to the database schema that Payload builds from the collections (drizzle's
// beforeSchemaInit / afterSchemaInit hooks): plain tables of their own, and partial indexes on Payload's tables.
// Being schema, they reach pushed databases and generated migrations alike.
import { getTableName, sql } from '@payloadcms/db-postgres/drizzle'
import { index } from '@payloadcms/db-postgres/drizzle/pg-core'
import type { PostgresSchemaHook } from '@payloadcms/drizzle/postgres'

/** A table as the schema holds it, whatever its columns. */
type SchemaTable = Awaited<ReturnType<PostgresSchemaHook>>['tables'][string]

/** A schema hook that adds plain tables (no Payload collection: nobody reads or writes them over the API). */
export const addTables =
  (tables: SchemaTable[]): PostgresSchemaHook =>
  ({ schema }) => ({
    ...schema,
    tables: { ...schema.tables, ...Object.fromEntries(tables.map((table) => [getTableName(table), table])) },
  })

type PartialIndex = {
  /** The index's name, and its key in the table's extra config. */
  name: string
  /** One of Payload's tables, by its database name. */
  table: string
  /** The indexed column, by its key in Payload's table (`parent`, whose column is `parent_id`). */
  column: string
  /** The rows the index holds, as SQL on the table's columns. */
  where: string
}

/** A schema hook (after Payload's tables exist) that adds a partial index on one column of one of them. */
export const addPartialIndex =
  ({ name, table, column, where }: PartialIndex): PostgresSchemaHook =>
  ({ schema, extendTable }) => {
    const columns = (schema.tables as unknown as Record<string, Record<string, unknown>>)[table]
    if (!columns?.[column]) throw new Error(`The index ${name} needs the ${column} column of the ${table} table; was the field renamed?`)
    extendTable({
      table: columns as never,
      extraConfig: (t: Record<string, unknown>) => ({ [name]: index(name).on(t[column] as never).where(sql.raw(where)) }),
    })
    return schema
  }
