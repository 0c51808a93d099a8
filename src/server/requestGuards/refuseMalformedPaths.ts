// An API address that cannot be decoded (`/api/articles/%E0%A4%A`) or that carries a NUL (`%00`) names no
// document: say so with a 400 before the router, Payload or the database trips over it with a 500.
import type { NextFunction, Request, Response } from 'express'

import { sendError } from '../errors'

/** The problem with a URL's path, as a sentence, or null when it decodes to something a document can be called. */
export function pathProblem(url: string): string | null {
  const queryStart = url.search(/[?#]/)
  const path = queryStart < 0 ? url : url.slice(0, queryStart)
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return 'The address has a malformed percent-encoding (a “%” must be followed by two hex digits that spell UTF-8). Encode the id or slug with encodeURIComponent.'
  }
  if (decoded.includes('\u0000')) return 'The address contains a NUL character (%00), which no id or slug can contain.'
  return null
}

export function refuseMalformedPaths(req: Request, res: Response, next: NextFunction): void {
  const problem = pathProblem(req.originalUrl)
  if (problem) return sendError(res, 400, problem)
  next()
}
