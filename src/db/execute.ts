import { sql } from '@payloadcms/db-postgres/drizzle'
import type { PayloadRequest } from 'payload'

type Executor = { execute: (query: unknown) => Promise<{ rows: Record<string, unknown>[] }> }
type Sessions = Record<string, { db: Executor } | undefined>

/** A timestamp column as a raw statement returns it: Payload's drizzle hands back PostgreSQL's text, plain pg a Date. */
export type SqlTimestamp = string | Date

/**
 * Runs raw SQL inside the request's transaction (so it commits or rolls back with the write). `Row` is the shape
 * of what the statement selects, named as PostgreSQL names the columns (aliases included); nothing checks it at run
 * time, so keep it beside the statement it describes.
 */
export async function executeSql<Row extends object = Record<string, unknown>>(req: PayloadRequest, statement: string): Promise<Row[]> {
  const adapter = req.payload.db as unknown as { drizzle: Executor; sessions: Sessions }
  const transactionId = req.transactionID ? await req.transactionID : undefined
  const db = (transactionId !== undefined && adapter.sessions[String(transactionId)]?.db) || adapter.drizzle
  const result = await db.execute(sql.raw(statement))
  return result.rows as Row[]
}
