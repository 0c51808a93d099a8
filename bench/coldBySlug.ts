// The story by slug with the response cache off (issue 20): every read a miss, stories round-robin, against stock
// Payload REST `depth=2` on the same server and schema; and the SQL statements one cold read sends, listed, for
// stories of 1, 10 and 50 images (pg_stat_statements, the bench's own statements left out).
import autocannon from 'autocannon'

import type { BenchPostgres } from './lib/postgres'
import type { Scenario, ScenarioContext } from './lib/scenarios'
import { smallNewsroom } from './lib/smallNewsroom'
import { median } from './lib/statistics'

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits

export type Sample = { rps: number; p99: number; non2xx: number; errors: number }

export async function load(url: string, paths: string[], seconds: number): Promise<Sample> {
  let next = 0
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [{ setupRequest: (request: { path: string }) => ({ ...request, path: paths[next++ % paths.length] }) }],
  })
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result['3xx'] + result['4xx'] + result['5xx'], errors: result.errors + result.timeouts }
}

/** Each distinct statement one read of `url` sends, with how many times per read. */
export async function statementsOf(pg: BenchPostgres, databaseUrl: string, url: string, times = 5) {
  await (await fetch(url)).arrayBuffer()
  await pg.query(databaseUrl, 'select pg_stat_statements_reset()')
  for (let n = 0; n < times; n++) {
    const response = await fetch(url)
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
  }
  const rows = await pg.query<{ calls: string; query: string }>(
    databaseUrl,
    `select calls, regexp_replace(query, '\\s+', ' ', 'g') as query from pg_stat_statements s join pg_database d on d.oid = s.dbid
     where d.datname = current_database() and s.query not ilike '%pg_stat_statements%' order by query`,
  )
  const statements = rows.map((row) => ({ perRead: round(Number(row.calls) / times), query: row.query.slice(0, 400) }))
  return { perRead: round(statements.reduce((sum, statement) => sum + statement.perRead, 0)), statements }
}

export const coldBySlug: Scenario = {
  name: 'cold-by-slug',
  isApiOnly: true,
  run: async ({ pg, isQuick, work, log, startServer, runScript }: ScenarioContext) => {
    const settings = isQuick ? { stories: 20, rounds: 3, seconds: 2 } : { stories: 1000, rounds: 5, seconds: 10 }
    const databaseUrl = await smallNewsroom({ pg, work, runScript }, 'cold', settings.stories)
    // API only: both reads are Express routes (the by-slug route and Payload's REST handler), never Next's.
    const server = await startServer(databaseUrl, { RESPONSE_CACHE: 'off', SERVE_ADMIN: 'false' }, 'cold-by-slug')
    try {
      const slugs = (await pg.query<{ slug: string }>(databaseUrl, `select slug from articles where title like 'Bench story %' and _status = 'published' order by id`)).map((row) => row.slug)
      const probes = Object.fromEntries(
        (await pg.query<{ slug: string; title: string }>(databaseUrl, `select slug, title from articles where title like 'Probe story %'`)).map((row) => [Number(row.title.match(/(\d+) images/)![1]), row.slug]),
      ) as Record<number, string>
      const bySlug = (slug: string) => `/api/articles/by-slug/${encodeURIComponent(slug)}`
      const stock = (slug: string) => `/api/articles?where[slug][equals]=${encodeURIComponent(slug)}&depth=2`

      const statements: Record<string, Awaited<ReturnType<typeof statementsOf>>> = {}
      for (const images of [1, 10, 50]) {
        statements[`bySlug_${images}`] = await statementsOf(pg, databaseUrl, `${server.url}${bySlug(probes[images])}`)
        statements[`stock_${images}`] = await statementsOf(pg, databaseUrl, `${server.url}${stock(probes[images])}`)
      }
      log(`cold by slug: statements per read ${Object.entries(statements).map(([name, s]) => `${name} ${s.perRead}`).join(', ')}`)

      for (const paths of [slugs.map(stock), slugs.map(bySlug)]) await load(server.url, paths, 1)
      const samples: { stock: Sample[]; bySlug: Sample[] } = { stock: [], bySlug: [] }
      for (let n = 0; n < settings.rounds; n++) {
        samples.stock.push(await load(server.url, slugs.map(stock), settings.seconds))
        samples.bySlug.push(await load(server.url, slugs.map(bySlug), settings.seconds))
      }
      const summary = (list: Sample[]) => ({ rps: round(median(list.map((s) => s.rps)), 1), p99: median(list.map((s) => s.p99)) })
      const [stockSummary, bySlugSummary] = [summary(samples.stock), summary(samples.bySlug)]
      const isClean = [...samples.stock, ...samples.bySlug].every((sample) => sample.non2xx === 0 && sample.errors === 0 && sample.rps > 0)
      const ratio = bySlugSummary.rps / stockSummary.rps
      log(`cold by slug: ${bySlugSummary.rps} req/s (p99 ${bySlugSummary.p99} ms) vs stock ${stockSummary.rps} req/s (p99 ${stockSummary.p99} ms) = ${round(ratio)}×`)
      const counts = [1, 10, 50].map((images) => statements[`bySlug_${images}`].perRead)
      return {
        results: { stories: slugs.length, stock: stockSummary, bySlug: bySlugSummary, ratio: round(ratio), samples, statements },
        targets: [
          {
            scenario: `by-slug, cache cold (${slugs.length} stories round-robin, RESPONSE_CACHE=off)`,
            baseline: `stock REST depth=2 ${stockSummary.rps} req/s, p99 ${stockSummary.p99} ms`,
            measured: `${bySlugSummary.rps} req/s = ${round(ratio)}×, p99 ${bySlugSummary.p99} ms (${round(bySlugSummary.p99 / stockSummary.p99)} of stock's)`,
            target: '≥ 10×, p99 ≤ ⅓ of stock\'s',
            isPassed: isClean && ratio >= 10 && bySlugSummary.p99 <= stockSummary.p99 / 3,
          },
          {
            scenario: 'SQL statements per cold by-slug read (1 / 10 / 50 images)',
            baseline: `stock ${[1, 10, 50].map((images) => statements[`stock_${images}`].perRead).join(' / ')}`,
            measured: `${counts.join(' / ')} (listed in results.json)`,
            target: '≤ 2, flat in images',
            isPassed: counts.every((count) => count <= 2) && new Set(counts).size === 1,
          },
        ],
      }
    } finally {
      await server.stop()
    }
  },
}
