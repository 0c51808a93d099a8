// The story by slug from a warm response cache, and its 304 (issue 20): against a bare `node:http` server serving the
// same bytes, headers included (bench/floor.ts, a process of its own), and for reference the Express floor of round
// one. Loads alternate round by round; medians. Beside the rates, each server's CPU time per 1,000 requests (from
// /proc): the load generator shares the two cores, so the rate alone can hide what the server itself spends.
// `npm run bench -- --only warm [--quick]`.
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

import { cpuSeconds } from '../src/cluster/processTree'

import { typeScriptArgs } from '../tests/helpers/typeScriptChild'
import type { Scenario, ScenarioContext } from './lib/scenarios'
import { smallNewsroom } from './lib/smallNewsroom'
import { round } from './coldBySlug'
import { median } from './lib/statistics'

type Sample = { rps: number; p99: number; cpuMsPerThousand: number; statuses: Record<string, number>; errors: number }

async function load(url: string, pid: number, headers: Record<string, string>, seconds: number): Promise<Sample> {
  const cpuBefore = cpuSeconds(pid)
  const result = await autocannon({ url, connections: 10, duration: seconds, headers })
  const cpuMs = (cpuSeconds(pid) - cpuBefore) * 1000
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    cpuMsPerThousand: round((cpuMs / Math.max(1, result.requests.total)) * 1000, 1),
    statuses: { '2xx': result['2xx'], '3xx': result['3xx'], '4xx': result['4xx'], '5xx': result['5xx'] },
    errors: result.errors + result.timeouts,
  }
}

/** The headers a response carried, in the order and spelling sent, without those Node adds to every response itself. */
const ADDED_BY_NODE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])
const sentHeaders = (url: string, headers: Record<string, string> = {}) =>
  new Promise<[string, string][]>((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const pairs: [string, string][] = []
        for (let n = 0; n < response.rawHeaders.length; n += 2) {
          if (!ADDED_BY_NODE.has(response.rawHeaders[n].toLowerCase())) pairs.push([response.rawHeaders[n], response.rawHeaders[n + 1]])
        }
        response.resume()
        response.on('end', () => resolve(pairs))
      })
      .on('error', reject)
  })

/** bench/floor.ts in a process of its own: the same bytes from a bare Express route and from node:http alone. */
async function startFloor(work: string, body: Buffer, etag: string, contentType: string, headers: { ok: [string, string][]; notModified: [string, string][] }) {
  const file = path.join(work, 'floor-body-warm.json')
  fs.writeFileSync(file, body)
  const headersFile = path.join(work, 'floor-headers-warm.json')
  fs.writeFileSync(headersFile, JSON.stringify(headers))
  const child = spawn(process.execPath, ['--no-deprecation', ...typeScriptArgs('bench/floor.ts', [file, etag, contentType, headersFile])], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()))
  const started = Date.now()
  while (!output.includes('"port"')) {
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`The floor server did not start: ${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const { port, rawPort } = JSON.parse(output.split('\n').find((line) => line.includes('"port"'))!) as { port: number; rawPort: number }
  return { url: `http://127.0.0.1:${port}/story`, rawUrl: `http://127.0.0.1:${rawPort}/story`, pid: child.pid!, stop: () => void child.kill('SIGTERM') }
}

