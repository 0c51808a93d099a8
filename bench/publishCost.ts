// What one publish costs as the library grows: `npx tsx bench/publishCost.ts [--large 1000] [--small 20] [--rounds 4]`.
// Builds a small and a large library of live 10-photo stories (bench PostgreSQL, production mode), then publishes
// and unpublishes fresh stories through the workflow, alternating the visibility refresh each write runs: the
// incremental one (what the app does) and the whole-table recomputation (what it did before), in the same run.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'

import type { DependentRow, StoryReferenceRow } from '../src/visibility/publicVisibility'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { large: { type: 'string', default: '1000' }, small: { type: 'string', default: '20' }, rounds: { type: 'string', default: '6' } },
})
const root = path.resolve(import.meta.dirname, '..')
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]

if (positionals[0] === 'library') await measureOneLibrary(Number(positionals[1]), Number(values.rounds))
else await main()

async function main() {
  const { startBenchPostgres } = await import('./lib/postgres')
  const pg = await startBenchPostgres()
  try {
    const results: Record<string, unknown>[] = []
    for (const stories of [Number(values.small), Number(values.large)]) {
      const databaseUrl = await pg.createDatabase(`publish_cost_${stories}`)
      const child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', 'bench/publishCost.ts', 'library', String(stories), '--rounds', values.rounds!], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PAYLOAD_SECRET: 'bench-payload-secret', JOBS_AUTORUN: 'false', LOG_LEVEL: 'warn', MEDIA_DIR: path.join(root, `bench/.work/media-publish-cost-${stories}`) },
      })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
      if ((await new Promise((resolve) => child.on('exit', resolve))) !== 0) throw new Error(`The ${stories}-story library failed:\n${output}`)
      results.push(JSON.parse(output.trim().split('\n').at(-1)!))
    }
    console.table(results)
    type Result = { incrementalPublishMs: number; fullPublishMs: number; incrementalUnpublishMs: number; fullUnpublishMs: number; refreshWholeTablesMs: number; refreshIncrementalMs: number }
    const [small, large] = results as Result[]
    console.log(
      `the refresh alone, large/small library: whole tables ${(large.refreshWholeTablesMs / small.refreshWholeTablesMs).toFixed(2)}×, ` +
        `incremental ${(large.refreshIncrementalMs / small.refreshIncrementalMs).toFixed(2)}×`,
    )
    console.log(
      `publish, large/small library: incremental ${(large.incrementalPublishMs / small.incrementalPublishMs).toFixed(2)}×, ` +
        `whole tables ${(large.fullPublishMs / small.fullPublishMs).toFixed(2)}×; ` +
        `unpublish: incremental ${(large.incrementalUnpublishMs / small.incrementalUnpublishMs).toFixed(2)}×, whole tables ${(large.fullUnpublishMs / small.fullUnpublishMs).toFixed(2)}×`,
    )
  } finally {
    await pg.stop()
  }
  process.exit(0)
}

