// The import scenario alone, for profiling: `npx tsx bench/importAlone.ts [--count 1000] [--pool 1000] [--concurrency 4] [--profile] [--statements]`.
// Imports generated stories into a fresh database of the bench's PostgreSQL (production mode, migrations), samples
// the import's memory, counts its SQL statements (pg_stat_statements), then re-runs it (every story unchanged).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { generateStories } from '../src/import/generateStories'
import { startBenchPostgres } from './lib/postgres'
import { writeStories } from './lib/stories'

const { values } = parseArgs({
  options: { count: { type: 'string', default: '1000' }, pool: { type: 'string', default: '1000' }, profile: { type: 'boolean', default: false }, statements: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '4' } },
})
const count = Number(values.count)
const pool = Number(values.pool)
const root = path.resolve(import.meta.dirname, '..')
const work = path.join(root, 'bench/.work')
fs.mkdirSync(work, { recursive: true })

const folder = writeStories(
  path.join(work, `stories-import-${count}${pool === 1000 ? '' : `-pool${pool}`}`),
  [...generateStories({ count, photoPoolSize: pool })].map(({ index, text }) => ({ name: `story-${String(index + 1).padStart(5, '0')}.txt`, text })),
)
/** CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}
const rssMb = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) / 1024

// The importer runs as in production: the compiled JavaScript in dist/, compiled again here to match the sources.
const { compile } = (await import('../scripts/compile.mjs')) as { compile: (options: { quiet: boolean }) => Promise<void> }
await compile({ quiet: true })

const pg = await startBenchPostgres()
try {
  const databaseUrl = await pg.createDatabase('import_alone')
  const mediaDir = path.join(work, 'media-import-alone')
  fs.rmSync(mediaDir, { recursive: true, force: true })
  const importOnce = async (label: string) => {
    const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(work, 'profile-import')}`] : []
    const started = Date.now()
    const child = spawn(process.execPath, [...profile, '--max-semi-space-size=32', '--no-deprecation', 'dist/scripts/import.js', folder, '--batch-size', '100', '--concurrency', values.concurrency], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PAYLOAD_SECRET: 'bench-payload-secret', JOBS_AUTORUN: 'false', LOG_LEVEL: 'warn', MEDIA_DIR: mediaDir },
    })
    let output = ''
    // Stories reported per 10 s, to see where the time goes (photos first, then stories).
    const reportedAt: number[] = []
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString()
      output += text
      for (const _ of text.matchAll(/^created/gm)) reportedAt.push((Date.now() - started) / 1000)
    })
    const samples: number[] = []
    let cpu = 0
    const sampler = setInterval(() => {
      samples.push(rssMb(child.pid!))
      cpu = cpuSeconds(child.pid!)
    }, 250)
    await pg.query(databaseUrl, 'select pg_stat_statements_reset()').catch(() => {})
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    clearInterval(sampler)
    const seconds = (Date.now() - started) / 1000
    const [row] = await pg.query<{ calls: string }>(
      databaseUrl,
      `select coalesce(sum(calls), 0) as calls from pg_stat_statements s join pg_database d on d.oid = s.dbid
       where d.datname = current_database() and s.query not ilike '%pg_stat_statements%'`,
    )
    const half = Math.floor(samples.length / 2)
    const peak = (list: number[]) => Math.round(Math.max(...list))
    const curve = samples.filter((_, n) => n % 40 === 0).map(Math.round)
    console.log(
      `${label}: exit ${code}, ${seconds.toFixed(1)} s = ${((seconds * 1000) / count).toFixed(1)} ms/story; ` +
        `peak RSS ${peak(samples)} MB (first half ${peak(samples.slice(0, half))}, second ${peak(samples.slice(half))}); ` +
        `import process CPU ≥ ${cpu.toFixed(1)} s; SQL statements ${row.calls} (${(Number(row.calls) / count).toFixed(1)} per story); RSS every 10 s: ${curve.join(' ')}`,
    )
    const perTenSeconds = new Array(Math.ceil(seconds / 10)).fill(0)
    for (const at of reportedAt) perTenSeconds[Math.floor(at / 10)] += 1
    console.log(`stories reported per 10 s: ${perTenSeconds.join(' ')}`)
    console.log(output.trim().split('\n').slice(-6).join('\n'))
    if (values.statements) {
      const top = await pg.query<{ calls: string; total_ms: string; mean_ms: string; query: string }>(
        databaseUrl,
        `select calls, round(total_exec_time::numeric, 0) as total_ms, round(mean_exec_time::numeric, 2) as mean_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 130) as query from pg_stat_statements s join pg_database d on d.oid = s.dbid
         where d.datname = current_database() and s.query not like '%FOR KEY SHARE OF x' order by calls desc, total_exec_time desc limit 40`,
      )
      top.forEach((row) => console.log(`${String(row.calls).padStart(7)} ${String(row.total_ms).padStart(7)} ms ${String(row.mean_ms).padStart(7)} ms  ${row.query}`))
    }
  }
  await importOnce('import')
  await importOnce('re-run')
  const [totals] = await pg.query<{ n: number; d: number }>(databaseUrl, 'select count(*)::int as n, count(distinct import_hash)::int as d from articles')
  console.log(`articles ${totals.n} (${totals.d} distinct)`)
} finally {
  await pg.stop()
}
process.exit()
