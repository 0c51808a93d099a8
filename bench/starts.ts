// npm run prove:starts [-- --count 200] [--batch 8] [--load 2] [--kinds server,import]: proves that production starts
// never stall. Starts the production server (`node dist/src/server.js`, what `npm start` runs) and the importer
// (`node dist/scripts/import.js`, what `npm run import` runs) COUNT times each, BATCH at once, while LOAD busy loops
// keep every core loaded. A start must do its work: the server answers /healthz with 200 and exits 0 on SIGTERM;
// the importer exits 0 having printed its summary. A start that ends without doing its work (Node 20's lost loader
// reply: exit 13, or exit 0 having printed nothing) or does not finish in time counts as stalled. Nothing is
// retried. Writes bench/STARTS.md and exits 1 if any start stalled or failed.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { freePort } from '../src/db/freePort'
import { startBenchPostgres } from './lib/postgres'

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    batch: { type: 'string', default: '8' },
    load: { type: 'string', default: String(os.availableParallelism()) },
    kinds: { type: 'string', default: 'server,import' },
    out: { type: 'string', default: 'bench/STARTS.md' },
  },
})
const COUNT = Number(values.count)
const BATCH = Number(values.batch)
const LOAD = Number(values.load)
const KINDS = values.kinds!.split(',') as Kind[]
const SERVER_TIMEOUT_MS = 180_000
const IMPORT_TIMEOUT_MS = 180_000
const SHUTDOWN_TIMEOUT_MS = 30_000
const SECRET = 'prove-starts-secret'

const root = path.resolve(import.meta.dirname, '..')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-starts-'))
const startedAt = Date.now()
const log = (message: string) => console.log(`[starts ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${message}`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Kind = 'server' | 'import'
type Outcome = { kind: Kind; status: 'ok' | 'stalled' | 'failed'; seconds: number; detail: string }

const children = new Set<ChildProcess>()
process.on('exit', () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')))

function start(args: string[], env: NodeJS.ProcessEnv) {
  let output = ''
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child)
      resolve({ code, signal })
    }),
  )
  return { child, exited, output: () => output }
}

const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, sleep(ms).then(() => 'timeout' as const)])
const lastLines = (text: string) => text.trim().split('\n').slice(-3).join(' | ').slice(0, 300)

function appEnv(databaseUrl: string, slot: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    NODE_OPTIONS: '--no-deprecation',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    PAYLOAD_SECRET: SECRET,
    SERVER_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'warn',
    MEDIA_DIR: path.join(work, `media-${slot}`),
    ...extra,
  }
}

async function startServer(databaseUrl: string, slot: number): Promise<Outcome> {
  const began = Date.now()
  const port = await freePort()
  const run = start(['dist/src/server.js'], appEnv(databaseUrl, slot, { PORT: String(port), SERVER_URL: `http://127.0.0.1:${port}` }))
  const seconds = () => (Date.now() - began) / 1000
  let isHealthy = false
  while (!isHealthy && Date.now() - began < SERVER_TIMEOUT_MS) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      const { code } = await run.exited
      const isSilent = !run.output().trim()
      return { kind: 'server', status: code === 13 || isSilent ? 'stalled' : 'failed', seconds: seconds(), detail: `exited ${code} before answering: ${lastLines(run.output()) || 'no output'}` }
    }
    isHealthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.status === 200, () => false)
    if (!isHealthy) await sleep(250)
  }
  const readyAfter = seconds()
  if (!isHealthy) {
    run.child.kill('SIGKILL')
    return { kind: 'server', status: 'stalled', seconds: readyAfter, detail: `no answer within ${SERVER_TIMEOUT_MS / 1000} s: ${lastLines(run.output()) || 'no output'}` }
  }
  run.child.kill('SIGTERM')
  const ended = await within(run.exited, SHUTDOWN_TIMEOUT_MS)
  if (ended === 'timeout') {
    run.child.kill('SIGKILL')
    return { kind: 'server', status: 'failed', seconds: readyAfter, detail: 'still running 30 s after SIGTERM' }
  }
  if (ended.code !== 0) return { kind: 'server', status: 'failed', seconds: readyAfter, detail: `exit ${ended.code ?? ended.signal} after SIGTERM: ${lastLines(run.output())}` }
  return { kind: 'server', status: 'ok', seconds: readyAfter, detail: '' }
}

async function runImporter(databaseUrl: string, slot: number): Promise<Outcome> {
  const began = Date.now()
  const run = start(['--max-semi-space-size=32', 'dist/scripts/import.js', 'content/seed/stories', '--quiet'], appEnv(databaseUrl, slot))
  const ended = await within(run.exited, IMPORT_TIMEOUT_MS)
  const seconds = (Date.now() - began) / 1000
  if (ended === 'timeout') {
    run.child.kill('SIGKILL')
    return { kind: 'import', status: 'stalled', seconds, detail: `not finished within ${IMPORT_TIMEOUT_MS / 1000} s: ${lastLines(run.output()) || 'no output'}` }
  }
  const hasSummary = /^Stories: \d+ created, \d+ unchanged, 0 failed/m.test(run.output())
  if (ended.code === 0 && hasSummary) return { kind: 'import', status: 'ok', seconds, detail: '' }
  const isStall = ended.code === 13 || (ended.code === 0 && !run.output().trim())
  return { kind: 'import', status: isStall ? 'stalled' : 'failed', seconds, detail: `exit ${ended.code ?? ended.signal}: ${lastLines(run.output()) || 'no output'}` }
}

