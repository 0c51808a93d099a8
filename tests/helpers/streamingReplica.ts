// A PostgreSQL primary (wal_level=replica) and a hot standby made from it with pg_basebackup -R, with Debian's
// PostgreSQL 15 programs, on free ports, in throw-away folders. Run as root, every program runs as the `postgres`
// system user (PostgreSQL refuses to run as root). `stop()` stops both at once (immediate mode) and removes the folders.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { freePort } from '../../src/db/freePort'

export const POSTGRES_PROGRAMS = '/usr/lib/postgresql/15/bin'
const DATABASE = 'newsroom'

export type Server = { port: number; dataDir: string; url: string }

export type StreamingReplication = {
  primary: Server
  standby: Server
  /** One statement on a server's `newsroom` database. */
  query: <Row extends Record<string, unknown>>(server: Server, sql: string) => Promise<Row[]>
  /** The standby killed (SIGKILL to its postmaster): connections refused from then on. */
  killStandby: () => void
  stop: () => Promise<void>
}

const isRoot = process.getuid?.() === 0

function run(program: string, args: string[]): string {
  const command = isRoot ? ['runuser', '-u', 'postgres', '--', path.join(POSTGRES_PROGRAMS, program), ...args] : [path.join(POSTGRES_PROGRAMS, program), ...args]
  try {
    return execFileSync(command[0]!, command.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 })
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string }
    throw new Error(`${program} ${args.join(' ')} failed: ${stderr || stdout || (error as Error).message}`, { cause: error })
  }
}

const urlOf = (port: number, database = DATABASE) => `postgres://postgres@127.0.0.1:${port}/${database}`

function postmasterPid(dataDir: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null
  } catch {
    return null
  }
}

function killIfRunning(pid: number) {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // Ended meanwhile.
  }
}

/** The processes whose parent is `pid` (a postmaster's backends and helpers). */
function childrenOf(pid: number): number[] {
  const children: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      // "pid (name) state ppid …": the name may hold spaces, so read after its closing parenthesis.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (parent === pid) children.push(Number(entry))
    } catch {
      // Ended meanwhile.
    }
  }
  return children
}

/** Fails with the package to install when Debian's PostgreSQL 15 server programs are missing. */
export function requirePostgresPrograms(): void {
  for (const program of ['initdb', 'pg_ctl', 'postgres', 'pg_basebackup']) {
    if (!fs.existsSync(path.join(POSTGRES_PROGRAMS, program))) {
      throw new Error(`PostgreSQL 15's ${program} is not in ${POSTGRES_PROGRAMS}: apt-get install -y postgresql-15 (the topology tests need a real primary and standby).`)
    }
  }
}

export async function startStreamingReplication(): Promise<StreamingReplication> {
  requirePostgresPrograms()
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-replication-'))
  fs.chmodSync(root, 0o755)
  if (isRoot) execFileSync('chown', ['postgres:postgres', root])
  const started: string[] = []
  const stop = async () => {
    for (const dataDir of started) {
      try {
        run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w'])
      } catch {
        const pid = postmasterPid(dataDir)
        if (pid) killIfRunning(pid)
      }
    }
    fs.rmSync(root, { recursive: true, force: true })
  }

  try {
    const primary: Server = { port: await freePort(), dataDir: path.join(root, 'primary'), url: '' }
    primary.url = urlOf(primary.port)
    run('initdb', ['-D', primary.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync'])
    fs.appendFileSync(
      path.join(primary.dataDir, 'postgresql.conf'),
      [
        `port = ${primary.port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${root}'`,
        'wal_level = replica',
        'max_wal_senders = 5',
        'fsync = off',
        'full_page_writes = off',
        'max_connections = 100',
        '',
      ].join('\n'),
    )
    run('pg_ctl', ['start', '-D', primary.dataDir, '-w', '-l', path.join(root, 'primary.log')])
    started.push(primary.dataDir)
    const admin = new pg.Client({ connectionString: urlOf(primary.port, 'postgres') })
    await admin.connect()
    await admin.query(`create database ${DATABASE}`)
    await admin.end()

    // The standby: a base backup of the primary that follows it (-R writes primary_conninfo and standby.signal).
    const standby: Server = { port: await freePort(), dataDir: path.join(root, 'standby'), url: '' }
    standby.url = urlOf(standby.port)
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standby.dataDir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync'])
    fs.appendFileSync(path.join(standby.dataDir, 'postgresql.conf'), `port = ${standby.port}\nhot_standby = on\n`)
    run('pg_ctl', ['start', '-D', standby.dataDir, '-w', '-l', path.join(root, 'standby.log')])
    started.push(standby.dataDir)

    const query = async <Row extends Record<string, unknown>>(server: Server, sql: string): Promise<Row[]> => {
      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      try {
        return (await client.query<Row>(sql)).rows
      } finally {
        await client.end()
      }
    }
    const killStandby = () => {
      const pid = postmasterPid(standby.dataDir)
      if (!pid) throw new Error('The standby is not running.')
      // The postmaster and its backends at once, as a crash would: open connections break, new ones are refused.
      process.kill(pid, 'SIGKILL')
      for (const child of childrenOf(pid)) killIfRunning(child)
    }
    return { primary, standby, query, killStandby, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
