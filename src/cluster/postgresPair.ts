// A primary PostgreSQL and a streaming replica made from it with PostgreSQL's own pg_basebackup -R (standby mode),
// from Debian's postgresql-15 programs, for `npm run cluster` and the topology tests. Root runs them as the
// `postgres` system user (PostgreSQL refuses root).
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

import { freePort } from '../db/freePort'
import { postgresAccount } from '../db/postgresUserAccess'
import { type StartedProcess, startChild, waitUntil } from './childProcess'

export const POSTGRES_PROGRAMS = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin'
const USER = 'newsroom'
const PASSWORD = 'newsroom'

export type PostgresPair = {
  /** The application database on the primary. */
  primaryUrl: string
  /** The same database on the replica (read-only, streaming from the primary). */
  replicaUrl: string
  primary: StartedProcess
  replica: StartedProcess
  stop: () => Promise<void>
}

/** The sentence a missing program fails with: which Debian package brings it. */
export function missingPostgresPrograms(): string | null {
  const missing = ['initdb', 'postgres', 'pg_basebackup'].filter((program) => !fs.existsSync(path.join(POSTGRES_PROGRAMS, program)))
  return missing.length
    ? `${missing.join(', ')} not found in ${POSTGRES_PROGRAMS}: install Debian's PostgreSQL 15 server (apt-get install -y postgresql-15), or set POSTGRES_BIN_DIR to the folder that has them.`
    : null
}

function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {}
  const account = postgresAccount()
  if (account.uid < 0) throw new Error('Running as root, PostgreSQL needs the system user "postgres" to run as: install postgresql-15 (it creates the user) or run as another user.')
  return { uid: account.uid, gid: account.gids[0] }
}

function ownedByPostgres(folder: string, owner: { uid?: number; gid?: number }) {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 })
  if (owner.uid !== undefined) fs.chownSync(folder, owner.uid, owner.gid!)
}

async function runToEnd(name: string, program: string, args: string[], owner: { uid?: number; gid?: number }, env: NodeJS.ProcessEnv = process.env) {
  const run = startChild({ name, command: path.join(POSTGRES_PROGRAMS, program), args, env, cwd: '/', ...owner })
  const code = await run.exited
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${run.output().slice(-3000)}`)
}

const canQuery = async (url: string) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } finally {
    await client.end().catch(() => {})
  }
}

function startPostgres({ name, dataDir, port, settings, owner, isDetached }: { name: string; dataDir: string; port: number; settings: Record<string, string>; owner: { uid?: number; gid?: number }; isDetached: boolean }) {
  const flags = Object.entries({ listen_addresses: '127.0.0.1', unix_socket_directories: '', ...settings }).flatMap(([key, value]) => ['-c', `${key}=${value}`])
  return startChild({ name, command: path.join(POSTGRES_PROGRAMS, 'postgres'), args: ['-D', dataDir, '-p', String(port), ...flags], cwd: '/', ...owner, isDetached })
}

/**
 * Initialises a primary in `folder`/primary, creates `database`, copies the primary to `folder`/replica with
 * pg_basebackup -R and starts it as a hot standby. `folder` must be reachable by the postgres user.
 */
export async function startPostgresPair({
  folder,
  database = 'newsroom',
  settings = {},
  isDetached = false,
  log = () => {},
}: {
  folder: string
  database?: string
  settings?: Record<string, string>
  isDetached?: boolean
  log?: (message: string) => void
}): Promise<PostgresPair> {
  const missing = missingPostgresPrograms()
  if (missing) throw new Error(missing)
  const owner = runAs()
  fs.mkdirSync(folder, { recursive: true })
  fs.chmodSync(folder, 0o755)
  const [primaryDir, replicaDir] = [path.join(folder, 'primary'), path.join(folder, 'replica')]
  // A folder kept from an earlier run (`npm run cluster -- --keep <folder>`) starts with its data.
  const isPrimaryMade = fs.existsSync(path.join(primaryDir, 'PG_VERSION'))
  if (!isPrimaryMade) {
    ownedByPostgres(primaryDir, owner)
    const passwordFile = path.join(folder, 'password')
    fs.writeFileSync(passwordFile, PASSWORD, { mode: 0o644 })
    await runToEnd('initdb', 'initdb', ['-D', primaryDir, '-U', USER, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], owner)
    fs.rmSync(passwordFile)
  }

  const [primaryPort, replicaPort] = [await freePort(), await freePort()]
  const serverUrl = (port: number, name: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${name}`
  // wal_level=replica and max_wal_senders are PostgreSQL's defaults: a primary needs nothing more for one standby.
  const primary = startPostgres({ name: 'PostgreSQL primary', dataDir: primaryDir, port: primaryPort, settings: { max_connections: '200', ...settings }, owner, isDetached })
  const stopped: StartedProcess[] = [primary]
  // Fast shutdown (SIGINT): sessions are ended, the data is kept consistent.
  const stop = async () => {
    for (const server of [...stopped].reverse()) await server.stop({ signal: 'SIGINT', timeoutMs: 15_000 })
  }
  try {
    await waitUntil('the primary PostgreSQL accepts connections', () => canQuery(serverUrl(primaryPort, 'postgres')), { process: primary })
    const admin = new pg.Client({ connectionString: serverUrl(primaryPort, 'postgres') })
    await admin.connect()
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database])
      if (!rowCount) await admin.query(`create database "${database}"`)
    } finally {
      await admin.end()
    }
    const isReplicaMade = fs.existsSync(path.join(replicaDir, 'PG_VERSION'))
    log(`PostgreSQL primary on 127.0.0.1:${primaryPort}; ${isReplicaMade ? 'starting its replica' : 'copying it to a replica (pg_basebackup -R)'} …`)

    if (!isReplicaMade) {
      ownedByPostgres(replicaDir, owner)
      await runToEnd('pg_basebackup', 'pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', USER, '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'], owner, { ...process.env, PGPASSWORD: PASSWORD })
    }
    const replicaSettings = {
      // The standby needs as many connections as its primary (PostgreSQL refuses to start a hot standby with fewer).
      max_connections: '200',
      ...settings,
      // The primary's port is new on every start: -c overrides the primary_conninfo pg_basebackup -R wrote (in
      // postgresql.auto.conf), so a kept replica follows its primary.
      primary_conninfo: `host=127.0.0.1 port=${primaryPort} user=${USER} password=${PASSWORD}`,
    }
    const replica = startPostgres({ name: 'PostgreSQL replica', dataDir: replicaDir, port: replicaPort, settings: replicaSettings, owner, isDetached })
    stopped.push(replica)
    const replicaUrl = serverUrl(replicaPort, database)
    await waitUntil('the replica accepts connections in recovery', async () => {
      const client = new pg.Client({ connectionString: replicaUrl, connectionTimeoutMillis: 1000 })
      client.on('error', () => {})
      try {
        await client.connect()
        const { rows } = await client.query<{ isStandby: boolean }>('select pg_is_in_recovery() as "isStandby"')
        return rows[0].isStandby
      } finally {
        await client.end().catch(() => {})
      }
    }, { process: replica })
    log(`PostgreSQL replica on 127.0.0.1:${replicaPort}, streaming from the primary.`)
    return { primaryUrl: serverUrl(primaryPort, database), replicaUrl, primary, replica, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
