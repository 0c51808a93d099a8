// The bench's databases on an embedded PostgreSQL (started like every other, by src/db/embeddedPostgres.ts), with
// pg_stat_statements loaded so SQL statements can be counted, and commit timestamps kept (publish → fresh times from
// the publish's commit).
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

import { startEmbeddedPostgres } from '../../src/db/embeddedPostgres'

export type BenchPostgres = {
  createDatabase: (name: string) => Promise<string>
  /** A copy of `template` (which nobody may be connected to). */
  cloneDatabase: (name: string, template: string) => Promise<string>
  query: <T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params?: unknown[]) => Promise<T[]>
  stop: () => Promise<void>
  /** The postmaster's process id (its backends are its children), for CPU accounting. */
  postmasterPid: () => number
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const server = await startEmbeddedPostgres({
    settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', max_connections: '200', track_commit_timestamp: 'on' },
  })
  const query = async <T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      return (await client.query<T>(sql, params)).rows
    } finally {
      await client.end()
    }
  }
  // Dropped first: each run starts from empty databases of these names.
  const recreate = async (name: string, template?: string) => {
    await query(server.serverUrl, `drop database if exists ${name}`)
    return server.createDatabase(name, { template })
  }
  return {
    query,
    createDatabase: async (name) => {
      const url = await recreate(name)
      await query(url, 'create extension if not exists pg_stat_statements')
      return url
    },
    cloneDatabase: (name, template) => recreate(name, template),
    stop: server.stop,
    postmasterPid: () => Number(fs.readFileSync(path.join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
  }
}
