import type { Payload } from 'payload'
import type { Pool, PoolClient } from 'pg'

import { endExiftool } from '../photoDesk/writeBack/writeMetadataIntoFile'
import { readReplicasOf } from '../readReplica/replicaPools'

type PoolInternals = Pool & { _clients?: PoolClient[]; _idle?: { client?: PoolClient }[] }

export function databasePool(payload: Payload): Pool {
  return (payload.db as unknown as { pool: Pool }).pool
}

/**
 * Shuts Payload down and ends its pool. db-postgres checks one client out at connect and never returns it
 * (payload#15674), so `pool.end()` alone would wait forever. The photo write-back's exiftool (kept between jobs)
 * ends too: its processes would otherwise outlive Payload and hold a jest worker or a script open.
 */
export async function closePayload(payload: Payload): Promise<void> {
  const pool = databasePool(payload) as PoolInternals | undefined
  const replicas = readReplicasOf(payload)
  await Promise.all([payload.destroy().catch(() => {}), endExiftool().catch(() => {})])
  await replicas?.stop()
  if (!pool || pool.ended) return
  const idle = new Set((pool._idle ?? []).map((entry) => entry.client ?? entry))
  for (const client of pool._clients ?? []) {
    if (!idle.has(client)) client.release()
  }
  await pool.end().catch(() => {})
}

let isDatabaseGoingAway = false

/**
 * Called first by a graceful shutdown: from then on, connections the database closes are expected, not news.
 * (Ctrl-C reaches the embedded PostgreSQL too: it is in the terminal's process group and stops at once.)
 */
export function expectDatabaseToGoAway(): void {
  isDatabaseGoingAway = true
}

/** PostgreSQL's "terminating connection due to administrator command": the server is stopping. */
const ADMIN_SHUTDOWN = '57P01'

// PostgreSQL may act on the same Ctrl-C a moment before this process's own signal handler has run.
export const SHUTDOWN_NOTICE_DELAY_MS = 500

/** Runs `report` for a lost connection, unless the process is shutting down (now, or within the next moment). */
export function reportLostConnection(error: unknown, report: () => void): void {
  if (isDatabaseGoingAway) return
  if ((error as { code?: unknown })?.code !== ADMIN_SHUTDOWN) return report()
  setTimeout(() => {
    if (!isDatabaseGoingAway) report()
  }, SHUTDOWN_NOTICE_DELAY_MS).unref()
}

/**
 * db-postgres adds no error listeners: without them, a database restart crashes the process. The pool
 * reports errors of idle connections; a connection checked out for a transaction emits its own 'error'
 * (node-postgres: "Connection terminated unexpectedly") once its query has failed, and an 'error' event
 * nobody listens to ends the process. That query's caller already gets the error, so the listener only
 * keeps the event from being fatal; the pool discards the dead connection when it is released.
 */
export function survivePoolErrors(payload: Payload): void {
  const pool = databasePool(payload) as PoolInternals | undefined
  if (!pool) return
  pool.on('error', (error) => {
    reportLostConnection(error, () => payload.logger.warn(`Database connection lost (${error.message}); the pool will reconnect on demand.`))
  })
  const keepClientErrorsNonFatal = (client: PoolClient) => client.on('error', () => {})
  pool.on('connect', keepClientErrorsNonFatal)
  // Connections opened before this ran (db-postgres connects, and may push the schema, before onInit).
  for (const client of pool._clients ?? []) keepClientErrorsNonFatal(client)
}
