import type { Payload } from 'payload'
import type { Pool, PoolClient } from 'pg'

type PoolInternals = Pool & { _clients?: PoolClient[]; _idle?: { client?: PoolClient }[] }

export function databasePool(payload: Payload): Pool {
  return (payload.db as unknown as { pool: Pool }).pool
}

/**
 * Shuts Payload down and ends its pool. db-postgres checks one client out at connect and never returns it
 * (payload#15674), so `pool.end()` alone would wait forever.
 */
export async function closePayload(payload: Payload): Promise<void> {
  const pool = databasePool(payload) as PoolInternals | undefined
  await payload.destroy().catch(() => {})
  if (!pool || pool.ended) return
  const idle = new Set((pool._idle ?? []).map((entry) => entry.client ?? entry))
  for (const client of pool._clients ?? []) {
    if (!idle.has(client)) client.release()
  }
  await pool.end().catch(() => {})
}

/** db-postgres adds no pool error listener: without one, a database restart crashes the process. */
export function survivePoolErrors(payload: Payload): void {
  databasePool(payload)?.on('error', (error) => {
    payload.logger.warn(`Database connection lost (${error.message}); the pool will reconnect on demand.`)
  })
}
