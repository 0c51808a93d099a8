// The one way to start an embedded PostgreSQL (src/db/embeddedPostgres.ts): a throw-away server on a free port that
// leaves nothing behind, a kept data folder that survives a stop and is joined while running, and per-server settings.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { type RunningPostgres, startEmbeddedPostgres } from '../../src/db/embeddedPostgres'

const started: RunningPostgres[] = []
const keptFolders: string[] = []

afterAll(async () => {
  for (const server of started) await server.stop().catch(() => {})
  for (const folder of keptFolders) fs.rmSync(folder, { recursive: true, force: true })
})

async function queryOne<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<Row>(sql)).rows[0]
  } finally {
    await client.end()
  }
}

describe('a throw-away embedded PostgreSQL', () => {
  it('runs on a free port with the settings asked for, and its folder is gone after stop', async () => {
    const server = await startEmbeddedPostgres({ settings: { fsync: 'off', max_connections: '37' } })
    started.push(server)
    expect(server.isOwner).toBe(true)
    expect(server.port).toBeGreaterThan(0)
    expect(server.dataDir.startsWith(os.tmpdir())).toBe(true)
    expect(await queryOne(server.serverUrl, 'show fsync')).toEqual({ fsync: 'off' })
    expect(await queryOne(server.serverUrl, 'show max_connections')).toEqual({ max_connections: '37' })

    await server.stop()
    expect(fs.existsSync(path.dirname(server.dataDir))).toBe(false)
  })

  it('creates a database once (twice is harmless), copies a template, and keeps the data across stopServer and startServer', async () => {
    const server = await startEmbeddedPostgres()
    started.push(server)
    const url = await server.createDatabase('stories')
    expect(await server.createDatabase('stories')).toBe(url)
    await queryOne(url, 'create table story (title text)')
    await queryOne(url, "insert into story values ('Flood warning')")

    await server.stopServer()
    await expect(queryOne(url, 'select 1')).rejects.toThrow()
    await server.startServer()
    expect(await queryOne(url, 'select title from story')).toEqual({ title: 'Flood warning' })

    const copy = await server.createDatabase('stories_copy', { template: 'stories' })
    expect(new URL(copy).pathname).toBe('/stories_copy')
    expect(await queryOne(copy, 'select title from story')).toEqual({ title: 'Flood warning' })
  })
})

describe('an embedded PostgreSQL in a kept data folder', () => {
  it('is joined, not started twice, while it runs, and keeps its data after stop', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-kept-pg-'))
    keptFolders.push(folder)
    fs.chmodSync(folder, 0o755)
    const dataDir = path.join(folder, 'postgres')
    const owner = await startEmbeddedPostgres({ dataDir })
    started.push(owner)
    await queryOne(await owner.createDatabase('newsroom'), 'create table kept (id int)')

    const joined = await startEmbeddedPostgres({ dataDir, port: owner.port })
    expect(joined.isOwner).toBe(false)
    await joined.stop()
    expect(await queryOne(await owner.createDatabase('newsroom'), 'select count(*)::int as n from kept')).toEqual({ n: 0 })

    await owner.stop()
    expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true)
    const again = await startEmbeddedPostgres({ dataDir, port: owner.port })
    started.push(again)
    expect(again.isOwner).toBe(true)
    expect(await queryOne(await again.createDatabase('newsroom'), 'select count(*)::int as n from kept')).toEqual({ n: 0 })
  })
})
