// A primary PostgreSQL and a streaming replica made from it with PostgreSQL's own pg_basebackup -R (standby mode),
// from Debian's postgresql-15 programs, on free ports, for `npm run cluster` and the topology tests (which also hold
// the replica's replay behind and kill it). Root runs them as the `postgres` system user (PostgreSQL refuses root).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { freePort } from '../db/freePort'
import { postgresAccount } from '../db/postgresUserAccess'
import { canConnect, queryOnce } from '../db/withClient'
import { type StartedProcess, startChild, waitUntil } from './childProcess'
import { withDescendants } from './processTree'

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
  /** Holds the replica's replay of the primary's changes (it keeps receiving them, and answers with what it had). */
  pauseReplay: () => Promise<void>
  resumeReplay: () => Promise<void>
  /** Kills the replica as a crash would (SIGKILL to its postmaster and its backends): open connections break, new ones are refused. */
  killReplica: () => void
  /** Stops both (fast shutdown); a throw-away folder is deleted with them. */
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

function startPostgres({ name, dataDir, port, settings, owner, isDetached }: { name: string; dataDir: string; port: number; settings: Record<string, string>; owner: { uid?: number; gid?: number }; isDetached: boolean }) {
  const flags = Object.entries({ listen_addresses: '127.0.0.1', unix_socket_directories: '', ...settings }).flatMap(([key, value]) => ['-c', `${key}=${value}`])
  return startChild({ name, command: path.join(POSTGRES_PROGRAMS, 'postgres'), args: ['-D', dataDir, '-p', String(port), ...flags], cwd: '/', ...owner, isDetached })
}

/**
 * Initialises a primary in `folder`/primary, creates `database`, copies the primary to `folder`/replica with
 * pg_basebackup -R and starts it as a hot standby. `folder` must be reachable by the postgres user; without one, a
 * throw-away folder in the system's temporary folder, deleted on stop.
 */
export async function startPostgresPair({
  folder: keptFolder,
  database = 'newsroom',
  settings = {},
  isDetached = false,
  log = () => {},
}: {
  folder?: string
  database?: string
  settings?: Record<string, string>
  isDetached?: boolean
  log?: (message: string) => void
}): Promise<PostgresPair> {
  const missing = missingPostgresPrograms()
  if (missing) throw new Error(missing)
  const owner = runAs()
  const folder = keptFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-postgres-pair-'))
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
    if (!keptFolder) fs.rmSync(folder, { recursive: true, force: true })
  }
  try {
    await waitUntil('the primary PostgreSQL accepts connections', () => canConnect(serverUrl(primaryPort, 'postgres')), { process: primary })
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
    await waitUntil('the replica accepts connections in recovery', async () => (await queryOnce<{ isStandby: boolean }>(replicaUrl, 'select pg_is_in_recovery() as "isStandby"'))[0].isStandby, { process: replica })
    log(`PostgreSQL replica on 127.0.0.1:${replicaPort}, streaming from the primary.`)
    const killReplica = () => {
      // Listed before the kill: once the postmaster is gone its backends are no longer its children.
      for (const pid of withDescendants([replica.child.pid!])) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // Ended meanwhile.
        }
      }
    }
    return {
      primaryUrl: serverUrl(primaryPort, database),
      replicaUrl,
      primary,
      replica,
      pauseReplay: async () => void (await queryOnce(replicaUrl, 'select pg_wal_replay_pause()')),
      resumeReplay: async () => void (await queryOnce(replicaUrl, 'select pg_wal_replay_resume()')),
      killReplica,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
