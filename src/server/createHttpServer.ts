// The HTTP server in front of the Express app: a cache hit is answered before Express sees the request.
import http, { type Server } from 'node:http'

import type { Express } from 'express'

import type { ContentCache } from '../cache/appResponseCache'
import { answerCacheHit } from '../cache/publicCache'
import { drainable } from './gracefulDrain'
import type { EdgeCache } from '../edgeCache/startEdgeCache'

/**
 * Use this instead of `app.listen()`: a viral story is read thousands of times a second, and most of what a
 * hit would otherwise cost is Express itself (request and response set-up, the router, the middleware chain).
 * Without a response cache it is the plain server `app.listen()` creates.
 */
export function createHttpServer(app: Express): Server {
  const cache = (app.locals.contentCache as ContentCache | null | undefined)?.cache
  const edge = (app.locals.edgeCache as EdgeCache | null | undefined)?.settings ?? null
  const server = cache
    ? http.createServer((req, res) => {
        if (!answerCacheHit(cache, req, res, edge)) app(req, res)
      })
    : http.createServer(app)
  // Read by /healthz (503 while draining) and by the shutdown, which drains the server before the process ends.
  app.locals.drain = drainable(server)
  return server
}
