import fs from 'node:fs'

import pg from 'pg'

export default async function globalTeardown() {
  const { serverUrl, template } = globalThis.__NEWSROOM_TEST_TEMPLATE__ ?? {}
  if (serverUrl && process.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(`drop database if exists ${template}`).catch(() => {})
    await client.end()
  }
  const embedded = globalThis.__NEWSROOM_TEST_PG__
  if (embedded) {
    await embedded.server.stop()
    fs.rmSync(embedded.dataDir, { recursive: true, force: true })
  }
}
