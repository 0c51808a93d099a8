// Starts one PostgreSQL for the whole run (embedded, or DATABASE_URL's server) and pushes the schema once
// into a template database; each test file then copies the template into its own throw-away database.
import pg from 'pg'

import { startEmbeddedPostgres, withDatabase } from '../../src/db/embeddedPostgres'
import { runTypeScriptSync } from '../helpers/typeScriptChild'

export default async function globalSetup() {
  let serverUrl
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
  } else {
    // Throw-away (no data folder): the teardown's stop deletes it. Durability is not wanted from a test cluster.
    const server = await startEmbeddedPostgres({
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
    })
    globalThis.__NEWSROOM_TEST_PG__ = server
    serverUrl = server.serverUrl
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
