// Payload parses JSON bodies itself, unbounded, and answers a broken one with a 500; a client error deserves
// a 400 (or a 413) that says what to send.
import type { NextFunction, Request, Response } from 'express'

import { sendError } from '../errors'
import { jsonLimitProblem, type JsonLimits } from './jsonLimits'
import { readableSize, readBodyWithin } from './readBody'

export type RequestWithRawBody = Request & { rawBody?: Buffer }

export type JsonBodyOptions = JsonLimits & { maxBytes: number }

/** Buffers a JSON body within its limits, refuses a malformed one with a readable 400, and keeps the bytes for Payload. */
export function requireValidJson({ maxBytes, ...limits }: JsonBodyOptions) {
  const tooLargeMessage = `The request body is larger than the ${readableSize(maxBytes)} allowed for JSON.`
  return async (req: RequestWithRawBody, res: Response, next: NextFunction): Promise<void> => {
    const body = await readBodyWithin(req, res, { maxBytes, tooLargeMessage })
    if (!body) return
    if (body.length > 0) {
      let parsed: unknown
      try {
        parsed = JSON.parse(body.toString('utf8'))
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error)
        return sendError(res, 400, `The request body is not valid JSON (${detail}). Send a JSON object.`)
      }
      // Payload reads fields off the body: a bare string, number or array would fail deep inside it (500).
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return sendError(res, 400, 'The request body must be a JSON object, like {"title": "…"}.')
      }
      const problem = jsonLimitProblem(parsed, limits)
      if (problem) return sendError(res, 400, problem)
    }
    // Payload recognises JSON only by this exact header ("Application/JSON" or a space before ";" would leave
    // the document unread and the write failing with a 500).
    req.headers['content-type'] = 'application/json'
    req.rawBody = body
    next()
  }
}
