// Bench data setup, run as its own process against the bench database (DATABASE_URL, NODE_ENV=production):
// imports the seed and the generated stories, publishes them through the real workflow (submit, approve,
// publish through the publish gate), then times the publish gate on 200-image stories with and without it.
// Usage: tsx bench/setup.ts <out.json> <stories folder> <probes folder> <gate folder>
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { type CollectionBeforeChangeHook, createLocalReq, type Payload, type TypedUser } from 'payload'

import { closePayload } from '../src/db/closePayload'
import { executeSql } from '../src/db/execute'
import { findStoryProblems, requireImageAttribution } from '../src/publishGate'
import { refreshPublicVisibility } from '../src/visibility/refreshPublicVisibility'
import { importStories } from '../src/import/importStories'
import { expandStoryPaths, fileSources, loadAltText, loadOrganizationDirectory } from '../src/import/storySources'
import type { User } from '../src/payload-types'
import { DEMO_ACCOUNTS, SEED_DIR } from '../src/seed/seedDemoContent'
import { transitionArticle } from '../src/workflow/transitionArticle'
import { waiveMissingDeskChecks } from '../src/workflow/waiveDeskCheck'
import { BENCH_PASSWORD } from './lib/smallNewsroom'

const [outFile, storiesDir, probesDir, gateDir] = process.argv.slice(2)
// One at a time: concurrent publishes of stories sharing photo credits deadlock in refreshPublicVisibility
// (both lock the same photo_credits rows in different orders; see RESULTS.md).
const CONCURRENCY = 1
// Stories published one by one through the workflow (about half a second each); the rest pass the same
// gate check, then go live in one SQL statement plus the app's own visibility refresh.
const WORKFLOW_SAMPLE = Number(process.env.BENCH_WORKFLOW_SAMPLE ?? 20)

// Every SQL statement the process sends, counted at the driver db-postgres uses.
const pgOfAdapter = createRequire(createRequire(import.meta.url).resolve('@payloadcms/db-postgres'))('pg')
let statements = 0
const originalQuery = pgOfAdapter.Client.prototype.query
pgOfAdapter.Client.prototype.query = function (...args: unknown[]) {
  statements += 1
  return originalQuery.apply(this, args)
}

// The gate wrapped: switchable, timed, its statements counted.
let isGateEnabled = true
const gateRuns: { ms: number; statements: number }[] = []
const timedGate: CollectionBeforeChangeHook = async (args) => {
  if (!isGateEnabled) return args.data
  const [startedAt, before] = [performance.now(), statements]
  const result = await requireImageAttribution(args)
  if (args.data._status === 'published') gateRuns.push({ ms: performance.now() - startedAt, statements: statements - before })
  return result
}

const { getPayload } = await import('payload')
const { default: configPromise } = await import('../payload.config')
const config = await configPromise
config.typescript.autoGenerate = false
const articles = config.collections.find((collection) => collection.slug === 'articles')!
const gateIndex = articles.hooks.beforeChange.indexOf(requireImageAttribution)
if (gateIndex < 0) throw new Error('The publish gate hook was not found on articles.')
articles.hooks.beforeChange[gateIndex] = timedGate
const payload: Payload = await getPayload({ config })

const asUser = (user: User) => ({ ...user, collection: 'users' }) as TypedUser
const users = {} as Record<string, User>
for (const account of DEMO_ACCOUNTS) {
  users[account.role] = await payload.create({ collection: 'users', data: { ...account, password: BENCH_PASSWORD }, overrideAccess: true })
}

async function importFolder(folder: string, altTextFile?: string): Promise<number[]> {
  const storyPaths = expandStoryPaths([folder])
  const ids: number[] = []
  await importStories({
    payload,
    sources: fileSources(storyPaths),
    directory: loadOrganizationDirectory(),
    altText: loadAltText({ storyPaths, explicitFile: altTextFile }),
    authorIds: [users.writer.id],
    onStory: (outcome) => {
      if (outcome.status === 'created' && outcome.id !== undefined) ids.push(outcome.id)
      else if (outcome.status === 'failed') throw new Error(`${outcome.name}: ${outcome.error}`)
    },
  })
  return ids
}

const approve = async (articleId: number) => {
  await transitionArticle({ payload, articleId, to: 'in-review', note: 'Ready for the desk.', user: asUser(users.writer) })
  // Generated stories have no topics or SEO text: the desk's checks are waived, as an editor would on the record.
  await waiveMissingDeskChecks({ payload, articleId, note: 'Generated benchmark story.', user: asUser(users.editor) })
  await transitionArticle({ payload, articleId, to: 'approved', note: 'Credits and alt text checked.', user: asUser(users.editor) })
}
const publish = (articleId: number) =>
  payload.update({ collection: 'articles', id: articleId, data: { _status: 'published' }, user: users.editor, overrideAccess: false })

async function inParallel(ids: number[], work: (id: number) => Promise<unknown>) {
  let next = 0
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < ids.length) await work(ids[next++])
  }))
}

const timings: Record<string, number> = {}
const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const startedAt = performance.now()
  try {
    return await work()
  } finally {
    timings[name] = Math.round(performance.now() - startedAt)
    console.error(`[setup] ${name}: ${timings[name]} ms`)
  }
}

try {
  const seedIds = await time('importSeed', () => importFolder(path.join(SEED_DIR, 'stories'), path.join(SEED_DIR, 'alt-text.json')))
  const storyIds = await time('importStories', () => importFolder(storiesDir))
  const probeIds = await time('importProbes', () => importFolder(probesDir))
  const gateIds = await time('importGateStories', () => importFolder(gateDir))
  await time('publishThroughWorkflow', () => inParallel([...seedIds, ...probeIds, ...storyIds.slice(0, WORKFLOW_SAMPLE)], async (id) => {
    await approve(id)
    await publish(id)
  }))
  const rest = storyIds.slice(WORKFLOW_SAMPLE)
  await time('publishRestInSql', async () => {
    const req = await createLocalReq({}, payload)
    for (const id of rest) {
      const story = await payload.findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: true })
      const problems = await findStoryProblems({ story, req })
      if (problems.length) throw new Error(`Story ${id} would not pass the publish gate: ${JSON.stringify(problems)}`)
    }
    if (!rest.length) return
    const ids = rest.join(',')
    await executeSql(req, `update articles set _status = 'published', stage = 'published', published_at = now() where id in (${ids})`)
    await executeSql(req, `update _articles_v set version__status = 'published', version_stage = 'published', version_published_at = now() where latest and parent_id in (${ids})`)
    await refreshPublicVisibility(req)
  })
  await inParallel(gateIds, approve)

  // Gate stories alternate: even ones published with the gate, odd ones without; one at a time.
  gateRuns.length = 0
  const publishes: { isGateEnabled: boolean; ms: number; statements: number; images: number }[] = []
  for (const [n, id] of gateIds.entries()) {
    isGateEnabled = n % 2 === 0
    const images = Number((await payload.findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: true })).title.match(/(\d+) images/)?.[1])
    const [startedAt, before] = [performance.now(), statements]
    await publish(id)
    publishes.push({ isGateEnabled, ms: performance.now() - startedAt, statements: statements - before, images })
  }
  isGateEnabled = true
  const published = await payload.count({ collection: 'articles', where: { _status: { equals: 'published' } }, overrideAccess: true })
  fs.writeFileSync(outFile, JSON.stringify({ timings, publishedStories: published.totalDocs, seedIds, publishes, gateRuns }, null, 2))
} finally {
  await closePayload(payload)
}
process.exit(0)
