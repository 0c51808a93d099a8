import type { Request, Response } from 'express'
import type { Payload } from 'payload'

import { isDatabaseReachable } from '../db/isDatabaseReachable'
import type { Drain } from './gracefulDrain'

/**
 * Liveness and readiness in one: 200 while the database answers, 503 while it does not, and 503 while the process
 * drains before stopping (a load balancer then sends its requests elsewhere).
 */
export function healthHandler(payload: Payload) {
  return async (req: Request, res: Response) => {
    if ((req.app.locals.drain as Drain | undefined)?.isDraining()) {
      return void res.status(503).set('Cache-Control', 'no-store').json({ status: 'draining' })
    }
    const database = (await isDatabaseReachable(payload)) ? 'up' : 'down'
    res
      .status(database === 'up' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: database === 'up' ? 'ok' : 'unavailable', database })
  }
}
