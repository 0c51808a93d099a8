// The production path end to end: build, `npm start` on an empty database (migrations apply on boot),
// the pages and API answer, SIGTERM shuts down cleanly, and a missing secret stops the start.
// Usage: npm run test:production [-- --skip-build]
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { signalProcessGroup } from '../src/cluster/childProcess'
import { commandLineOf, withDescendants } from '../src/cluster/processTree'
import { startEmbeddedPostgres } from '../src/db/embeddedPostgres'
import { freePort } from '../src/db/freePort'
import { recordBuiltSources, sourcesDigest } from '../tests/helpers/productionBuild'

const root = path.resolve(import.meta.dirname, '..')
const isSkippingBuild = process.argv.includes('--skip-build')
const START_TIMEOUT_MS = 180_000
const SHUTDOWN_TIMEOUT_MS = 15_000
const SMOKE_SECRET = 'smoke-production-secret'

type Result = { name: string; isPassed: boolean; detail: string }
const results: Result[] = []
const log = (message: string) => console.log(`[smoke] ${message}`)

function record(name: string, isPassed: boolean, detail = ''): boolean {
  results.push({ name, isPassed, detail })
  console.log(`${isPassed ? 'PASS' : 'FAIL'}  ${name}${detail ? ` (${detail})` : ''}`)
  return isPassed
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> }

/** Runs an npm script in its own process group, as a container's PID 1 would, keeping its output. */
function npm(args: string[], env: NodeJS.ProcessEnv, { echo = false } = {}): Started {
  let output = ''
  const child = spawn('npm', args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (echo) process.stdout.write(chunk)
    })
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([promise, sleep(ms).then(() => 'timeout' as const)])

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** The node process that `npm start` (pid `npmPid`) runs: its command line and its Node version. */
function describeServerProcess(npmPid: number): { commandLine: string; version: string } | null {
  // npm → sh -c "exec env … node …" (sh becomes env, env becomes node: one pid), a level or two down.
  for (const pid of withDescendants([npmPid])) {
    const commandLine = commandLineOf(pid)
    if (!commandLine.includes('server.js') && !commandLine.includes('server.ts')) continue
    try {
      const version = spawnSync(fs.readlinkSync(`/proc/${pid}/exe`), ['--version'], { encoding: 'utf8' }).stdout.trim()
      return { commandLine, version }
    } catch {
      // Gone meanwhile.
    }
  }
  return null
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Explicit values win over a developer's .env (Node's --env-file never overrides the environment).
  return { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'info', ...extra }
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

async function build(): Promise<boolean> {
  if (isSkippingBuild) {
    return record('next build (skipped: --skip-build)', fs.existsSync(path.join(root, '.next/BUILD_ID')), 'uses the existing .next')
  }
  const started = Date.now()
  // Taken before building: the browser tests (npm run test:e2e) reuse this build while the sources stay as they were.
  const digest = sourcesDigest()
  log('Running npm run build (2-3 minutes) …')
  const building = npm(['run', 'build'], baseEnv({}), { echo: true })
  const code = await building.exited
  if (code === 0) recordBuiltSources(digest)
  return record('npm run build', code === 0, `exit ${code}, ${Math.round((Date.now() - started) / 1000)} s`)
}

