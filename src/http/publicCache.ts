// HTTP caching for anonymous reads of published content: strong ETags, shared Cache-Control, 304s, and an
// in-memory response cache invalidated by document keys. Responses that depend on a user are never shared.
import { createHash } from 'node:crypto'

import type { NextFunction, Request, RequestHandler, Response } from 'express'

import type { ResponseCache } from '../cache/responseCache'
import { hasCredentials, isDraftRequest, PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from './requestIdentity'

export type Produced = {
  status: number
  body: Buffer
  contentType: string
  /** Document keys the body contains; only for status 200. */
  tags: string[]
  headers?: Record<string, string>
}

export type Producer = (req: Request, options: { isPublic: boolean }) => Promise<Produced>

export const strongEtag = (body: Buffer): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`

const matchesEtag = (header: string | undefined, etag: string): boolean => {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)
}

function sendPublic(req: Request, res: Response, { body, contentType, etag }: { body: Buffer; contentType: string; etag: string }, state: string) {
  res.set({ ETag: etag, 'Cache-Control': PUBLIC_CACHE_CONTROL, 'X-Cache': state, Vary: 'Authorization, Cookie' })
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.status(304).end()
    return
  }
  res.status(200).type(contentType).send(body)
}

function sendUncached(res: Response, produced: Produced, cacheControl: string) {
  // end(), not send(): Express would add a weak ETag to a response that must not be revalidated or shared.
  res.status(produced.status).set({ 'Cache-Control': cacheControl, ...produced.headers }).type(produced.contentType).end(produced.body)
}

/** Marks responses for signed-in callers and drafts as private before any handler runs. */
export const privateWhenPersonal: RequestHandler = (req, res, next) => {
  if (hasCredentials(req) || isDraftRequest(req)) res.set('Cache-Control', PRIVATE_CACHE_CONTROL)
  next()
}

/**
 * Serves `produce`'s response: for anonymous published reads from the cache when possible (else stored
 * after producing), for everyone else freshly and privately.
 */
export function cachedRead({ cache, produce }: { cache: ResponseCache | null; produce: Producer }): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (hasCredentials(req) || isDraftRequest(req)) {
        return sendUncached(res, await produce(req, { isPublic: false }), PRIVATE_CACHE_CONTROL)
      }
      const key = `${req.method === 'HEAD' ? 'GET' : req.method} ${req.originalUrl}`
      const hit = cache?.get(key)
      if (hit) return sendPublic(req, res, hit, 'HIT')

      const generation = cache?.generation ?? 0
      const produced = await produce(req, { isPublic: true })
      if (produced.status !== 200) return sendUncached(res, produced, 'no-store')
      const etag = strongEtag(produced.body)
      const entry = { status: 200, body: produced.body, contentType: produced.contentType, etag, tags: produced.tags }
      const isStored = cache?.set(key, entry, generation) ?? false
      sendPublic(req, res, entry, isStored ? 'MISS' : 'BYPASS')
    } catch (error) {
      next(error)
    }
  }
}