export const warmBySlug: Scenario = {
  name: 'warm',
  isApiOnly: true,
  run: async ({ pg, isQuick, work, log, startServer, runScript }: ScenarioContext) => {
    const settings = isQuick ? { rounds: 3, seconds: 3, warmup: 1 } : { rounds: 5, seconds: 10, warmup: 2 }
    const databaseUrl = await smallNewsroom({ pg, work, runScript }, 'warm', 5)
    // API only: a cache hit never reaches Next.
    const server = await startServer(databaseUrl, { SERVE_ADMIN: 'false' }, 'warm')
    let floor: Awaited<ReturnType<typeof startFloor>> | null = null
    try {
      const [{ slug }] = await pg.query<{ slug: string }>(databaseUrl, `select slug from articles where title like 'Bench story %' and _status = 'published' order by id limit 1`)
      const storyUrl = `${server.url}/api/articles/by-slug/${encodeURIComponent(slug)}`
      const first = await fetch(storyUrl)
      const body = Buffer.from(await first.arrayBuffer())
      const etag = first.headers.get('etag')!
      const second = await fetch(storyUrl)
      await second.arrayBuffer()
      if (first.status !== 200 || second.headers.get('x-cache') !== 'HIT') throw new Error(`The story by slug is not cached (${first.status}, ${second.headers.get('x-cache')}).`)
      const headers = { ok: await sentHeaders(storyUrl), notModified: await sentHeaders(storyUrl, { 'if-none-match': etag }) }
      floor = await startFloor(work, body, etag, first.headers.get('content-type') ?? 'application/json', headers)
      const { pid: floorPid } = floor

      const loads = {
        rawFloor: { url: floor.rawUrl, pid: floorPid },
        bySlug: { url: storyUrl, pid: server.pid },
        expressFloor: { url: floor.url, pid: floorPid },
      }
      const measure = async (headers: Record<string, string>) => {
        for (const { url, pid } of Object.values(loads)) await load(url, pid, headers, settings.warmup)
        const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(loads).map((key) => [key, []]))
        for (let n = 0; n < settings.rounds; n++) for (const [key, { url, pid }] of Object.entries(loads)) samples[key].push(await load(url, pid, headers, settings.seconds))
        return Object.fromEntries(
          Object.entries(samples).map(([key, list]) => [
            key,
            { rps: round(median(list.map((s) => s.rps)), 1), p99: median(list.map((s) => s.p99)), cpuMsPerThousand: median(list.map((s) => s.cpuMsPerThousand)), rounds: list },
          ]),
        ) as Record<keyof typeof loads, { rps: number; p99: number; cpuMsPerThousand: number; rounds: Sample[] }>
      }
      const ok = await measure({})
      const notModified = await measure({ 'if-none-match': etag })
      const answeredOnly = (statusClass: string, summary: { rounds: Sample[] }) =>
        summary.rounds.every((sample) => sample.errors === 0 && Object.entries(sample.statuses).every(([name, count]) => (name === statusClass ? count > 0 : count === 0)))
      const ratio = (summary: typeof ok) => round(summary.bySlug.rps / summary.rawFloor.rps)
      const said = (summary: typeof ok) =>
        `by-slug ${summary.bySlug.rps} req/s (${summary.bySlug.cpuMsPerThousand} CPU ms per 1,000), node:http ${summary.rawFloor.rps} (${summary.rawFloor.cpuMsPerThousand}), Express ${summary.expressFloor.rps} (${summary.expressFloor.cpuMsPerThousand}): ${ratio(summary)}×`
      log(`warm: ${said(ok)}; 304: ${said(notModified)}`)
      const row = (name: string, summary: typeof ok, statusClass: string) => ({
        scenario: name,
        baseline: `a bare node:http server, the same response bytes: ${summary.rawFloor.rps} req/s (p99 ${summary.rawFloor.p99} ms; CPU ${summary.rawFloor.cpuMsPerThousand} ms per 1,000)`,
        measured: `${summary.bySlug.rps} req/s = ${ratio(summary)}× (p99 ${summary.bySlug.p99} ms; CPU ${summary.bySlug.cpuMsPerThousand} ms per 1,000 = ${round(summary.bySlug.cpuMsPerThousand / summary.rawFloor.cpuMsPerThousand)}×); a bare Express route ${summary.expressFloor.rps} req/s`,
        target: '≥ 0.9×',
        isPassed: ratio(summary) >= 0.9 && [summary.bySlug, summary.rawFloor].every((s) => answeredOnly(statusClass, s)),
      })
      return {
        results: { ok, notModified, bodyBytes: body.length, headers },
        targets: [
          row(`by-slug, anonymous, cache warm (${body.length} bytes)`, ok, '2xx'),
          row('same, If-None-Match → 304', notModified, '3xx'),
        ],
      }
    } finally {
      floor?.stop()
      await server.stop()
    }
  },
}
