// The floor: the same bytes served from memory by a bare Express route, in a process of its own.
// Usage: tsx bench/floor.ts <body file> <etag> <content type>; prints {"port":…} when listening.
import express from 'express'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'

import { PUBLIC_CACHE_CONTROL } from '../src/http/requestIdentity'

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
const server = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
