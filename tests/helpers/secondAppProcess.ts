// A second app process on the same database (run with `node --import tsx`), for cross-process cache tests.
// Prints {"port":…} once listening and whether its invalidation listener is up; exits on SIGTERM.
import type { AddressInfo } from 'node:net'

import { getPayload } from 'payload'

// Node 20 runs tsx's loader hooks on another thread without holding the event loop: on a busy machine a top-level
// await could find the loop empty and the process exited 13 before listening (privatenumber/tsx#233). A timer holds
// the loop until the server listens.
const holdEventLoop = setInterval(() => {}, 1000)

const { default: config } = await import('../../payload.config')
const { createApp } = await import('../../src/http/createApp')
const { createHttpServer } = await import('../../src/http/createHttpServer')
const { closePayload } = await import('../../src/db/closePayload')

const payload = await getPayload({ config })
const app = createApp({ payload, config })
const server = createHttpServer(app).listen(0, '127.0.0.1', async () => {
  clearInterval(holdEventLoop)
  const started = Date.now()
  while (!app.locals.contentCache.isListening && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20))
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port, isListening: app.locals.contentCache.isListening })}\n`)
})

process.on('SIGTERM', async () => {
  server.closeAllConnections()
  server.close()
  await app.locals.contentCache.stop()
  await closePayload(payload)
  process.exit(0)
})
