// Gives a test file its own database (a copy of the pushed template), Payload, and optionally the Express app.
import fs from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Payload, SanitizedConfig } from 'payload'

import { closePayload } from '../../src/db/closePayload'
import { withDatabase } from '../../src/db/embeddedPostgres'
import { withClient } from '../../src/db/withClient'
import { forTheseTests } from './forTheseTests'

export type TestContext = {
  payload: Payload
  config: SanitizedConfig
  databaseUrl: string
  databaseName: string
  mediaDir: string
  close: () => Promise<void>
}

/** One statement on the test PostgreSQL server's maintenance database (create, drop, settings). */
export const adminQuery = async (sql: string): Promise<void> => {
  await withClient(process.env.TEST_PG_SERVER_URL!, (client) => client.query(sql))
}

/**
 * The first account of a database becomes an admin (src/collections/Users/hooks/makeFirstUserAdmin.ts), so
 * by default a bootstrap admin is created first and test users then keep the roles they ask for.
 */
export async function startTestPayload({ withBootstrapAdmin = true }: { withBootstrapAdmin?: boolean } = {}): Promise<TestContext> {
  const serverUrl = process.env.TEST_PG_SERVER_URL
  const template = process.env.TEST_TEMPLATE_DATABASE
  if (!serverUrl || !template) throw new Error('The jest globalSetup did not prepare a test database.')

  const databaseName = `newsroom_test_${process.env.JEST_WORKER_ID ?? 0}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`
  await adminQuery(`create database ${databaseName} template ${template}`)
  const databaseUrl = withDatabase(serverUrl, databaseName)
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-test-media-'))

  process.env.DATABASE_URL = databaseUrl
  process.env.DB_PUSH = 'false'
  process.env.MEDIA_DIR = mediaDir

  const { getPayload } = await import('payload')
  const { default: configPromise } = await import('../../payload.config')
  const config = await configPromise
  const payload = await getPayload({ config })
  if (withBootstrapAdmin) {
    await payload.create({
      collection: 'users',
      data: { name: 'Bootstrap Admin', email: 'bootstrap-admin@newsroom.test', password: 'bootstrap-admin-password', role: 'admin' },
      overrideAccess: true,
    })
  }

  return {
    payload,
    config,
    databaseUrl,
    databaseName,
    mediaDir,
    close: async () => {
      await closePayload(payload)
      await adminQuery(`drop database if exists ${databaseName} with (force)`).catch(() => {})
      fs.rmSync(mediaDir, { recursive: true, force: true })
    },
  }
}

export type TestServer = TestContext & { baseUrl: string; server: Server; app: import('express').Express }

export type ListeningApp = { app: import('express').Express; server: Server; baseUrl: string; stop: () => Promise<void> }

type AppOptions = Omit<import('../../src/server/createApp').CreateAppOptions, 'payload' | 'config'>

/** The real Express app (without Next) for a context, on a free port: tests that need their own limits start more. */
export async function listenApp(context: TestContext, options: AppOptions = {}): Promise<ListeningApp> {
  const { createApp } = await import('../../src/server/createApp')
  const { createHttpServer } = await import('../../src/server/createHttpServer')
  const app = createApp({ payload: context.payload, config: context.config, ...options })
  const server = await new Promise<Server>((resolve) => {
    const listening = createHttpServer(app).listen(0, '127.0.0.1', () => resolve(listening))
  })
  const { port } = server.address() as AddressInfo
  return {
    app,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await app.locals.contentCache?.stop()
    },
  }
}

/**
 * Another Express app on the context's database (its own limits, its own response cache) for the tests of the
 * enclosing describe: listening, its cache listening for invalidations, before them; stopped after them.
 */
export const listenAppForTheseTests = (context: TestContext, options: AppOptions = {}): ListeningApp =>
  forTheseTests({
    start: async () => {
      const listening = await listenApp(context, options)
      // Nothing is stored until the cache listens for invalidations.
      while (listening.app.locals.contentCache && !listening.app.locals.contentCache.isListening) await new Promise((resolve) => setTimeout(resolve, 20))
      return listening
    },
    stop: (listening) => listening.stop(),
  })

/** The real Express app (without Next) on a free port, for tests over HTTP. */
export async function startTestServer(options: { withBootstrapAdmin?: boolean } = {}): Promise<TestServer> {
  const context = await startTestPayload(options)
  const { app, server, baseUrl, stop } = await listenApp(context)
  return {
    ...context,
    app,
    server,
    baseUrl,
    close: async () => {
      await stop()
      await context.close()
    },
  }
}

/** The test database and Payload of a test file: started before its tests, closed after them. */
export const testPayloadOfThisFile = (options: { withBootstrapAdmin?: boolean } = {}): TestContext =>
  forTheseTests({ start: () => startTestPayload(options), stop: (context) => context.close() })

/** As testPayloadOfThisFile, with the Express app listening (TestServer). */
export const testServerOfThisFile = (options: { withBootstrapAdmin?: boolean } = {}): TestServer =>
  forTheseTests({ start: () => startTestServer(options), stop: (server) => server.close() })
