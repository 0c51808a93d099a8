// A real PostgreSQL primary and a hot standby streaming from it (pg_basebackup -R), with the app (in this process)
// reading through DATABASE_REPLICA_URLS: a writer sees its write at once while the replica lags, readers are
// served from the replica once it has replayed, a replica held behind never puts a stale story into the response
// cache, and killing the replica under load fails no request.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Payload, SanitizedConfig } from 'payload'

import { type PostgresPair, startPostgresPair } from '../../src/cluster/postgresPair'
import { closePayload } from '../../src/db/closePayload'
import { freePort } from '../../src/db/freePort'
import { queryOnce } from '../../src/db/withClient'
import { readReplicasOf, type ReadReplicas } from '../../src/readReplica/replicaPools'
import { lsnFromText } from '../../src/readReplica/replicaRules'
import { type CompiledProcess, ensureCompiled, startCompiled } from '../helpers/compiledProcess'
import { callerFor, rest, anonymousCaller, type Caller } from '../helpers/http'
import { approveStory } from '../helpers/stories'
import { listenApp, type ListeningApp, type TestContext } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

let replication: PostgresPair | null = null
let payload: Payload | null = null
let app: ListeningApp | null = null
let replicas: ReadReplicas
let editor: Caller
let mediaDir = ''
let otherProcess: CompiledProcess | null = null
const ENVIRONMENT = ['DATABASE_URL', 'DATABASE_REPLICA_URLS', 'DB_PUSH', 'MEDIA_DIR'] as const
const environmentBefore = Object.fromEntries(ENVIRONMENT.map((name) => [name, process.env[name]]))

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const started = Date.now()
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting until ${what}.`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const standbyDek = async (id: number): Promise<string | null> =>
  (await queryOnce<{ dek: string | null }>(replication!.replicaUrl, `select dek from articles where id = ${Number(id)}`))[0]?.dek ?? null

/** Whether the standby has replayed everything the primary has written so far. */
async function standbyCaughtUp(): Promise<boolean> {
  const [{ lsn: written }] = await queryOnce<{ lsn: string }>(replication!.primaryUrl, 'select pg_current_wal_lsn()::text as lsn')
  const [{ lsn: replayed }] = await queryOnce<{ lsn: string }>(replication!.replicaUrl, 'select pg_last_wal_replay_lsn()::text as lsn')
  return lsnFromText(replayed)! >= lsnFromText(written)!
}

const pauseReplay = () => replication!.pauseReplay()
const resumeReplay = () => replication!.resumeReplay()

beforeAll(async () => {
  // fsync and full-page writes off: a throw-away pair need not survive a power cut, and the tests run faster.
  replication = await startPostgresPair({ settings: { fsync: 'off', full_page_writes: 'off' } })
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-test-media-'))
  process.env.DATABASE_URL = replication.primaryUrl
  process.env.DATABASE_REPLICA_URLS = replication.replicaUrl
  // The schema is pushed into the primary; the standby replays it.
  process.env.DB_PUSH = 'true'
  process.env.MEDIA_DIR = mediaDir
  const { getPayload } = await import('payload')
  const { default: configPromise } = await import('../../payload.config')
  const config: SanitizedConfig = await configPromise
  payload = await getPayload({ config })
  replicas = readReplicasOf(payload)!
  await payload.create({
    collection: 'users',
    data: { name: 'Bootstrap Admin', email: 'bootstrap-admin@newsroom.test', password: 'bootstrap-admin-password', role: 'admin' },
    overrideAccess: true,
  })
  const context = { payload, config, databaseUrl: replication.primaryUrl, databaseName: 'newsroom', mediaDir, close: async () => {} } satisfies TestContext
  app = await listenApp(context, { apiRateLimit: { limit: 1_000_000, windowSeconds: 60 } })
  await until('the response cache listens for invalidations', async () => app!.app.locals.contentCache.isListening === true)
  editor = await callerFor(app.baseUrl, await createUser(payload, 'editor', 'Replica editor'))
  await until('the standby has replayed the schema', standbyCaughtUp)
}, 110_000)

afterAll(async () => {
  otherProcess?.kill('SIGKILL')
  await otherProcess?.exited
  await app?.stop().catch(() => {})
  if (payload) await closePayload(payload).catch(() => {})
  await replication?.stop()
  if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true })
  for (const name of ENVIRONMENT) {
    if (environmentBefore[name] === undefined) delete process.env[name]
    else process.env[name] = environmentBefore[name]
  }
}, 60_000)

async function publishedStory(title: string): Promise<{ id: number; slug: string }> {
  const story = await payload!.create({ collection: 'articles', data: { title, dek: 'First dek' }, draft: true, overrideAccess: true })
  await approveStory(payload!, story.id)
  const published = await rest(app!.baseUrl, editor, 'PATCH', `/api/articles/${story.id}`, { _status: 'published' })
  expect(published.status).toBe(200)
  return { id: story.id, slug: published.body.doc.slug }
}

const changeDek = async (id: number, dek: string) => {
  const changed = await rest(app!.baseUrl, editor, 'PATCH', `/api/articles/${id}`, { dek, _status: 'published' })
  expect({ status: changed.status, dek: changed.body?.doc?.dek }).toEqual({ status: 200, dek })
}

const anonymousRead = (slug: string) => rest(app!.baseUrl, anonymousCaller, 'GET', `/api/articles/by-slug/${slug}`)

/**
 * Refills the story's cached response until a refill is produced from the replica alone (it has then replayed
 * everything the app had written when it last heard of a change; WAL not yet written out may trail the row by a
 * moment). Every response on the way must be the fresh one.
 */
async function refillFromReplica(slug: string, dek: string) {
  const responses: string[] = []
  await until('a refill is read from the replica alone', async () => {
    app!.app.locals.contentCache.cache.clear()
    const replicaReadsBefore = replicas.stats.replicaReads
    const primaryReadsBefore = replicas.stats.primaryReads
    const read = await anonymousRead(slug)
    responses.push(`${read.status} ${read.body?.dek} ${read.headers.get('x-cache')}`)
    return replicas.stats.replicaReads > replicaReadsBefore && replicas.stats.primaryReads === primaryReadsBefore
  }, 10_000)
  expect(new Set(responses)).toEqual(new Set([`200 ${dek} MISS`]))
}

it('shows the writer its write at once while the replica lags, and serves readers from the replica once it has replayed', async () => {
  const story = await publishedStory('Read after write')
  await until('the standby has the story', async () => (await standbyDek(story.id)) === 'First dek')

  const draft = await payload!.create({ collection: 'articles', data: { title: 'Draft read after write', dek: 'First draft dek' }, draft: true, overrideAccess: true })
  await until('the standby has the draft', async () => (await standbyDek(draft.id)) === 'First draft dek')

  await pauseReplay()
  try {
    // A draft's save announces nothing to the caches; its writer still reads it back at once.
    const saved = await rest(app!.baseUrl, editor, 'PATCH', `/api/articles/${draft.id}?draft=true`, { dek: 'Second draft dek' })
    expect(saved.status).toBe(200)
    const ownDraft = await rest(app!.baseUrl, editor, 'GET', `/api/articles/${draft.id}?draft=true&depth=0`)
    expect(ownDraft.body.dek).toBe('Second draft dek')
    const [{ n: onStandby }] = await queryOnce<{ n: number }>(
      replication!.replicaUrl,
      `select count(*)::int as n from _articles_v where parent_id = ${Number(draft.id)} and version_dek = 'Second draft dek'`,
    )
    expect(onStandby).toBe(0)

    await changeDek(story.id, 'Second dek')
    // The writer's own next read, with the replica still showing the old dek: from the primary.
    const own = await rest(app!.baseUrl, editor, 'GET', `/api/articles/${story.id}?depth=0`)
    expect(own.body.dek).toBe('Second dek')
    expect(await standbyDek(story.id)).toBe('First dek')
  } finally {
    await resumeReplay()
  }

  await until('the standby has replayed the change', async () => (await standbyDek(story.id)) === 'Second dek')
  await refillFromReplica(story.slug, 'Second dek')
}, 60_000)

it('never caches a stale story from a replica held behind: after the invalidation it is read from the primary, and after replay from the replica, fresh', async () => {
  const story = await publishedStory('Held behind')
  await until('the standby has the story', async () => (await standbyDek(story.id)) === 'First dek')
  // Cached from the replica before the change.
  await refillFromReplica(story.slug, 'First dek')
  expect((await anonymousRead(story.slug)).headers.get('x-cache')).toBe('HIT')

  await pauseReplay()
  const seen: string[] = []
  try {
    await changeDek(story.id, 'Fresh dek')
    const primaryReadsBefore = replicas.stats.primaryReads
    for (let round = 0; round < 20; round += 1) {
      const read = await anonymousRead(story.slug)
      seen.push(`${read.status} ${read.body?.dek} ${read.headers.get('x-cache')}`)
    }
    // The replica still has the old dek, yet no reader got it, and the refill was stored (then hit) fresh.
    expect(await standbyDek(story.id)).toBe('First dek')
    // Until this process hears its own change back (NOTIFY, a few ms; longer on a busy machine) a read is served
    // fresh from the primary but not stored (BYPASS); then one refill is stored, fresh, and hit.
    const firstStored = seen.findIndex((answer) => !answer.endsWith('BYPASS'))
    expect(firstStored).toBeGreaterThanOrEqual(0)
    expect(new Set(seen.slice(0, firstStored))).toEqual(new Set(firstStored ? ['200 Fresh dek BYPASS'] : []))
    expect(seen[firstStored]).toBe('200 Fresh dek MISS')
    expect(new Set(seen.slice(firstStored + 1))).toEqual(new Set(['200 Fresh dek HIT']))
    expect(replicas.stats.primaryReads).toBeGreaterThan(primaryReadsBefore)
  } finally {
    await resumeReplay()
  }

  await until('the standby has replayed the change', async () => (await standbyDek(story.id)) === 'Fresh dek')
  for (let round = 0; round < 10; round += 1) expect((await anonymousRead(story.slug)).body.dek).toBe('Fresh dek')
  // Refilled once more now that the replica is caught up: from the replica, still fresh.
  await refillFromReplica(story.slug, 'Fresh dek')
}, 60_000)

it('never lets another app process cache a stale story from its replica held behind, after it hears of the change', async () => {
  await ensureCompiled()
  const port = await freePort()
  // Its connections are named, to see on the standby that it reads there.
  otherProcess = startCompiled('src/server.js', {
    DATABASE_URL: replication!.primaryUrl,
    DATABASE_REPLICA_URLS: replication!.replicaUrl,
    MEDIA_DIR: mediaDir,
    PORT: String(port),
    SERVE_ADMIN: 'false',
    API_RATE_LIMIT: '1000000',
    PGAPPNAME: 'other-app-process',
  })
  await otherProcess.waitForOutput(/API: http:\/\/localhost:\d+\/api/)
  const other = `http://127.0.0.1:${port}`
  const readThere = (slug: string) => rest(other, anonymousCaller, 'GET', `/api/articles/by-slug/${slug}`)
  const story = await publishedStory('Across processes, held behind')
  await until('the standby has the story', async () => (await standbyDek(story.id)) === 'First dek')
  await until('the other process serves the story', async () => (await readThere(story.slug)).body?.dek === 'First dek')
  // Reads of the other process reach the standby (each its own cache miss).
  let page = 0
  await until('the other process reads stories on the standby', async () => {
    page += 1
    expect((await rest(other, anonymousCaller, 'GET', `/api/articles?limit=1&page=${page}`)).status).toBe(200)
    const rows = await queryOnce<{ n: number }>(
      replication!.replicaUrl,
      `select count(*)::int as n from pg_stat_activity where application_name = 'other-app-process' and query ilike '%from "articles"%'`,
    )
    return rows[0]!.n > 0
  })

  await pauseReplay()
  const seen: string[] = []
  try {
    await changeDek(story.id, 'Fresh dek')
    // Until its NOTIFY arrives the other process may serve what it had; from then on only the fresh story.
    await until('the other process serves the changed story', async () => (await readThere(story.slug)).body?.dek === 'Fresh dek', 5_000)
    for (let round = 0; round < 20; round += 1) {
      const read = await readThere(story.slug)
      seen.push(`${read.status} ${read.body?.dek}`)
    }
    expect(await standbyDek(story.id)).toBe('First dek')
  } finally {
    await resumeReplay()
  }
  expect(new Set(seen)).toEqual(new Set(['200 Fresh dek']))
  await until('the standby has replayed the change', async () => (await standbyDek(story.id)) === 'Fresh dek')
  for (let round = 0; round < 10; round += 1) expect((await readThere(story.slug)).body.dek).toBe('Fresh dek')
  otherProcess.kill('SIGTERM')
  expect(await otherProcess.exited).toBe(0)
  otherProcess = null
}, 110_000)

