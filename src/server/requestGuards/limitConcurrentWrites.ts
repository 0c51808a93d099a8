// Payload holds a pooled connection for each write's transaction and, in places (login, some hooks), asks
// the pool for a second one while holding the first. With as many concurrent writes as the pool has
// connections, every write waits for a connection no one will give back: the server hangs. Writes past
// this limit wait their turn here instead, so the pool always has room.
import type { NextFunction, Request, Response } from 'express'

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function limitConcurrentWrites({ max }: { max: number }) {
  let running = 0
  const waiting: (() => void)[] = []
  const release = () => {
    running -= 1
    waiting.shift()?.()
  }
  return (req: Request, res: Response, next: NextFunction): void => {
    if (READS.has(req.method)) return next()
    const start = () => {
      running += 1
      let isReleased = false
      const releaseOnce = () => {
        if (isReleased) return
        isReleased = true
        release()
      }
      res.on('finish', releaseOnce)
      res.on('close', releaseOnce)
      next()
    }
    if (running < max) start()
    else waiting.push(start)
  }
}
