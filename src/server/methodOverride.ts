// Payload lets a read arrive as `POST` with `X-HTTP-Method-Override: GET` and its query in a form body (the
// admin's relationship pickers send long filters that way). Payload reads that body whole, without a limit, and
// everything in front of it took the request for a write: no read rate limit, no query guards for anonymous
// callers. Here such a request becomes the GET it stands for, its body (within a small limit) appended to the
// query, before any guard runs: it then meets exactly the guards and limits of that GET.
import type { NextFunction, Request, Response } from 'express'

import { readableSize, readBodyWithin, refuseUnreadBody, mediaTypeOf } from './requestGuards/readBody'

const OVERRIDE_HEADERS = ['x-http-method-override', 'x-payload-http-method-override'] as const
const FORM = 'application/x-www-form-urlencoded'

export const isReadSentAsPost = (req: Pick<Request, 'method' | 'headers'>): boolean =>
  req.method === 'POST' && OVERRIDE_HEADERS.some((name) => String(req.headers[name] ?? '').trim().toUpperCase() === 'GET')

/** `/api/articles?a=1` with `b=2` → `/api/articles?a=1&b=2` (a `#` in the body stays part of the query). */
export function withQuery(url: string, extra: string): string {
  const queryStart = url.indexOf('?')
  const path = queryStart < 0 ? url : url.slice(0, queryStart)
  const query = [queryStart < 0 ? '' : url.slice(queryStart + 1), extra.replaceAll('#', '%23')].filter(Boolean).join('&')
  return query ? `${path}?${query}` : path
}

export function readOverriddenQuery({ maxBytes }: { maxBytes: number }) {
  const tooLargeMessage = `The query sent in the body of this read is larger than the ${readableSize(maxBytes)} allowed. Narrow the filter, or page through the results.`
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!isReadSentAsPost(req)) return next()
    const type = mediaTypeOf(req)
    if (type !== FORM && type !== '') {
      return refuseUnreadBody(req, res, 415, `A read sent as POST with X-HTTP-Method-Override: GET carries its query as ${FORM}, not ${type}.`)
    }
    const body = await readBodyWithin(req, res, { maxBytes, tooLargeMessage })
    if (!body) return
    const query = body.toString('utf8').trim()
    req.method = 'GET'
    req.url = withQuery(req.url, query)
    req.originalUrl = withQuery(req.originalUrl, query)
    for (const name of [...OVERRIDE_HEADERS, 'content-type', 'content-length', 'transfer-encoding']) delete req.headers[name]
    next()
  }
}
