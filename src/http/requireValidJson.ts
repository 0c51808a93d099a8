// Payload parses JSON bodies itself and answers a broken one with a 500; a client error deserves a 400.
import type { NextFunction, Request, Response } from 'express'

import { sendError } from './errors'

export const MAX_JSON_BYTES = 2 * 1024 * 1024

export type RequestWithRawBody = Request & { rawBody?: Buffer }

const isJson = (req: Request) => (req.headers['content-type'] ?? '').toLowerCase().includes('application/json')

async function readBody(req: Request, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += chunk.length
    if (size > limit) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Buffers JSON bodies, refuses malformed ones with a readable 400, and keeps the bytes for Payload. */
export async function requireValidJson(req: RequestWithRawBody, res: Response, next: NextFunction): Promise<void> {
  if (req.method === 'GET' || req.method === 'HEAD' || !isJson(req)) return next()
  const body = await readBody(req, MAX_JSON_BYTES)
  if (body === null) {
    return sendError(res, 413, `The request body is larger than the ${MAX_JSON_BYTES / 1024 / 1024} MB allowed for JSON.`)
  }
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
  }
  req.rawBody = body
  next()
}
