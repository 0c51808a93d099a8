// PostgreSQL stops under write and read load and comes back: the API process survives, says 503 while the
// database is down (health and API alike, promptly and without a stack trace), recovers by itself, and
// loses no acknowledged write. It runs its own PostgreSQL: the shared test cluster must never go down under
// the other test files.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { type RunningPostgres, startEmbeddedPostgres } from '../../src/db/embeddedPostgres'
import { runTypeScript } from '../helpers/typeScriptChild'
import { type ChildServer, startChildServer } from '../helpers/childServer'

const REQUEST_TIMEOUT_MS = 20_000

let postgres: RunningPostgres | undefined
let server: ChildServer | undefined
let databaseUrl: string
let mediaDir: string

beforeAll(async () => {
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-restart-media-'))
  postgres = await startEmbeddedPostgres()
  databaseUrl = await postgres.createDatabase('newsroom_restart')
  // The same push that prepares the shared test template (tests/setup/globalSetup.js).
  await runTypeScript('tests/setup/pushSchema.ts', {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
  })
  server = await startChildServer({ DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir })
}, 120_000)

afterAll(async () => {
  await server?.stop()
  await postgres?.stop()
  if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true })
})

type Phase = 'before' | 'outage' | 'after'
type Outcome = { phase: Phase; request: string; status: number | 'timeout' | 'network error'; body: string; ms: number }

let phase: Phase = 'before'
const outcomes: Outcome[] = []

