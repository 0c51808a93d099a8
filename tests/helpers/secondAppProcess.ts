// A second app process on the same database (started by startSecondAppProcess.ts), for cross-process cache tests.
// Prints {"port":…} once listening and whether its invalidation listener is up; exits on SIGTERM.
import type { AddressInfo } from 'node:net'

import { getPayload } from 'payload'

const { default: config } = await import('../../payload.config')
const { createApp } = await import('../../src/server/createApp')
const { createHttpServer } = await import('../../src/server/createHttpServer')
const { closePayload } = await import('../../src/db/closePayload')

const payload = await getPayload({ config })
const app = createApp({ payload, config })
const server = createHttpServer(app).listen(0, '127.0.0.1', async () => {
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