async function checkServer({ databaseUrl, mediaDir }: { databaseUrl: string; mediaDir: string }): Promise<void> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const started = Date.now()
  log(`Starting npm start on port ${port} …`)
  const server = npm(['start'], baseEnv({ DATABASE_URL: databaseUrl, PAYLOAD_SECRET: SMOKE_SECRET, SERVER_URL: baseUrl, PORT: String(port), MEDIA_DIR: mediaDir }))
  try {
    let isHealthy = false
    while (!isHealthy && Date.now() - started < START_TIMEOUT_MS && server.child.exitCode === null) {
      isHealthy = await fetch(`${baseUrl}/healthz`).then(
        (response) => response.status === 200,
        () => false,
      )
      if (!isHealthy) await sleep(500)
    }
    const seconds = Math.round((Date.now() - started) / 1000)
    if (!record('GET /healthz answers 200 after npm start', isHealthy, `${seconds} s`)) {
      console.log(tail(server.output()))
      return
    }

    const startedProcess = describeServerProcess(server.child.pid!)
    record(
      'npm start runs compiled JavaScript (dist/src/server.js, no TypeScript loader) on Node 24 or newer',
      startedProcess !== null && startedProcess.commandLine.includes('dist/src/server.js') && !/tsx/.test(startedProcess.commandLine) && Number(startedProcess.version.slice(1).split('.')[0]) >= 24,
      startedProcess ? `${startedProcess.version}: ${startedProcess.commandLine}` : 'no node process found under npm start',
    )

    const admin = await fetch(`${baseUrl}/admin`, { redirect: 'manual' })
    const location = admin.headers.get('location') ?? ''
    record(
      'GET /admin renders or redirects to create-first-user',
      admin.status === 200 || (admin.status >= 300 && admin.status < 400 && location.includes('create-first-user')),
      `${admin.status}${location ? ` → ${location}` : ''}`,
    )

    const me = await fetch(`${baseUrl}/api/users/me`)
    const meBody = await me.text()
    let isJson = false
    try {
      JSON.parse(meBody)
      isJson = (me.headers.get('content-type') ?? '').includes('application/json')
    } catch {
      // Not JSON.
    }
    record('GET /api/users/me answers JSON', me.status === 200 && isJson, `${me.status} ${meBody.slice(0, 80)}`)

    const committed = fs
      .readdirSync(path.join(root, 'src/migrations'))
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.replace(/\.ts$/, ''))
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const applied = await client
      .query<{ name: string }>('select name from payload_migrations where batch > 0')
      .then((result) => result.rows.map((row) => row.name))
      .catch((error: Error) => [`(query failed: ${error.message})`])
    await client.end()
    const initial = committed.find((name) => name.endsWith('_initial'))
    record(
      'payload_migrations records the initial migration',
      Boolean(initial && applied.includes(initial)) && committed.every((name) => applied.includes(name)),
      `applied: ${applied.join(', ') || 'none'}`,
    )

    const stopping = Date.now()
    server.child.kill('SIGTERM')
    const code = await within(server.exited, SHUTDOWN_TIMEOUT_MS)
    record(
      `SIGTERM stops the server cleanly (exit 0) within ${SHUTDOWN_TIMEOUT_MS / 1000} s`,
      code === 0,
      code === 'timeout' ? 'still running' : `exit ${code} after ${((Date.now() - stopping) / 1000).toFixed(1)} s`,
    )
    await sleep(200)
    record(`nothing listens on port ${port} afterwards`, !(await isListening(port)))
  } finally {
    signalProcessGroup(server.child, 'SIGKILL')
  }
}

async function checkMissingSecret({ databaseUrl }: { databaseUrl: string }): Promise<void> {
  // An empty value rather than an unset one, so a PAYLOAD_SECRET in .env cannot fill it in.
  const run = npm(['start'], baseEnv({ DATABASE_URL: databaseUrl, PAYLOAD_SECRET: '', SERVER_URL: 'http://localhost', PORT: String(await freePort()) }))
  const code = await within(run.exited, 60_000)
  signalProcessGroup(run.child, 'SIGKILL')
  const naming = run.output().split('\n').filter((line) => line.includes('PAYLOAD_SECRET'))
  record(
    'npm start without PAYLOAD_SECRET exits non-zero with one line naming it',
    code !== 'timeout' && code !== 0 && naming.length === 1,
    code === 'timeout' ? 'still running after 60 s' : `exit ${code}: ${naming.join(' | ') || 'no line names PAYLOAD_SECRET'}`,
  )
}

async function main(): Promise<number> {
  const started = Date.now()
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-smoke-media-'))
  const postgres = await startEmbeddedPostgres({ log })
  try {
    const databaseUrl = await postgres.createDatabase('newsroom_smoke')
    record('throw-away PostgreSQL with an empty database', true, new URL(databaseUrl).port)
    if (await build()) await checkServer({ databaseUrl, mediaDir })
    await checkMissingSecret({ databaseUrl })
  } catch (error) {
    record('smoke run finished without an unexpected error', false, error instanceof Error ? error.message : String(error))
  } finally {
    await postgres.stop()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  }
  const failed = results.filter((result) => !result.isPassed)
  console.log(
    `\n${failed.length ? 'FAIL' : 'PASS'}: production smoke, ${results.length - failed.length} of ${results.length} checks passed in ${Math.round((Date.now() - started) / 1000)} s`,
  )
  return failed.length ? 1 : 0
}

process.exit(await main())
