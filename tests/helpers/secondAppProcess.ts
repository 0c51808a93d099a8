// A second app process on the same database (started by startSecondAppProcess.ts), for cross-process cache tests.
// Prints {"port":…} once listening and whether its invalidation listener is up; exits on SIGTERM.
// Over IPC, `{ waitFor: key }` is answered with `{ heard: key }` once its cache has processed a change naming that key.
import type { AddressInfo } from 'node:net'

import { getPayload } from 'payload'

import type { ContentCache } from '../../src/cache/appResponseCache'

const { default: config } = await import('../../payload.config')
const { createApp } = await import('../../src/server/createApp')
const { createHttpServer } = await import('../../src/server/createHttpServer')
const { closePayload } = await import('../../src/db/closePayload')

const payload = await getPayload({ config })
const app = createApp({ payload, config })

// Every key this process's cache has been told of by a NOTIFY, and the parent's requests still waiting for one.
const heardKeys = new Set<string>()
const waitingFor = new Set<string>()
const { cache } = app.locals.contentCache as ContentCache
const invalidateCommitted = cache.invalidateCommitted.bind(cache)
cache.invalidateCommitted = (keys, options) => {
  invalidateCommitted(keys, options)
  for (const key of keys) {
    heardKeys.add(key)
    if (waitingFor.delete(key)) process.send?.({ heard: key })
  }
}
process.on('message', (message: { waitFor?: unknown }) => {
  if (typeof message?.waitFor !== 'string') return
  if (heardKeys.has(message.waitFor)) process.send?.({ heard: message.waitFor })
  else waitingFor.add(message.waitFor)
})

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