async function measureOneLibrary(liveStories: number, rounds: number) {
  const { createLocalReq } = await import('payload')
  const { closePayload } = await import('../src/db/closePayload')
  const { executeSql } = await import('../src/db/execute')
  const visibility = await import('../src/visibility/refreshPublicVisibility')
  const { importStories } = await import('../src/import/importStories')
  const { loadOrganizationDirectory } = await import('../src/import/storySources')
  const { DEMO_ACCOUNTS } = await import('../src/seed/seedDemoContent')
  const { transitionArticle } = await import('../src/workflow/transitionArticle')
  const { waiveMissingDeskChecks } = await import('../src/workflow/waiveDeskCheck')
  const { benchStory } = await import('./lib/stories')
  const { BENCH_PASSWORD } = await import('./lib/smallNewsroom')
  const { getPayload } = await import('payload')
  const { default: configPromise } = await import('../payload.config')
  const config = await configPromise
  config.typescript.autoGenerate = false

  // The story refresh, switchable between the incremental one and a recomputation over whole tables.
  let isWholeTables = false
  const articles = config.collections.find((collection) => collection.slug === 'articles')!
  const index = articles.hooks!.afterChange!.indexOf(visibility.refreshStoryVisibilityAfterChange)
  if (index < 0) throw new Error('The story visibility hook was not found on articles.')
  articles.hooks!.afterChange![index] = async (args) => {
    if (!isWholeTables) return visibility.refreshStoryVisibilityAfterChange(args)
    await visibility.refreshPublicVisibility(args.req)
    return args.doc
  }
  const payload = await getPayload({ config })
  try {
    const users: Record<string, { id: number }> = {}
    for (const account of DEMO_ACCOUNTS) users[account.role] = await payload.create({ collection: 'users', data: { ...account, password: BENCH_PASSWORD }, overrideAccess: true })
    const asUser = (role: string) => ({ ...users[role], collection: 'users' }) as never
    const pool = Math.min(1000, liveStories * 10)
    const ids: number[] = []
    await importStories({
      payload,
      sources: Array.from({ length: liveStories + rounds * 2 }, (_, n) => ({ name: `story-${n}.txt`, read: async () => benchStory({ index: n, images: 10, photoPoolSize: pool }) })),
      directory: loadOrganizationDirectory(),
      authorIds: [users.writer.id],
      onStory: (outcome) => {
        if (outcome.status !== 'created') throw new Error(`${outcome.name}: ${outcome.error}`)
        ids.push(outcome.id!)
      },
    })
    ids.sort((a, b) => a - b)
    const live = ids.slice(0, liveStories)
    const req = await createLocalReq({}, payload)
    await executeSql(req, `update articles set _status = 'published', stage = 'published', published_at = now() where id in (${live.join(',')})`)
    await visibility.refreshPublicVisibility(req)
    await executeSql(req, 'vacuum analyze')

    const measured = { incrementalPublish: [] as number[], fullPublish: [] as number[], incrementalUnpublish: [] as number[], fullUnpublish: [] as number[] }
    for (const [n, id] of ids.slice(liveStories).entries()) {
      isWholeTables = n % 2 === 1
      await transitionArticle({ payload, articleId: id, to: 'in-review', user: asUser('writer') })
      await waiveMissingDeskChecks({ payload, articleId: id, note: 'Generated benchmark story.', user: asUser('editor') })
      await transitionArticle({ payload, articleId: id, to: 'approved', user: asUser('editor') })
      let startedAt = performance.now()
      await payload.update({ collection: 'articles', id, data: { _status: 'published' }, user: asUser('editor'), overrideAccess: false })
      measured[isWholeTables ? 'fullPublish' : 'incrementalPublish'].push(performance.now() - startedAt)
      startedAt = performance.now()
      await payload.update({ collection: 'articles', id, data: { _status: 'draft' }, user: asUser('editor'), overrideAccess: false })
      measured[isWholeTables ? 'fullUnpublish' : 'incrementalUnpublish'].push(performance.now() - startedAt)
    }
    // The refresh alone, as a publish of one live story runs it: over whole tables, and over what the story uses.
    const { liveStoryReferencesSql, seedsOfStoryRows } = await import('../src/visibility/publicVisibility')
    const refresh = { wholeTables: [] as number[], incremental: [] as number[] }
    for (const id of live.slice(0, 10)) {
      const transactionID = await payload.db.beginTransaction()
      const inTransaction = await createLocalReq({}, payload)
      inTransaction.transactionID = transactionID!
      try {
        let startedAt = performance.now()
        await visibility.refreshPublicVisibility(inTransaction)
        refresh.wholeTables.push(performance.now() - startedAt)
        startedAt = performance.now()
        const seeds = seedsOfStoryRows(await executeSql<StoryReferenceRow>(inTransaction, liveStoryReferencesSql(id)))
        await visibility.refreshPublicVisibilityOf(inTransaction, seeds)
        refresh.incremental.push(performance.now() - startedAt)
      } finally {
        await payload.db.rollbackTransaction(transactionID!)
      }
    }
    if (process.env.EXPLAIN) {
      const seeds = seedsOfStoryRows(await executeSql<StoryReferenceRow>(req, liveStoryReferencesSql(live[0])))
      const { dependentsSql, visibilityRefreshSql, withDependents } = await import('../src/visibility/publicVisibility')
      const expanded = withDependents(seeds, await executeSql<DependentRow>(req, dependentsSql(seeds)))
      for (const statement of visibilityRefreshSql(expanded).split(';').filter((text) => text.trim())) {
        const plan = await executeSql(req, `explain (analyze, costs off) ${statement}`)
        console.error(plan.map((row) => Object.values(row)[0]).join('\n'))
      }
    }
    const counts = await executeSql(req, 'select (select count(*) from media)::int as media, (select count(*) from articles where _status = \'published\')::int as live')
    console.log(
      JSON.stringify({
        liveStories,
        ...counts[0],
        incrementalPublishMs: Math.round(median(measured.incrementalPublish)),
        fullPublishMs: Math.round(median(measured.fullPublish)),
        incrementalUnpublishMs: Math.round(median(measured.incrementalUnpublish)),
        fullUnpublishMs: Math.round(median(measured.fullUnpublish)),
        refreshWholeTablesMs: Math.round(median(refresh.wholeTables) * 10) / 10,
        refreshIncrementalMs: Math.round(median(refresh.incremental) * 10) / 10,
      }),
    )
  } finally {
    await closePayload(payload)
  }
  process.exit(0)
}
