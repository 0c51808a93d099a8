// Converts between Express (Node streams) and the Fetch Request/Response that Payload's handlers speak.
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'

const BODYLESS_METHODS = new Set(['GET', 'HEAD'])

export function toWebRequest(req: ExpressRequest, body?: Buffer): Request {
  const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item))
    else if (value !== undefined) headers.set(name, value)
  }
  const hasBody = !BODYLESS_METHODS.has(req.method)
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (body ?? (Readable.toWeb(req) as ReadableStream)) : undefined,
    // Node's fetch requires half-duplex for streamed request bodies.
    duplex: 'half',
  } as RequestInit)
}

export async function sendWebResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader('set-cookie', cookies)
  if (!response.body) {
    res.end()
    return
  }
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(response.body as unknown as NodeReadableStream)
      .on('error', reject)
      .pipe(res)
      .on('finish', resolve)
      .on('error', reject)
  })
}
