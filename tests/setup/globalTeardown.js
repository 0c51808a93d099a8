import pg from 'pg'

export default async function globalTeardown() {
  const { serverUrl, template } = globalThis.__NEWSROOM_TEST_TEMPLATE__ ?? {}
  if (serverUrl && process.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(`drop database if exists ${template}`).catch(() => {})
    await client.end()
  }
  // The embedded server of globalSetup: a throw-away one, whose folder stop deletes.
  await globalThis.__NEWSROOM_TEST_PG__?.stop()
}
