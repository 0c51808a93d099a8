// Two compiled app processes (dist/src/server.js, API only) on one database behind HAProxy with the deployment's own
// configuration (deploy/haproxy/haproxy.cfg): what one process writes the other and the proxy serve fresh, a
// process killed under load loses no acknowledged write while the proxy routes around it, and a process told to
// stop (SIGTERM) answers the request in flight before it exits 0.
import pg from 'pg'

import { startAppProcess } from '../../src/cluster/appProcesses'
import { isInstalled, type StartedProcess, waitUntil } from '../../src/cluster/childProcess'
import { startHaproxy } from '../../src/cluster/edgeServers'
import { ensureCompiled } from '../helpers/compiledProcess'
import { callerFor, rest, type Caller } from '../helpers/http'
import { approveStory } from '../helpers/stories'
import { testPayloadOfThisFile } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

const ctx = testPayloadOfThisFile()
const started: StartedProcess[] = []

beforeAll(async () => {
  if (!(await isInstalled('haproxy'))) throw new Error('HAProxy is not installed: apt-get install -y haproxy')
  await ensureCompiled()
}, 120_000)

afterAll(async () => {
  for (const process of started) await process.stop({ signal: 'SIGKILL' })
})

async function startApp() {
  const app = await startAppProcess({
    name: `app ${started.length + 1}`,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      DB_PUSH: 'false',
      DATABASE_URL: ctx.databaseUrl,
      MEDIA_DIR: ctx.mediaDir,
      SERVE_ADMIN: 'false',
      API_RATE_LIMIT: '1000000',
      SHUTDOWN_DRAIN_SECONDS: '20',
    },
  })
  started.push(app.process)
  return app
}

