// HTTP caching for anonymous reads of published content: strong ETags, shared Cache-Control, 304s, and an
// in-memory response cache invalidated by document keys. Responses that depend on a user are never shared.
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

import type { NextFunction, Request, RequestHandler, Response } from 'express'

import type { ResponseCache } from './responseCache'
import { readFromReplicaWherePossible } from '../readReplica/readRouting'
import { allowListedOrigin, isListedOrigin, VARY_PUBLIC } from '../server/cors'
import { hasCredentials, isDraftRequest, PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from '../access/requestIdentity'
import { isApiPath, securityHeadersFor } from '../server/securityHeaders'
import { edgeHeaders, type EdgeCacheSettings } from '../edgeCache/edgeRules'

export type Produced = {
  status: number
  body: Buffer
  contentType: string
  /** Document keys the body contains; only for status 200. */
  tags: string[]
  headers?: Record<string, string>
  /** When the body stops being true (a photo licence in it ends), in ms since the epoch; see contentRoutes. */
  expiresAt?: number
}

export type Producer = (req: Request, options: { isPublic: boolean }) => Promise<Produced>

export const strongEtag = (body: Buffer): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`

const matchesEtag = (header: string | undefined, etag: string): boolean => {
  if (!header) return false
  // The common case (a client revalidating the copy it got from here) without splitting the header.
  if (header === etag) return true
  if (header.trim() === '*') return true
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)
}

type Sendable = { body: Buffer; contentType: string; etag: string; tags: string[]; expiresAt?: number }
/** Where an edge cache is in front (EDGE_CACHE): public responses then carry its headers. */
type Edge = EdgeCacheSettings | null

const FRESH_SECONDS = 60
const STALE_SECONDS = 300

/**
 * The shared Cache-Control of a public response: browsers and CDNs may keep it for a minute and serve it stale
 * for five more while revalidating, but never past `expiresAt` (a photo licence in it ends), so no cache
 * anywhere shows the image after its licence ended.
 */
export function publicCacheControl(expiresAt: number | undefined, now: number = Date.now()): string {
  if (expiresAt === undefined) return PUBLIC_CACHE_CONTROL
  const remaining = Math.floor((expiresAt - now) / 1000)
  if (remaining >= FRESH_SECONDS + STALE_SECONDS) return PUBLIC_CACHE_CONTROL
  if (remaining <= 0) return 'no-store'
  const fresh = Math.min(FRESH_SECONDS, remaining)
  const stale = remaining - fresh
  return `public, max-age=${fresh}${stale > 0 ? `, stale-while-revalidate=${stale}` : ''}`
}

/** The Content-Type Express's `res.type()` would send: JSON and text declare their charset. */
export const contentTypeHeader = (type: string): string =>
  /;\s*charset=/i.test(type) || !/^(?:text\/|application\/json\s*(?:;|$))/i.test(type) ? type : `${type}; charset=utf-8`

// Node's own header calls rather than res.set()/res.send(): this runs for every cache hit, also before Express
// has seen the request, and send() would only re-derive what is known here (Node leaves out the body of a HEAD
// itself; an ETag match is already answered).
function sendPublic(req: IncomingMessage, res: ServerResponse, { body, contentType, etag, tags, expiresAt }: Sendable, state: string, edge: Edge) {
  res.setHeader('ETag', etag)
  if (edge?.isOn) {
    // The edge keeps only what this process's cache keeps (a BYPASS may predate a change it has not heard of).
    for (const [name, value] of Object.entries(edgeHeaders({ tags, expiresAt, isKeepable: state !== 'BYPASS', settings: edge }))) res.setHeader(name, value)
  } else res.setHeader('Cache-Control', expiresAt === undefined ? PUBLIC_CACHE_CONTROL : publicCacheControl(expiresAt))
  res.setHeader('X-Cache', state)
  res.setHeader('Vary', VARY_PUBLIC)
  allowListedOrigin(req, res)
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.statusCode = 304
    res.end()
    return
  }
  res.statusCode = 200
  res.setHeader('Content-Type', contentType)
  res.setHeader('Content-Length', body.length)
  res.end(body)
}

function sendUncached(req: Request, res: Response, produced: Produced, cacheControl: string) {
  allowListedOrigin(req, res)
  res.vary('Origin')
  // end(), not send(): Express would add a weak ETag to a response that must not be revalidated or shared.
  res.status(produced.status).set({ 'Cache-Control': cacheControl, ...produced.headers }).type(produced.contentType).end(produced.body)
}

/** Marks responses for signed-in callers and drafts as private before any handler runs. */
export const privateWhenPersonal: RequestHandler = (req, res, next) => {
  if (hasCredentials(req) || isDraftRequest(req)) res.set('Cache-Control', PRIVATE_CACHE_CONTROL)
  next()
}

// At the top of the server `url` is the original URL, as Express's `originalUrl` is further in.
const cacheKey = (req: IncomingMessage & { originalUrl?: string }) => `${req.method === 'HEAD' ? 'GET' : req.method} ${req.originalUrl ?? req.url}`
const isAnonymousRead = (req: IncomingMessage) => (req.method === 'GET' || req.method === 'HEAD') && !hasCredentials(req) && !isDraftRequest(req)

/** A hit's headers as one flat list ([name, value, name, value…]), for `writeHead`: 304 and 200, CORS left out. */
type HitHeaders = { notModified: string[]; ok: string[] }
// Made on an entry's first hit through the fast path, and gone with the entry. Per path kind: the API's responses
// carry a Content-Security-Policy the others do not.
const hitHeadersByEntry = new WeakMap<Sendable, { api?: HitHeaders; other?: HitHeaders }>()

/**
 * The headers `sendPublic` sets for a hit (after the security headers), in the same order, made once per entry
 * instead of one `setHeader` per header on every hit (each validates and lower-cases its name, and the response
 * copies them again when it writes). Only for entries whose headers do not depend on the time (no licence end).
 */
function hitHeadersOf(entry: Sendable, path: string, edge: Edge): HitHeaders {
  const isApi = isApiPath(path)
  let forEntry = hitHeadersByEntry.get(entry)
  const known = isApi ? forEntry?.api : forEntry?.other
  if (known) return known
  const head: string[] = []
  for (const [name, value] of securityHeadersFor(path)) head.push(name, value)
  head.push('ETag', entry.etag)
  if (edge?.isOn) for (const [name, value] of Object.entries(edgeHeaders({ tags: entry.tags, isKeepable: true, settings: edge }))) head.push(name, value)
  else head.push('Cache-Control', PUBLIC_CACHE_CONTROL)
  head.push('X-Cache', 'HIT', 'Vary', VARY_PUBLIC)
  const made = { notModified: head, ok: [...head, 'Content-Type', entry.contentType, 'Content-Length', String(entry.body.length)] }
  if (!forEntry) hitHeadersByEntry.set(entry, (forEntry = {}))
  forEntry[isApi ? 'api' : 'other'] = made
  return made
}

/** Appends the CORS headers `allowListedOrigin` would set after Vary, keeping the order of `sendPublic`. */
function withListedOrigin(req: IncomingMessage, headers: string[], isOk: boolean): string[] {
  const { origin } = req.headers
  if (origin === undefined || !isListedOrigin(origin)) return headers
  const cors = ['Access-Control-Allow-Origin', origin, 'Access-Control-Allow-Credentials', 'true']
  // 200: before Content-Type and Content-Length, the last four entries.
  return isOk ? [...headers.slice(0, -4), ...cors, ...headers.slice(-4)] : [...headers, ...cors]
}

/**
 * Answers an anonymous read that is in the response cache before anything else runs (Express itself, security
 * headers, routing, the API rate limit, the query guards): a hit then costs less than the same bytes from a bare
 * Express route. Returns false, having done nothing, when the request is not such a hit.
 * Skipping the rest is sound because an entry exists only for a URL that already went through all of it as an
 * anonymous read: the query guards gave the same answer for the same URL, and `cachedRead` serves a hit with
 * exactly these headers. Hits are not counted by the rate limit (see SECURITY.md): the limit protects the
 * database and the renderer, which a hit does not touch, and counting it would cost as much as serving it.
 */
export function answerCacheHit(cache: ResponseCache, req: IncomingMessage, res: ServerResponse, edge: Edge = null): boolean {
  if (!isAnonymousRead(req)) return false
  const hit = cache.get(cacheKey(req))
  if (!hit) return false
  const url = req.url ?? '/'
  const queryStart = url.indexOf('?')
  const path = queryStart < 0 ? url : url.slice(0, queryStart)
  if (hit.expiresAt !== undefined) {
    // The same headers securityHeaders would set, without running helmet's chain of middlewares.
    for (const [name, value] of securityHeadersFor(path)) res.setHeader(name, value)
    sendPublic(req, res, hit, 'HIT', edge)
    return true
  }
  // The same headers, in the same order, as the branch above: made once per entry (see hitHeadersOf).
  const headers = hitHeadersOf(hit, path, edge)
  if (matchesEtag(req.headers['if-none-match'], hit.etag)) res.writeHead(304, withListedOrigin(req, headers.notModified, false)).end()
  else res.writeHead(200, withListedOrigin(req, headers.ok, true)).end(hit.body)
  return true
}

/**
 * Serves `produce`'s response: for anonymous published reads from the cache when possible (else stored
 * after producing), for everyone else freshly and privately.
 */
export function cachedRead({ cache, produce, edge = null }: { cache: ResponseCache | null; produce: Producer; edge?: Edge }): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (hasCredentials(req) || isDraftRequest(req)) {
        return sendUncached(req, res, await produce(req, { isPublic: false }), PRIVATE_CACHE_CONTROL)
      }
      const key = cacheKey(req)
      const hit = cache?.get(key)
      if (hit) return sendPublic(req, res, hit, 'HIT', edge)

      const generation = cache?.generation ?? 0
      // The one read allowed on a read replica: once it has replayed every change this process has heard of, and
      // never while a write of this process is still on its way back (committed, answered, not yet heard).
      const readPublicly = () => produce(req, { isPublic: true })
      const produced = await (cache?.hasUncommittedWrites ? readPublicly() : readFromReplicaWherePossible(readPublicly))
      if (produced.status !== 200) return sendUncached(req, res, produced, 'no-store')
      const etag = strongEtag(produced.body)
      // The header value is fixed when stored, not re-derived on every hit.
      const entry = {
        status: 200,
        body: produced.body,
        contentType: contentTypeHeader(produced.contentType),
        etag,
        tags: produced.tags,
        ...(produced.expiresAt === undefined ? {} : { expiresAt: produced.expiresAt }),
      }
      const isStored = cache?.set(key, entry, generation) ?? false
      sendPublic(req, res, entry, isStored ? 'MISS' : 'BYPASS', edge)
    } catch (error) {
      next(error)
    }
  }
}
