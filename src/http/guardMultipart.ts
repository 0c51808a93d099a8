// Uploads, checked before Payload sees them: a size limit answered with a JSON 413, and a broken
// `_payload` field answered with a 400 (Payload parses it unguarded and would answer 500).
import type { NextFunction, Response } from 'express'

import { sendError } from './errors'
import type { RequestWithRawBody } from './requireValidJson'

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`

/** The `_payload` text field of a multipart body, or undefined when there is none. */
export function findPayloadField(body: Buffer, boundary: string): string | undefined {
  const delimiter = Buffer.from(`--${boundary}`)
  let start = body.indexOf(delimiter)
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length)
    if (next === -1) return undefined
    const part = body.subarray(start + delimiter.length, next)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('latin1')
      if (/content-disposition:[^\r\n]*\bname="_payload"/i.test(headers)) {
        // The part ends with the CRLF that precedes the next delimiter.
        return part.subarray(headerEnd + 4, Math.max(headerEnd + 4, part.length - 2)).toString('utf8')
      }
    }
    start = next
  }
  return undefined
}

const boundaryOf = (contentType: string) => /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)?.slice(1).find(Boolean)?.trim()

export function guardMultipart({ maxBytes }: { maxBytes: number }) {
  // Room for the other form fields around the file.
  const maxBodyBytes = maxBytes + 1024 * 1024
  const tooLarge = (res: Response) =>
    sendError(res, 413, `The upload is larger than the ${megabytes(maxBytes)} allowed. Resize or compress the file and try again.`)

  return async (req: RequestWithRawBody, res: Response, next: NextFunction): Promise<void> => {
    const contentType = req.headers['content-type'] ?? ''
    if (!/^multipart\/form-data/i.test(contentType) || req.method === 'GET' || req.method === 'HEAD') return next()
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) {
      res.setHeader('Connection', 'close')
      return tooLarge(res)
    }
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length
        if (size > maxBodyBytes) {
          res.setHeader('Connection', 'close')
          return tooLarge(res)
        }
        chunks.push(chunk as Buffer)
      }
    } catch {
      return sendError(res, 400, 'The upload was interrupted before it was complete. Try again.')
    }
    const body = Buffer.concat(chunks)
    const boundary = boundaryOf(contentType)
    if (!boundary) return sendError(res, 400, 'The multipart body has no boundary. Send the form as multipart/form-data.')
    const fields = findPayloadField(body, boundary)
    if (fields !== undefined && fields.trim() !== '') {
      try {
        JSON.parse(fields)
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error)
        return sendError(res, 400, `The “_payload” field of the upload is not valid JSON (${detail}). Send the document’s fields as a JSON object.`)
      }
    }
    req.rawBody = body
    next()
  }
}