const until = (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => waitUntil(what, check, { timeoutMs })

it('serves fresh across processes, survives a killed process without losing an acknowledged write, and drains on SIGTERM', async () => {
  const [a, b] = await Promise.all([startApp(), startApp()])
  const haproxy = await startHaproxy({ apps: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`] })
  started.push(haproxy.process)
  const proxy = haproxy.url

  // Published through A, read fresh through B and through the proxy.
  const editor = await createUser(ctx.payload, 'editor', 'Topology editor')
  const writer = await createUser(ctx.payload, 'writer', 'Topology writer')
  const editorCaller: Caller = await callerFor(a.url, editor)
  const writerCaller: Caller = await callerFor(proxy, writer)
  const story = await ctx.payload.create({ collection: 'articles', data: { title: 'Across processes', dek: 'First dek' }, draft: true, overrideAccess: true })
  await approveStory(ctx.payload, story.id)
  const slug = (await ctx.payload.findByID({ collection: 'articles', id: story.id, draft: true, overrideAccess: true })).slug
  const anonymous: Caller = { name: 'anonymous', headers: {} }
  // Read (and possibly cached) as "not found" everywhere before it is published.
  for (const base of [a.url, b.url, proxy, proxy]) expect((await rest(base, anonymous, 'GET', `/api/articles/by-slug/${slug}`)).status).toBe(404)
  expect((await rest(a.url, editorCaller, 'PATCH', `/api/articles/${story.id}`, { _status: 'published' })).status).toBe(200)
  const publishedAt = Date.now()
  // The other process learns of the commit over NOTIFY (milliseconds); 5 s is the bound this test allows.
  await until('process B serves the published story', async () => (await rest(b.url, anonymous, 'GET', `/api/articles/by-slug/${slug}`)).status === 200, 5_000)
  const freshAfterMs = Date.now() - publishedAt
  for (const base of [b.url, proxy, proxy]) {
    const read = await rest(base, anonymous, 'GET', `/api/articles/by-slug/${slug}`)
    expect({ status: read.status, title: read.body?.title }).toEqual({ status: 200, title: 'Across processes' })
  }
  expect(freshAfterMs).toBeLessThan(5_000)

  // Measured over ten more: each read (and cached as "not found") by B, published through A, then read on B every
  // 5 ms from A's acknowledgement (the commit is before it) until fresh. The bound allowed is 2 s on a shared CI
  // machine; the measured figures are printed (NOTIFY itself takes milliseconds; the rest is B's cold render).
  const latencies: number[] = []
  for (let n = 0; n < 10; n += 1) {
    const next = await ctx.payload.create({ collection: 'articles', data: { title: `Measured across processes ${n}`, dek: 'Measured' }, draft: true, overrideAccess: true })
    await approveStory(ctx.payload, next.id)
    const nextSlug = (await ctx.payload.findByID({ collection: 'articles', id: next.id, draft: true, overrideAccess: true })).slug
    expect((await rest(b.url, anonymous, 'GET', `/api/articles/by-slug/${nextSlug}`)).status).toBe(404)
    expect((await rest(a.url, editorCaller, 'PATCH', `/api/articles/${next.id}`, { _status: 'published' })).status).toBe(200)
    const acknowledgedAt = performance.now()
    let read = await rest(b.url, anonymous, 'GET', `/api/articles/by-slug/${nextSlug}`)
    while (read.status !== 200 && performance.now() - acknowledgedAt < 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      read = await rest(b.url, anonymous, 'GET', `/api/articles/by-slug/${nextSlug}`)
    }
    latencies.push(performance.now() - acknowledgedAt)
    expect(read.status).toBe(200)
    // Never stale after that.
    for (const base of [b.url, b.url, proxy]) expect((await rest(base, anonymous, 'GET', `/api/articles/by-slug/${nextSlug}`)).status).toBe(200)
  }
  const sorted = [...latencies].sort((x, y) => x - y)
  console.log(`Published through A, fresh on B after (ms, from A's acknowledgement): median ${sorted[5].toFixed(0)}, max ${sorted[9].toFixed(0)}; all: ${latencies.map((ms) => ms.toFixed(0)).join(', ')}`)
  expect(sorted[9]).toBeLessThan(2_000)

  // 20 writers and readers through the proxy; A is killed while they run.
  const acknowledged: string[] = []
  const failuresAfterDown: number[] = []
  let isRunning = true
  let isADown = false
  const lane = async (index: number) => {
    for (let round = 0; isRunning; round += 1) {
      if (index % 2 === 0) {
        const title = `Lane ${index} story ${round}`
        const result = await rest(proxy, writerCaller, 'POST', '/api/articles?draft=true', { title }).catch(() => null)
        if (result?.status === 201) acknowledged.push(title)
        else if (isADown) failuresAfterDown.push(result?.status ?? 0)
      } else {
        const result = await rest(proxy, { name: 'anonymous', headers: {} }, 'GET', `/api/articles/by-slug/${slug}`).catch(() => null)
        if (isADown && result?.status !== 200) failuresAfterDown.push(result?.status ?? 0)
      }
    }
  }
  const lanes = Array.from({ length: 20 }, (_, index) => lane(index))
  await until('writes flow through the proxy', async () => acknowledged.length >= 10, 60_000)
  a.process.kill('SIGKILL')
  await a.process.exited
  // HAProxy marks A down after two failed checks (inter 1s, fall 2); from then on nothing may fail.
  const killedAt = Date.now()
  await until('HAProxy has routed around the killed process', async () => {
    const stat = await fetch(`${proxy}/healthz`)
    return stat.status === 200 && Date.now() - killedAt > 3_000
  })
  isADown = true
  const acknowledgedAtDown = acknowledged.length
  await until('more writes are acknowledged after the kill', async () => acknowledged.length >= acknowledgedAtDown + 20, 60_000)
  isRunning = false
  await Promise.all(lanes)
  expect(failuresAfterDown).toEqual([])
  const client = new pg.Client({ connectionString: ctx.databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ title: string }>('select title from articles where title = any($1::text[])', [acknowledged])
    expect(new Set(rows.map((row) => row.title))).toEqual(new Set(acknowledged))

    // SIGTERM to B while an edit is held in flight: it is answered, then B exits 0.
    const held = await ctx.payload.create({ collection: 'articles', data: { title: 'Held in flight', authors: [writer.id] }, draft: true, overrideAccess: true })
    await client.query('begin')
    await client.query('select id from articles where id = $1 for update', [held.id])
    const bWriter = await callerFor(b.url, writer)
    const inFlight = rest(b.url, bWriter, 'PATCH', `/api/articles/${held.id}?draft=true`, { dek: 'Answered during the drain' })
    await until('the edit waits on the held row', async () => {
      // Inside a transaction PostgreSQL keeps the first view of the activity statistics unless told to drop it.
      await client.query('select pg_stat_clear_snapshot()')
      const { rows: waiting } = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      )
      return waiting[0].n > 0
    })
    b.process.kill('SIGTERM')
    await b.process.waitForOutput(/SIGTERM received: answering 1 request\(s\) in flight/)
    await client.query('rollback')
    expect((await inFlight).status).toBe(200)
    expect(await b.process.exited).toBe(0)
  } finally {
    await client.end()
  }
}, 240_000)
