import type { Request, Response } from 'express'
import type { Payload } from 'payload'

import { isDatabaseReachable } from '../db/isDatabaseReachable'

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
