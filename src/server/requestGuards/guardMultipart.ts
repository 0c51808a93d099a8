// Uploads, checked before Payload sees them: a size limit answered with a JSON 413 before the body is stored,
// and a body Payload would choke on (500) answered with a 400 that says what to send. The parts are read with
// busboy, the parser Payload itself uses, so both see the same fields.
import type { IncomingHttpHeaders } from 'node:http'

import busboy from 'busboy'
import type { NextFunction, Response } from 'express'

import { jsonLimitProblem, type JsonLimits } from './jsonLimits'
import { readableSize, readBodyWithin } from './readBody'
import type { RequestWithRawBody } from './requireValidJson'
import { sendError } from '../errors'

/** Why the `_payload` text is not the JSON object Payload expects, or null when it is. */
function payloadFieldProblem(text: string, limits: JsonLimits): string | null {
  if (text.trim() === '') return null
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    return `The “_payload” field of the upload is not valid JSON (${detail}). Send the document’s fields as a JSON object.`
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return 'The “_payload” field of the upload must be a JSON object, like {"alt": "…"}.'
  }
  return jsonLimitProblem(parsed, limits)
}

/** The first reason Payload could not take this multipart body, as a sentence, or null when it can. */
export function multipartProblem(body: Buffer, headers: IncomingHttpHeaders, limits: JsonLimits): Promise<string | null> {
  return new Promise((resolve) => {
    let problem: string | null = null
    let payloadFields = 0
    let fileParts = 0
    const note = (found: string) => {
      problem ??= found
    }
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers })
    } catch (error) {
      resolve(`The multipart body cannot be read (${error instanceof Error ? error.message : String(error)}). Send the form as multipart/form-data with a boundary.`)
      return
    }
    parser.on('field', (name, value, info) => {
      if (name === '_payload') {
        payloadFields += 1
        if (info.valueTruncated) return note(`The “_payload” field is larger than the ${readableSize(1024 * 1024)} allowed.`)
        const problem = payloadFieldProblem(value, limits)
        if (problem) note(problem)
      } else if (name === 'file') {
        note('The “file” part is a text field, not a file. Send the file itself as a file part (with a filename).')
      }
    })
    parser.on('file', (name, stream) => {
      fileParts += 1
      // A file cut off by the end of the body fails on its own stream too (the parser's error reports it).
      stream.on('error', () => {})
      stream.resume()
      if (name === '_payload') note('The “_payload” part is a file; send the document’s fields as a text field holding a JSON object.')
    })
    parser.on('error', (error) => {
      note(`The multipart body is malformed or incomplete (${error instanceof Error ? error.message : String(error)}). Send the whole form again.`)
      resolve(problem)
    })
    parser.on('close', () => {
      if (payloadFields > 1) note('The upload has more than one “_payload” field; send the document’s fields once, as one JSON object.')
      // Payload reads the document only from `_payload`; with neither it nor a file there is nothing to write.
      if (payloadFields === 0 && fileParts === 0) {
        note('The form is empty. Send the document’s fields as a “_payload” text field holding a JSON object, a file, or both.')
      }
      resolve(problem)
    })
    parser.end(body)
  })
}

export function guardMultipart({ maxBytes, limits }: { maxBytes: number; limits: JsonLimits }) {
  // Room for the other form fields around the file.
  const maxBodyBytes = maxBytes + 1024 * 1024
  const tooLargeMessage = `The upload is larger than the ${readableSize(maxBytes)} allowed. Resize or compress the file and try again.`

  return async (req: RequestWithRawBody, res: Response, next: NextFunction): Promise<void> => {
    const body = await readBodyWithin(req, res, { maxBytes: maxBodyBytes, tooLargeMessage })
    if (!body) return
    const problem = await multipartProblem(body, req.headers, limits)
    if (problem) return sendError(res, 400, problem)
    req.rawBody = body
    next()
  }
}
