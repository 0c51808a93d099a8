import type { Payload } from 'payload'

import { databasePool } from './closePayload'

const PROBE_TIMEOUT_MS = 2000

/** Asks the database for `select 1`, giving up after two seconds: false while it is down or unreachable. */
export async function isDatabaseReachable(payload: Payload): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), PROBE_TIMEOUT_MS).unref())
  const probe = databasePool(payload)
    .query('select 1')
    .then(
      () => true,
      () => false,
    )
  return Promise.race([probe, timeout])
}
