// Reading a request body within a size limit, and refusing one without reading it, so that neither a huge
// body nor the refusal itself can hurt the server or the client's connection.
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'

import type { Response } from 'express'

import { sendError } from '../errors'

/** How long a refused connection keeps discarding what the client still sends before it is closed. */
export const LINGER_MS = 2000

export const readableSize = (bytes: number): string =>
  bytes >= 100 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`

/** The media type of the body, lower-cased and without parameters ("" when none was sent). */
export const mediaTypeOf = (req: Pick<IncomingMessage, 'headers'>): string =>
  (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase()

/** True when the request announces no body at all (no length, or length 0, and not chunked). */
export const hasNoBody = (req: Pick<IncomingMessage, 'headers'>): boolean =>
  !req.headers['transfer-encoding'] && (req.headers['content-length'] === undefined || Number(req.headers['content-length']) === 0)

/**
 * Node destroys a `Connection: close` socket as soon as the answer is written (`destroySoon`). Bytes of the body
 * still unread then make the kernel reset the connection, and a client that is still sending loses the answer
 * before it reads it. Instead this socket half-closes (the client reads the answer, then end of stream), keeps
 * discarding what arrives, and is destroyed when the client closes its side or after LINGER_MS: the "lingering
 * close" of web servers.
 */
function lingerBeforeClosing(socket: Socket): void {
  socket.destroySoon = function destroyAfterLingering(this: Socket) {
    if (this.destroyed) return
    const timer = setTimeout(() => this.destroy(), LINGER_MS)
    timer.unref()
    this.once('close', () => clearTimeout(timer))
    this.end()
  }
}

/**
 * Answers with `status` while (part of) the body is still unread: the connection is closed after the answer
 * (`Connection: close`), never left open for a next request that would start in the middle of this body, and
 * the rest of the body is discarded as it arrives instead of being stored.
 */
export function refuseUnreadBody(req: IncomingMessage, res: Response, status: number, message: string): void {
  res.setHeader('Connection', 'close')
  lingerBeforeClosing(req.socket)
  req.resume()
  sendError(res, status, message)
}

type ReadResult = { body: Buffer } | { problem: 'too-large' | 'interrupted' }

/** Buffers the body until its end, or stops as soon as it passes `maxBytes` (nothing more is kept). */
function readUpTo(req: IncomingMessage, maxBytes: number): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = (result: ReadResult) => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onInterrupted)
      req.off('close', onClose)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        chunks.length = 0
        finish({ problem: 'too-large' })
      } else chunks.push(chunk)
    }
    const onEnd = () => finish({ body: Buffer.concat(chunks, size) })
    const onInterrupted = () => finish({ problem: 'interrupted' })
    const onClose = () => {
      if (!req.complete) onInterrupted()
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onInterrupted)
    req.on('close', onClose)
  })
}

/**
 * The whole body, or null once the request has been answered: a 413 as soon as Content-Length announces more
 * than `maxBytes` (before reading anything) or the bytes received pass it (chunked bodies), a 400 when the
 * client stopped sending half-way.
 */
export async function readBodyWithin(
  req: IncomingMessage,
  res: Response,
  { maxBytes, tooLargeMessage }: { maxBytes: number; tooLargeMessage: string },
): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
    refuseUnreadBody(req, res, 413, tooLargeMessage)
    return null
  }
  const result = await readUpTo(req, maxBytes)
  if ('body' in result) return result.body
  if (result.problem === 'too-large') refuseUnreadBody(req, res, 413, tooLargeMessage)
  else if (!res.headersSent && !req.socket.destroyed) {
    sendError(res, 400, 'The request body ended before it was complete. Send it again.')
  }
  return null
}