/** Busy loops, one process each, so the starts compete with a loaded machine. */
function startLoad(count: number): () => void {
  const loops = Array.from({ length: count }, () => start(['-e', 'for (;;) Math.sqrt(Math.random())'], process.env))
  return () => loops.forEach((loop) => loop.child.kill('SIGKILL'))
}

function summarise(outcomes: Outcome[], kind: Kind) {
  const mine = outcomes.filter((outcome) => outcome.kind === kind)
  const sorted = mine.filter((outcome) => outcome.status === 'ok').map((outcome) => outcome.seconds).sort((a, b) => a - b)
  const at = (share: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))].toFixed(1) : '–')
  const count = (status: Outcome['status']) => mine.filter((outcome) => outcome.status === status).length
  return { starts: mine.length, ok: count('ok'), stalled: count('stalled'), failed: count('failed'), median: at(0.5), p95: at(0.95), max: sorted.length ? sorted.at(-1)!.toFixed(1) : '–' }
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(root, '.next/BUILD_ID'))) throw new Error('No production build: run `npm run build` first (the server serves the admin from .next).')
  const { compile } = (await import('../scripts/compile.mjs')) as { compile: (options: { quiet: boolean }) => Promise<void> }
  await compile({ quiet: true })
  log(`Node ${process.version}; ${COUNT} starts each of ${KINDS.join(', ')}, ${BATCH} at once, ${LOAD} busy loop(s), ${os.availableParallelism()} cores`)

  const pg = await startBenchPostgres()
  const outcomes: Outcome[] = []
  let stopLoad = () => {}
  try {
    const template = await pg.createDatabase('starts_template')
    const migrating = start(['dist/scripts/migrate.js'], appEnv(template, 0))
    const migrated = await migrating.exited
    if (migrated.code !== 0) throw new Error(`npm run migrate failed (exit ${migrated.code}): ${migrating.output()}`)
    // One database per slot of a batch, so the starts of a batch never wait on each other's rows.
    const slots = await Promise.all(Array.from({ length: BATCH }, (_, slot) => pg.cloneDatabase(`starts_slot_${slot}`, 'starts_template')))

    stopLoad = startLoad(LOAD)
    for (const kind of KINDS) {
      const began = Date.now()
      for (let first = 0; first < COUNT; first += BATCH) {
        const size = Math.min(BATCH, COUNT - first)
        const batch = await Promise.all(Array.from({ length: size }, (_, slot) => (kind === 'server' ? startServer(slots[slot], slot) : runImporter(slots[slot], slot))))
        outcomes.push(...batch)
        for (const outcome of batch.filter((item) => item.status !== 'ok')) log(`${kind} ${outcome.status}: ${outcome.detail}`)
        if ((first / BATCH) % 5 === 4 || first + BATCH >= COUNT) {
          const sofar = summarise(outcomes, kind)
          log(`${kind}: ${sofar.starts} started, ${sofar.ok} ok, ${sofar.stalled} stalled, ${sofar.failed} failed`)
        }
      }
      log(`${kind}: done in ${Math.round((Date.now() - began) / 1000)} s`)
    }
  } finally {
    stopLoad()
    await pg.stop()
    fs.rmSync(work, { recursive: true, force: true })
  }

  const rows = KINDS.map((kind) => ({ kind, ...summarise(outcomes, kind) }))
  const command = { server: '`node dist/src/server.js` (npm start)', import: '`node dist/scripts/import.js content/seed/stories` (npm run import)' }
  const report = [
    '# Production starts under load',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run prove:starts\` (bench/starts.ts): Node ${process.version}, ` +
      `${os.availableParallelism()} cores, ${BATCH} starts at once, ${LOAD} busy loop(s) running throughout, nothing retried. ` +
      'A server start is ok when /healthz answers 200 and SIGTERM ends it with exit 0; an import when it exits 0 with its summary. ' +
      'Seconds are until /healthz answered (server) or until exit (import), for the ok starts.',
    '',
    '| what | starts | ok | stalled | failed | median s | p95 s | max s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${command[row.kind]} | ${row.starts} | ${row.ok} | ${row.stalled} | ${row.failed} | ${row.median} | ${row.p95} | ${row.max} |`),
    '',
  ].join('\n')
  fs.writeFileSync(path.join(root, values.out!), report)
  console.log(`\n${report}`)
  const isClean = rows.every((row) => row.ok === row.starts)
  console.log(`${isClean ? 'PASS' : 'FAIL'}: ${rows.map((row) => `${row.kind} ${row.ok}/${row.starts} ok, ${row.stalled} stalled`).join('; ')}`)
  return isClean ? 0 : 1
}

process.exit(await main())
