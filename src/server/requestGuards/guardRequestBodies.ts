// Every API request body goes through here before Payload: each type the API accepts within its own size limit,
// anything else refused before it is read. Payload would otherwise read any body whole, without a limit, and
// answer one it cannot parse (text/plain, a form, none at all) with a 500.
import type { NextFunction, Response } from 'express'

import { guardMultipart } from './guardMultipart'
import { hasNoBody, mediaTypeOf, refuseUnreadBody } from './readBody'
import { type JsonBodyOptions, type RequestWithRawBody, requireValidJson } from './requireValidJson'

/** Methods whose body Payload reads as the document to write. */
const WRITES = new Set(['POST', 'PATCH', 'PUT'])
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS'])

const EMPTY_DOCUMENT = Buffer.from('{}')

export function guardRequestBodies({ json, uploadMaxBytes }: { json: JsonBodyOptions; uploadMaxBytes: number }) {
  const acceptJson = requireValidJson(json)
  const acceptUpload = guardMultipart({ maxBytes: uploadMaxBytes, limits: json })

  return (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    if (BODYLESS.has(req.method)) return next()
    if (WRITES.has(req.method) && hasNoBody(req)) {
      // Logging out needs no body, whatever type a client names; Payload reads an absent one as "no document" and fails.
      req.headers['content-type'] = 'application/json'
      req.headers['content-length'] = String(EMPTY_DOCUMENT.length)
      req.rawBody = EMPTY_DOCUMENT
      return next()
    }
    const type = mediaTypeOf(req)
    if (type === 'application/json') return acceptJson(req, res, next)
    if (type === 'multipart/form-data') return acceptUpload(req, res, next)
    // A DELETE's body is never read (Node discards it).
    if (!WRITES.has(req.method)) return next()
    const sent = type ? `a body of type “${type}”` : 'a body without a Content-Type'
    refuseUnreadBody(
      req,
      res,
      415,
      `This request has ${sent}. Send the document as JSON (Content-Type: application/json), or an upload as multipart/form-data.`,
    )
  }
}
