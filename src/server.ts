// Entry point: one process with Express in front of Payload's API, the Next.js admin and the reader site.
import next from 'next'
import type { Server } from 'node:http'
import { getPayload } from 'payload'

import { closePayload, expectDatabaseToGoAway } from './db/closePayload'
import { EmbeddedPostgresCannotStart } from './db/postgresUserAccess'
import { resolveDatabase } from './db/resolveDatabase'
import { invalidSettings, isProduction, missingProductionSettings, settings } from './env'
import { createApp } from './server/createApp'
import { createHttpServer } from './server/createHttpServer'
import type { Drain } from './server/gracefulDrain'
import { projectFolder } from './projectFolder'
import { surviveUnhandledRejections } from './server/surviveUnhandledRejections'
import { seedOnStart } from './seed/seedOnStart'

const log = (message: string) => console.log(`[newsroom] ${message}`)

async function main(): Promise<void> {
  const invalid = invalidSettings()
  if (invalid.length) {
    console.error(`Refusing to start: ${invalid.join(' ')}`)
    process.exit(1)
  }
  const missing = isProduction ? missingProductionSettings() : []
  if (missing.length) {
    console.error(`Refusing to start in production: set ${missing.join(' and ')} in the environment (SERVER_URL is the server's public address, e.g. https://cms.example.org).`)
    process.exit(1)
  }

  const database = await resolveDatabase({ log })
  const { default: config } = await import('../payload.config')
  const payload = await getPayload({ config })
  surviveUnhandledRejections(payload)
  await seedOnStart({ payload, log })

  // SERVE_ADMIN=false: an API-only process (no Next), e.g. more API processes behind the load balancer.
  const nextApp = settings.isAdminServed ? next({ dev: !isProduction, dir: projectFolder }) : null
  await nextApp?.prepare()
  const handleNext = nextApp?.getRequestHandler()

  const app = createApp({ payload, config, nextHandler: handleNext && ((req, res) => handleNext(req, res)) })
  const server: Server = createHttpServer(app).listen(settings.port, () => {
    log(`${nextApp ? `Site: http://localhost:${settings.port}/   Admin: http://localhost:${settings.port}/admin   ` : ''}API: http://localhost:${settings.port}/api`)
    log(`Database: ${database.isEmbedded ? `embedded PostgreSQL (${settings.dataDir})` : 'DATABASE_URL'}`)
  })

  let isShuttingDown = false
  const shutdown = async (signal: string) => {
    if (isShuttingDown) return
    isShuttingDown = true
    const drain = app.locals.drain as Drain
    log(`${signal} received: answering ${drain.inFlight()} request(s) in flight, accepting no new ones (at most ${settings.shutdownDrainSeconds} s).`)
    const isDrained = await drain.drain({ timeoutMs: settings.shutdownDrainSeconds * 1000 })
    if (!isDrained) log(`Stopping with ${drain.inFlight()} request(s) still unanswered after ${settings.shutdownDrainSeconds} s (SHUTDOWN_DRAIN_SECONDS).`)
    expectDatabaseToGoAway()
    server.closeAllConnections()
    await nextApp?.close().catch(() => {})
    await app.locals.contentCache?.stop()
    // Purges already under way are let finish (briefly: every other process purges the same changes too).
    await app.locals.edgeCache?.purger.settle(2000)
    await closePayload(payload)
    await database.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((error) => {
  // A start refused for a reason a person can fix is one sentence that says how; anything else keeps its stack.
  console.error(error instanceof EmbeddedPostgresCannotStart ? error.message : error)
  process.exit(1)
})