async function call(method: string, requestPath: string, { token, body }: { token?: string; body?: unknown } = {}) {
  const started = Date.now()
  const record = (status: Outcome['status'], text: string) => {
    outcomes.push({ phase, request: `${method} ${requestPath.replace(/\d+/g, ':n')}`, status, body: text, ms: Date.now() - started })
    return { status, text, json: status === 'timeout' || status === 'network error' ? undefined : safeJson(text) }
  }
  try {
    const response = await fetch(`${server!.baseUrl}${requestPath}`, {
      method,
      headers: { ...(token ? { authorization: `JWT ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    return { ...record(response.status, await response.text()), headers: response.headers }
  } catch (error) {
    return { ...record((error as Error).name === 'TimeoutError' ? 'timeout' : 'network error', String(error)), headers: undefined }
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

async function until(description: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${description}.`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return Date.now() - started
}

const healthStatus = async () => (await call('GET', '/healthz')).status

/** The latest revision of each story the API acknowledged (2xx), keyed by story id. */
const acknowledged = new Map<number, { title: string; revision: number; phase: Phase }>()
const acknowledgedIn = (wanted: Phase) => [...acknowledged.values()].filter((story) => story.phase === wanted).length
const dekFor = (title: string, revision: number) => `${title}, revision ${revision}`

it('survives a PostgreSQL stop under load, answers 503 meanwhile, recovers by itself and keeps every acknowledged write', async () => {
  const registered = await call('POST', '/api/users/first-register', {
    body: { name: 'Restart Admin', email: 'restart-admin@newsroom.test', password: 'restart-admin-password' },
  })
  expect(registered.status).toBe(200)
  const token: string = registered.json.token

  let isDone = false
  const writeLane = async (lane: number) => {
    for (let storyIndex = 0; !isDone; storyIndex += 1) {
      const title = `Lane ${lane} story ${storyIndex}`
      const created = await call('POST', '/api/articles?draft=true', { token, body: { title, dek: dekFor(title, 0) } })
      if (created.status !== 201) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        continue
      }
      const id: number = created.json.doc.id
      acknowledged.set(id, { title, revision: 0, phase })
      for (let revision = 1; revision <= 3 && !isDone; revision += 1) {
        const updated = await call('PATCH', `/api/articles/${id}?draft=true`, { token, body: { dek: dekFor(title, revision) } })
        if (updated.status === 200) acknowledged.set(id, { title, revision, phase })
      }
    }
  }
  const readLane = async () => {
    while (!isDone) {
      await call('GET', '/api/articles?limit=5&depth=0')
      await call('GET', '/api/articles?limit=5&depth=0&draft=true', { token })
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const lanes = [writeLane(0), writeLane(1), writeLane(2), readLane()]

  try {
    await until('a few writes are acknowledged', () => acknowledgedIn('before') >= 5, 30_000)

    phase = 'outage'
    const stopStarted = Date.now()
    await postgres!.stopServer()
    const stopMs = Date.now() - stopStarted
    await until('/healthz reports the database down', async () => (await healthStatus()) === 503, 10_000)
    const down = await call('GET', '/healthz')
    expect({ status: down.status, body: down.json }).toEqual({ status: 503, body: { status: 'unavailable', database: 'down' } })

    // What a client sees while the database is down: a prompt, clean 503 that says why.
    for (const [method, requestPath, body] of [
      ['POST', '/api/articles?draft=true', { title: 'Filed during the outage' }],
      ['GET', '/api/articles?limit=1', undefined],
      // Our own routes, answered by the Express error handler rather than Payload's.
      ['GET', '/api/articles/by-slug/any-story', undefined],
      ['GET', '/api/feeds/rss.xml', undefined],
    ] as const) {
      const answer = await call(method, requestPath, { token, body })
      expect({ request: `${method} ${requestPath}`, status: answer.status }).toEqual({ request: `${method} ${requestPath}`, status: 503 })
      expect(answer.json?.errors?.[0]?.message).toMatch(/database is unavailable/i)
      expect({ request: `${method} ${requestPath}`, retryAfter: answer.headers?.get('retry-after') }).toEqual({ request: `${method} ${requestPath}`, retryAfter: '5' })
      expect(answer.text).not.toMatch(/\bat .+:\d+:\d+/)
    }
    // GraphQL answers 200 with errors, as it always does; the message says why.
    const query = await call('POST', '/api/graphql', { token, body: { query: '{ Articles(limit: 1) { docs { id } } }' } })
    expect(query.json?.errors?.[0]?.message).toMatch(/database is unavailable/i)
    // Let the load run against the stopped database for a moment.
    const outageOutcomes = () => outcomes.filter((outcome) => outcome.phase === 'outage').length
    const seenBefore = outageOutcomes()
    await until('the load has met the outage', () => outageOutcomes() >= seenBefore + 20, 15_000)

    await postgres!.startServer()
    const recoveryMs = await until('/healthz reports the database up again', async () => (await healthStatus()) === 200, 30_000)
    phase = 'after'
    await until('writes are acknowledged again', () => acknowledgedIn('after') >= 3, 30_000)
    console.log(
      `database restart: stop ${stopMs} ms, health back ${recoveryMs} ms after start; acknowledged stories ` +
        `before/outage/after ${acknowledgedIn('before')}/${acknowledgedIn('outage')}/${acknowledgedIn('after')}; ` +
        `${outcomes.length} requests (${outcomes.filter((outcome) => outcome.status === 503).length} answered 503)`,
    )
  } catch (error) {
    console.log(`What the API process logged:\n${server!.output().slice(-5000)}`)
    throw error
  } finally {
    isDone = true
    await Promise.all(lanes)
  }

  // The process never went down.
  expect({ exitCode: server!.process.exitCode, signal: server!.process.signalCode }).toEqual({ exitCode: null, signal: null })

  // Every answer was a success or a clean 503: no hang, no 500, no stack trace.
  const unexpected = outcomes.filter(
    (outcome) => ![200, 201, 503].includes(outcome.status as number) || /\bat .+:\d+:\d+/.test(outcome.body),
  )
  expect(unexpected.map(({ phase: when, request, status, body }) => ({ when, request, status, body: body.slice(0, 200) }))).toEqual([])
  expect(outcomes.filter((outcome) => outcome.phase === 'outage' && outcome.status === 503).length).toBeGreaterThan(0)

  // No acknowledged write is lost: every story is there with at least the revision the API acknowledged
  // (a later revision may have committed although its answer was lost in the outage).
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    // Draft saves land in the story's latest version row (the story row keeps its first draft).
    const { rows } = await client.query<{ id: number; title: string; dek: string }>(
      'select a.id, v.version_title as title, v.version_dek as dek from articles a join _articles_v v on v.parent_id = a.id and v.latest',
    )
    const stored = new Map(rows.map((row) => [row.id, row]))
    const lost = [...acknowledged].flatMap(([id, story]) => {
      const row = stored.get(id)
      const storedRevision = row?.title === story.title ? Number(/revision (\d+)$/.exec(row.dek)?.[1] ?? -1) : -1
      return storedRevision >= story.revision && row!.dek === dekFor(story.title, storedRevision) ? [] : [{ id, acknowledged: story, stored: row ?? null }]
    })
    expect(lost).toEqual([])
  } finally {
    await client.end()
  }
}, 120_000)