it('answers every read when the replica is killed under load: its reads go to the primary', async () => {
  const story = await publishedStory('Replica killed')
  await until('the standby has the story', async () => (await standbyDek(story.id)) === 'First dek')
  const failures: string[] = []
  let answered = 0
  let isRunning = true
  let isKilled = false
  let answeredAfterKill = 0
  // Each request a cache miss (its own query string), so every one reads the database.
  const lane = async (index: number) => {
    for (let round = 0; isRunning; round += 1) {
      const result = await rest(app!.baseUrl, anonymousCaller, 'GET', `/api/articles?limit=1&page=${index * 100_000 + round + 1}`).catch((error: Error) => ({ status: 0, text: error.message }))
      if (result.status !== 200) failures.push(`${result.status} ${result.text.slice(0, 200)}`)
      answered += 1
      if (isKilled) answeredAfterKill += 1
    }
  }
  const replicaReadsBefore = replicas.stats.replicaReads
  const lanes = Array.from({ length: 8 }, (_, index) => lane(index))
  try {
    await until('reads flow from the replica', async () => replicas.stats.replicaReads > replicaReadsBefore + 20 && answered > 20)
    replication!.killReplica()
    isKilled = true
    await until('reads go on after the kill', async () => answeredAfterKill >= 100)
  } finally {
    isRunning = false
    await Promise.all(lanes)
  }
  expect(failures).toEqual([])
  expect(replicas.replicasUp).toEqual([false])
  // The story itself, read anonymously after the kill, from the primary.
  app!.app.locals.contentCache.cache.clear()
  expect((await anonymousRead(story.slug)).body.dek).toBe('First dek')
}, 90_000)
