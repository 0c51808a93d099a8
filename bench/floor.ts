// The floor: the same bytes served from memory by a bare Express route, in a process of its own; and, for
// reference, the same answer from Node's http module alone (what a cache hit answered before Express can approach).
// Usage: tsx bench/floor.ts <body file> <etag> <content type>; prints {"port":…,"rawPort":…} when listening.
import express from 'express'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { PUBLIC_CACHE_CONTROL } from '../src/access/requestIdentity'

const [bodyFile, etag, contentType] = process.argv.slice(2)
const body = fs.readFileSync(bodyFile)
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

const raw = http.createServer((req, res) => {
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
