import type { Request, Response } from 'express'
import type { Payload } from 'payload'

const DATABASE_TIMEOUT_MS = 2000

async function isDatabaseReachable(payload: Payload): Promise<boolean> {
  const pool = (payload.db as unknown as { pool: import('pg').Pool }).pool
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS).unref())
  const probe = pool.query('select 1').then(
    () => true,
    () => false,
  )
  return Promise.race([probe, timeout])
}

/** Liveness and readiness in one: 200 while the database answers, 503 while it does not. */
export function healthHandler(payload: Payload) {
  return async (_req: Request, res: Response) => {
    const database = (await isDatabaseReachable(payload)) ? 'up' : 'down'
    res
      .status(database === 'up' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: database === 'up' ? 'ok' : 'unavailable', database })
  }
}
