import { sql } from '@payloadcms/db-postgres/drizzle'
import type { PayloadRequest } from 'payload'

type Executor = { execute: (query: unknown) => Promise<{ rows: Record<string, unknown>[] }> }
type Sessions = Record<string, { db: Executor } | undefined>

/** Runs raw SQL inside the request's transaction (so it commits or rolls back with the write). */
export async function executeSql(req: PayloadRequest, statement: string): Promise<Record<string, unknown>[]> {
  const adapter = req.payload.db as unknown as { drizzle: Executor; sessions: Sessions }
  const transactionId = req.transactionID ? await req.transactionID : undefined
  const db = (transactionId !== undefined && adapter.sessions[String(transactionId)]?.db) || adapter.drizzle
  const result = await db.execute(sql.raw(statement))
  return result.rows
}
