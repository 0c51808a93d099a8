// A temporary embedded PostgreSQL for scripts: its own data folder and free port, deleted on stop.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { ensureDatabaseExists, startEmbeddedPostgres, withDatabase } from '../../src/db/embeddedPostgres'

export type ThrowawayPostgres = {
  serverUrl: string
  /** Creates an empty database and returns its connection URL. */
  createDatabase: (name: string) => Promise<string>
  /** Stops the PostgreSQL server (a fast shutdown of the postmaster) and keeps its data, for outage tests. */
  stopServer: () => Promise<void>
  /** Starts it again on the same data folder and port. */
  startServer: () => Promise<void>
  /** Stops the server and deletes its data. */
  stop: () => Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export async function startThrowawayPostgres({ log = () => {} }: { log?: (message: string) => void } = {}): Promise<ThrowawayPostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-pg-'))
  // The server runs as the `postgres` user when we are root: it must be able to enter the folder.
  fs.chmodSync(root, 0o755)
  // Persistent, so stopServer keeps the data for startServer; stop deletes the whole folder itself.
  const running = await startEmbeddedPostgres({ dataDir: path.join(root, 'data'), port: await freePort(), persistent: true, log })
  return {
    serverUrl: running.serverUrl,
    createDatabase: async (name) => {
      await ensureDatabaseExists({ serverUrl: running.serverUrl, database: name })
      return withDatabase(running.serverUrl, name)
    },
    stopServer: running.stop,
    startServer: running.start,
    stop: async () => {
      await running.stop().catch(() => {})
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}
