// The floor: the same bytes served from memory by a bare Express route, in a process of its own; and the same answer
// from Node's http module alone (what a cache hit answered before Express can approach).
// Usage: tsx bench/floor.ts <body file> <etag> <content type> [<headers file>]; prints {"port":…,"rawPort":…} when
// listening. With a headers file ({ ok: [name, value][], notModified: [name, value][] }, as the app sent them), the
// bare node:http server answers with exactly those headers, so both send the same bytes: the response's header block
// (security headers, Vary, CORS…) costs the client as much to read as the body, and it shares the machine.
import express from 'express'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { PUBLIC_CACHE_CONTROL } from '../src/access/requestIdentity'

const [bodyFile, etag, contentType, headersFile] = process.argv.slice(2)
const body = fs.readFileSync(bodyFile)
type Headers = [name: string, value: string][]
const sameHeaders = headersFile ? (JSON.parse(fs.readFileSync(headersFile, 'utf8')) as { ok: Headers; notModified: Headers }) : null
const app = express()
app.disable('x-powered-by')
app.get('/story', (req, res) => {
  res.set({ ETag: etag, 'Cache-Control': PUBLIC_CACHE_CONTROL, Vary: 'Authorization, Cookie' })
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end()
    return
  }
  res.status(200).type(contentType).end(body)
})

const sameBytes = sameHeaders && { ok: sameHeaders.ok.flat(), notModified: sameHeaders.notModified.flat() }
const raw = http.createServer((req, res) => {
  if (sameBytes) {
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, sameBytes.notModified).end()
    return void res.writeHead(200, sameBytes.ok).end(body)
  }
  res.setHeader('ETag', etag)
  res.setHeader('Cache-Control', PUBLIC_CACHE_CONTROL)
  res.setHeader('Vary', 'Authorization, Cookie')
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304
    res.end()
    return
  }
  res.setHeader('Content-Type', contentType)
  res.setHeader('Content-Length', body.length)
  res.end(body)
})

const server = app.listen(0, '127.0.0.1', () =>
  raw.listen(0, '127.0.0.1', () =>
    console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, rawPort: (raw.address() as AddressInfo).port })),
  ),
)
process.on('SIGTERM', () => {
  raw.close()
  server.close(() => process.exit(0))
})
