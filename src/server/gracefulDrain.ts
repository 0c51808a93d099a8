// Graceful drain of a web process on SIGTERM, for rolling restarts behind a load balancer (HAProxy): the listening
// socket closes at once (no new connection is accepted; HAProxy redispatches a refused connection to another
// process), /healthz answers 503, requests in flight finish, and every keep-alive connection is closed after its
// current response. The process then stops, at the latest after the drain's time bound.
import type { Server, ServerResponse } from 'node:http'

export type Drain = {
  /** True from the start of the drain: /healthz answers 503 so a load balancer stops routing here. */
  isDraining: () => boolean
  /** Requests being answered now. */
  inFlight: () => number
  /** Starts draining; resolves with true once every request in flight has been answered, false at the time bound. */
  drain: (options: { timeoutMs: number }) => Promise<boolean>
}

/** Counts the server's requests from now on; call right after creating the server, before it listens. */
export function drainable(server: Server): Drain {
  const answering = new Set<ServerResponse>()
  let isDraining = false
  let onIdle: (() => void) | null = null

  // One function for every response (not a closure each): this runs on every request, cache hits included.
  function onAnswered(this: ServerResponse) {
    answering.delete(this)
    if (!isDraining) return
    // The connection becomes idle once the response has been written out: close it then.
    setImmediate(() => server.closeIdleConnections())
    if (answering.size === 0) onIdle?.()
  }

  // First among the request listeners: a response the cache sends synchronously must already carry the header.
  server.prependListener('request', (_req, res) => {
    answering.add(res)
    // A request that arrived on a kept-alive connection during the drain is answered, then the connection closes.
    if (isDraining) res.setHeader('Connection', 'close')
    // 'close' is emitted once per response.
    res.on('close', onAnswered)
  })

  return {
    isDraining: () => isDraining,
    inFlight: () => answering.size,
    drain: ({ timeoutMs }) => {
      isDraining = true
      for (const res of answering) if (!res.headersSent) res.setHeader('Connection', 'close')
      // Stops accepting connections and closes the idle kept-alive ones; busy ones close after their response.
      server.close()
      server.closeIdleConnections()
      if (answering.size === 0) return Promise.resolve(true)
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs)
        timer.unref()
        onIdle = () => {
          clearTimeout(timer)
          resolve(true)
        }
      })
    },
  }
}
