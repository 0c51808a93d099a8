// The app behind the real Varnish (Debian's varnishd with the xkey module) running the deployment's own VCL
// (deploy/varnish/default.vcl, its backend port pointed at the app under test): anonymous reads are kept at the
// edge, a publish purges them within a measured bound and nothing stale is served after, drafts and staff are
// never kept, only the app hosts may purge, and an edge that is down never slows or fails a save.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

import { freePort } from '../../src/db/freePort'
import type { EdgeCacheSettings } from '../../src/edgeCache/edgeRules'
import { creditedStory } from '../helpers/contentApiFixtures'
import { eventually } from '../helpers/eventually'
import { rest, type Caller } from '../helpers/http'
import { publishStory } from '../helpers/stories'
import { secondAppProcessForTheseTests } from '../helpers/startSecondAppProcess'
import { listenApp, testPayloadOfThisFile, type ListeningApp } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'

const ctx = testPayloadOfThisFile()
const root = path.resolve(import.meta.dirname, '../..')
const VARNISHD = '/usr/sbin/varnishd'

const PURGE_AGAIN_MS = 300

const edgeSettings = (purgeUrls: string[], overrides: Partial<EdgeCacheSettings> = {}): EdgeCacheSettings => ({
  isOn: true,
  purgeUrls,
  edgeSeconds: 3600,
  staleIfErrorSeconds: 86_400,
  purgeTimeoutMs: 2000,
  purgeAttempts: 3,
  purgeRetryBaseMs: 100,
  // Short here, so a test can wait it out: the repeat purge of a publish would otherwise evict, 2 s later, what the
  // test warmed at the edge right after it (a HIT turning into a MISS under load).
  purgeAgainAfterMs: PURGE_AGAIN_MS,
  ...overrides,
})

let app: ListeningApp
let edge = ''
let stopEdge: () => Promise<void> = async () => {}
let editor: Caller

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Debian's varnishd running the shipped VCL, its backend pointed at `backendUrl`. Started as root, varnishd drops
 * its worker to the `varnish` user (the default `-j unix` jail), so its working folder must be readable by that user.
 */
async function varnishInFrontOf(backendUrl: string, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-edge-'))
  fs.chmodSync(workDir, 0o755)
  const shipped = fs.readFileSync(path.join(root, 'deploy/varnish/default.vcl'), 'utf8')
  const vcl = shipped.replace('.port = "8080";', `.port = "${new URL(backendUrl).port}";`)
  if (vcl === shipped) throw new Error('deploy/varnish/default.vcl no longer names its backend port as `.port = "8080";`: update this test.')
  fs.writeFileSync(path.join(workDir, 'default.vcl'), vcl)
  let output = ''
  const varnish = spawn(VARNISHD, ['-F', '-n', path.join(workDir, 'instance'), '-a', `127.0.0.1:${port}`, '-f', path.join(workDir, 'default.vcl'), '-s', 'malloc,64m'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  varnish.stdout?.on('data', (chunk) => (output += chunk))
  varnish.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise((resolve) => varnish.once('exit', resolve))
  const stop = async () => {
    if (varnish.exitCode === null && varnish.signalCode === null) {
      varnish.kill('SIGTERM')
      const timer = setTimeout(() => varnish.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    fs.rmSync(workDir, { recursive: true, force: true })
  }
  const url = `http://127.0.0.1:${port}`
  const started = Date.now()
  while (!(await fetch(`${url}/healthz`).then((response) => response.status === 200).catch(() => false))) {
    if (Date.now() - started > 30_000 || varnish.exitCode !== null) {
      await stop()
      throw new Error(`varnishd did not start: ${output}`)
    }
    await sleep(100)
  }
  return { url, stop }
}

beforeAll(async () => {
  if (!fs.existsSync(VARNISHD)) {
    throw new Error(`Varnish is not installed (${VARNISHD} is missing): apt-get install -y varnish varnish-modules (the edge cache test runs the real varnishd with the xkey module).`)
  }
  const varnishPort = await freePort()
  edge = `http://127.0.0.1:${varnishPort}`
  app = await listenApp(ctx, { edgeCache: edgeSettings([`${edge}/`]) })
  await eventually(() => app.app.locals.contentCache.isListening)
  stopEdge = (await varnishInFrontOf(app.baseUrl, varnishPort)).stop
  const user = await createUser(ctx.payload, 'editor', 'Edge editor')
  editor = { name: 'editor', headers: await loginHeaders(app.baseUrl, user.email) }
}, 60_000)

afterAll(async () => {
  await stopEdge()
  await app?.stop()
})

const read = async (base: string, urlPath: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${base}${urlPath}`, { headers })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null }
}

/** Reads at the edge until it answers from its store (the writer's own NOTIFY may still be on its way before). */
async function warmAtTheEdge(urlPath: string, edgeUrl: string = edge) {
  const states: string[] = []
  for (let attempt = 0; attempt < 40; attempt++) {
    const state = (await read(edgeUrl, urlPath)).headers.get('x-edge-cache') ?? 'none'
    states.push(state)
    if (state === 'HIT') return states
    await sleep(25)
  }
  throw new Error(`${urlPath} was never kept at the edge: ${states.join(', ')}`)
}

async function liveStory(title: string) {
  const fixture = await creditedStory(ctx.payload, { title })
  await publishStory(ctx.payload, fixture.story.id)
  // Past the publish's repeat purge, so what a test keeps at the edge next stays kept.
  await sleep(PURGE_AGAIN_MS + 200)
  return fixture
}

const editDraft = (id: number, data: Record<string, unknown>) => rest(app.baseUrl, editor, 'PATCH', `/api/articles/${id}?draft=true&autosave=true`, data)

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/**
 * 30 corrections of a live story through `writerUrl`, each read at `edgeUrl` (kept there first) until the edge
 * serves it, then 10 more reads that must all be the new text. Prints p50/p99 and holds p99 to a bound.
 */
async function publishesUntilFreshAtTheEdge({ story, edgeUrl, writerUrl, topology }: { story: { id: number; slug?: string | null }; edgeUrl: string; writerUrl: string; topology: string }) {
  const urlPath = `/api/articles/by-slug/${story.slug}`
  const fromAnswer: number[] = []
  const fromRequest: number[] = []
  const staleAfterFresh: string[] = []
  for (let round = 1; round <= 30; round++) {
    const dek = `Dek of round ${round}`
    expect((await rest(writerUrl, editor, 'PATCH', `/api/articles/${story.id}?draft=true&autosave=true`, { dek })).status).toBe(200)
    await warmAtTheEdge(urlPath, edgeUrl)
    expect((await read(edgeUrl, urlPath)).body.dek).not.toBe(dek)

    const sentAt = performance.now()
    const published = await rest(writerUrl, editor, 'POST', `/api/articles/${story.id}/publish-correction`, { note: 'Edge test correction.' })
    // The answer comes after the commit: the time from it is a lower bound of the time from the commit, the time
    // from sending the request an upper bound.
    const answeredAt = performance.now()
    expect(published.status).toBe(200)
    let freshAt = 0
    while (!freshAt) {
      const atEdge = await read(edgeUrl, urlPath)
      if (atEdge.body?.dek === dek) freshAt = performance.now()
      else if (performance.now() - answeredAt > 5000) throw new Error(`Round ${round}: the edge still served “${atEdge.body?.dek}” 5 s after the publish.`)
      else await sleep(2)
    }
    fromAnswer.push(Math.max(0, freshAt - answeredAt))
    fromRequest.push(freshAt - sentAt)
    for (let check = 0; check < 10; check++) {
      const again = await read(edgeUrl, urlPath)
      if (again.body?.dek !== dek) staleAfterFresh.push(`round ${round}: ${again.body?.dek} (${again.headers.get('x-edge-cache')})`)
      await sleep(5)
    }
  }
  const report = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`
  console.log(`Publish → fresh at the edge (${topology}), 30 publishes: from the publish's answer ${report(fromAnswer)}; from sending the publish ${report(fromRequest)}.`)
  expect(staleAfterFresh).toEqual([])
  // The target is p99 under 250 ms from the commit; this bound leaves room for a loaded CI machine. The time
  // from sending the publish is reported, not bounded: most of it is the publish itself (the gate, the save).
  expect(percentile(fromAnswer, 99)).toBeLessThan(1000)
}

describe('the edge cache (Varnish with xkey) in front of the app', () => {
  it('keeps an anonymous read: a MISS, then a HIT with an Age, its surrogate keys sent by the app and kept from readers', async () => {
    const { story, hero } = await liveStory('Kept at the edge')
    const urlPath = `/api/articles/by-slug/${story.slug}`
    const states = await warmAtTheEdge(urlPath)
    expect(states[0]).not.toBe('HIT')
    expect(states).toContain('MISS')
    const hit = await read(edge, urlPath)
    expect({ state: hit.headers.get('x-edge-cache'), title: hit.body.title }).toEqual({ state: 'HIT', title: 'Kept at the edge' })
    expect(hit.headers.get('x-varnish')).toMatch(/^\d+ \d+$/)
    expect(Number(hit.headers.get('age'))).toBeGreaterThanOrEqual(0)
    for (const name of ['xkey', 'surrogate-key', 'cache-tag', 'surrogate-control', 'cdn-cache-control']) expect({ name, value: hit.headers.get(name) }).toEqual({ name, value: null })
    expect(hit.headers.get('cache-control')).toBe('public, no-cache')

    // The app's own answer names the story, its photo and the photo's credit for every edge.
    const direct = await read(app.baseUrl, urlPath)
    const keys = direct.headers.get('xkey')!.split(' ')
    expect(keys).toEqual(expect.arrayContaining([`articles:${story.id}`, `media:${hero.id}`]))
    expect(keys.some((key) => key.startsWith('photo-credits:'))).toBe(true)
    expect(direct.headers.get('surrogate-key')).toBe(direct.headers.get('xkey'))
    expect(direct.headers.get('cache-tag')).toBe(keys.join(','))
    expect(direct.headers.get('surrogate-control')).toBe('max-age=3600, stale-if-error=86400')

    // A browser revalidating gets a 304 from the edge itself.
    const revalidated = await fetch(`${edge}${urlPath}`, { headers: { 'if-none-match': hit.headers.get('etag')! } })
    expect({ status: revalidated.status, state: revalidated.headers.get('x-edge-cache') }).toEqual({ status: 304, state: 'HIT' })
  })

  it('serves a published change at the edge within a measured bound after each of 30 publishes, and never the old one after', async () => {
    const { story } = await liveStory('Corrected thirty times')
    await publishesUntilFreshAtTheEdge({ story, edgeUrl: edge, writerUrl: app.baseUrl, topology: 'one app process behind Varnish' })
  }, 180_000)

  it('keeps a story no longer than the licence of a photo in it: the first read after the end, without waiting for a purge, has no photo', async () => {
    const { story, hero, heroCredit } = await liveStory('Licence ends at the edge')
    const filename = (await ctx.payload.findByID({ collection: 'media', id: hero.id, depth: 0 })).filename!
    const endsAt = Date.now() + 15_000
    await ctx.payload.update({ collection: 'photo-credits', id: heroCredit.id, data: { licenseExpiresAt: new Date(endsAt).toISOString() }, overrideAccess: true })
    const urlPath = `/api/articles/by-slug/${story.slug}`
    await warmAtTheEdge(urlPath)
    const kept = await read(edge, urlPath)
    expect({ state: kept.headers.get('x-edge-cache'), shows: kept.text.includes(filename) }).toEqual({ state: 'HIT', shows: true })
    const direct = await read(app.baseUrl, urlPath)
    const maxAge = Number(/max-age=(\d+)/.exec(direct.headers.get('surrogate-control') ?? '')?.[1])
    expect(maxAge).toBeLessThanOrEqual(15)
    expect(direct.headers.get('surrogate-control')).toMatch(/stale-if-error=0$/)
    expect(Date.now()).toBeLessThan(endsAt)

    await sleep(endsAt - Date.now() + 1)
    const after = await read(edge, urlPath)
    expect({ status: after.status, shows: after.text.includes(filename) }).toEqual({ status: 200, shows: false })
  }, 30_000)

  it('never keeps or serves a draft at the edge', async () => {
    const { story } = await creditedStory(ctx.payload, { title: 'Never published' })
    const urlPath = `/api/articles/by-slug/${story.slug}`
    for (let attempt = 0; attempt < 3; attempt++) {
      const atEdge = await read(edge, urlPath)
      expect({ status: atEdge.status, state: atEdge.headers.get('x-edge-cache') }).toEqual({ status: 404, state: 'PASS' })
    }
    // The writer's draft read through the edge reaches the app every time and is private.
    for (let attempt = 0; attempt < 2; attempt++) {
      const draft = await read(edge, `${urlPath}?draft=true`, { authorization: editor.headers.authorization })
      expect({ status: draft.status, state: draft.headers.get('x-edge-cache'), cacheControl: draft.headers.get('cache-control') }).toEqual({
        status: 200,
        state: 'PASS',
        cacheControl: 'private, no-store',
      })
    }
    // Anyone after them still gets no story: asked for the draft, the app refuses them (401), at the edge too.
    for (const [asked, status] of [[`${urlPath}?draft=true`, 401], [urlPath, 404]] as const) {
      const after = await read(edge, asked)
      expect({ asked, status: after.status, state: after.headers.get('x-edge-cache'), isTheDraft: after.text.includes('Never published') }).toEqual({ asked, status, state: 'PASS', isTheDraft: false })
    }

    // A live story's pending edit is the editor's only: readers at the edge keep seeing the live text.
    const { story: live } = await liveStory('Live with a pending edit')
    const livePath = `/api/articles/by-slug/${live.slug}`
    await warmAtTheEdge(livePath)
    expect((await editDraft(live.id, { dek: 'Pending, not published' })).status).toBe(200)
    expect((await read(edge, `${livePath}?draft=true`, { authorization: editor.headers.authorization })).body.dek).toBe('Pending, not published')
    const readerView = await read(edge, livePath)
    expect(readerView.body.dek).not.toBe('Pending, not published')
  })

  it('passes a request with a staff cookie or Authorization to the app, even for a response it keeps', async () => {
    const { story } = await liveStory('Kept, but not for staff')
    const urlPath = `/api/articles/by-slug/${story.slug}`
    await warmAtTheEdge(urlPath)
    const token = editor.headers.authorization.replace(/^JWT /, '')
    const staffHeaders: Record<string, string>[] = [{ authorization: editor.headers.authorization }, { cookie: `payload-token=${token}` }, { cookie: 'some-other-cookie=1' }]
    for (const headers of staffHeaders) {
      const passed = await read(edge, urlPath, headers)
      expect({ headers, status: passed.status, state: passed.headers.get('x-edge-cache') }).toEqual({ headers, status: 200, state: 'PASS' })
    }
    for (const adminPath of ['/admin', '/api/users/me']) {
      const passed = await read(edge, adminPath, { authorization: editor.headers.authorization })
      expect({ adminPath, state: passed.headers.get('x-edge-cache') }).toEqual({ adminPath, state: 'PASS' })
    }
    expect((await read(edge, urlPath)).headers.get('x-edge-cache')).toBe('HIT')
  })

  it('refuses a purge from outside the purgers ACL and one that names no key, and keeps the response', async () => {
    const { story } = await liveStory('Not purged by strangers')
    const urlPath = `/api/articles/by-slug/${story.slug}`
    await warmAtTheEdge(urlPath)
    const purgeFrom = (localAddress: string, headers: Record<string, string>) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = http.request(`${edge}/`, { method: 'PURGE', localAddress, headers }, (response) => {
          let text = ''
          response.on('data', (chunk) => (text += chunk))
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }))
        })
        request.on('error', reject)
        request.end()
      })
    // 127.0.0.2 is this machine too, but not an address in the ACL.
    const stranger = await purgeFrom('127.0.0.2', { xkey: `articles:${story.id}` })
    expect(stranger).toEqual({ status: 403, text: 'Purging is allowed only from the app hosts listed in the purgers ACL of the VCL.' })
    const noKey = await purgeFrom('127.0.0.1', {})
    expect(noKey).toEqual({ status: 400, text: 'A purge names the document keys to drop in an xkey header.' })
    expect((await read(edge, urlPath)).headers.get('x-edge-cache')).toBe('HIT')
    // From the ACL, with the key: dropped.
    expect((await purgeFrom('127.0.0.1', { xkey: `articles:${story.id}` })).text).toMatch(/^Purged [1-9]\d* objects\.$/)
    expect((await read(edge, urlPath)).headers.get('x-edge-cache')).toBe('MISS')
  })
})

describe('two app processes: the edge in front of one, the stories published through the other', () => {
  let edgePort = 0
  beforeAll(async () => {
    edgePort = await freePort()
  })
  // B, a separate process, is the edge's backend; both B and the writer A purge the edge on every change they hear.
  const other = secondAppProcessForTheseTests(ctx, () => ({ EDGE_PURGE_URLS: `http://127.0.0.1:${edgePort}/` }))
  let secondEdge: { url: string; stop: () => Promise<void> } | null = null
  let writer: ListeningApp | null = null

  beforeAll(async () => {
    secondEdge = await varnishInFrontOf(other.baseUrl, edgePort)
    writer = await listenApp(ctx, { edgeCache: edgeSettings([`${secondEdge.url}/`]) })
    await eventually(() => writer!.app.locals.contentCache.isListening)
  }, 60_000)

  afterAll(async () => {
    await secondEdge?.stop()
    await writer?.stop()
  })

  it('serves a story corrected through process A fresh at the edge in front of process B within a measured bound, and never the old one after', async () => {
    const { story } = await liveStory('Corrected across processes')
    const direct = await read(other.baseUrl, `/api/articles/by-slug/${story.slug}`)
    expect(direct.headers.get('xkey')).toContain(`articles:${story.id}`)
    await publishesUntilFreshAtTheEdge({ story, edgeUrl: secondEdge!.url, writerUrl: writer!.baseUrl, topology: 'written through process A, Varnish in front of process B' })
  }, 240_000)
})

describe('an edge that is down or does not answer', () => {
  let blackHole: net.Server
  const heldSockets: net.Socket[] = []
  let downApp: ListeningApp
  const warnings: string[] = []
  let originalWarn: typeof ctx.payload.logger.warn

  beforeAll(async () => {
    // One address refuses connections (Varnish stopped); the other accepts and never answers (Varnish hung).
    const refusingPort = await freePort()
    blackHole = net.createServer((socket) => void heldSockets.push(socket))
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve))
    const blackHolePort = (blackHole.address() as net.AddressInfo).port
    originalWarn = ctx.payload.logger.warn
    ctx.payload.logger.warn = ((...args: unknown[]) => {
      if (typeof args[0] === 'string') warnings.push(args[0])
      return (originalWarn as (...a: unknown[]) => void).apply(ctx.payload.logger, args)
    }) as typeof originalWarn
    downApp = await listenApp(ctx, {
      edgeCache: edgeSettings([`http://127.0.0.1:${refusingPort}/`, `http://127.0.0.1:${blackHolePort}/`], { purgeTimeoutMs: 1500, purgeAttempts: 2, purgeRetryBaseMs: 50 }),
    })
    await eventually(() => downApp.app.locals.contentCache.isListening)
  })

  afterAll(async () => {
    ctx.payload.logger.warn = originalWarn
    await downApp?.stop()
    for (const socket of heldSockets) socket.destroy()
    await new Promise((resolve) => blackHole?.close(resolve))
  })

  it('saves at the speed of saves with a working edge, and logs a warning for each edge it could not purge', async () => {
    const { story } = await liveStory('Saved while the edge is down')
    const timedPublish = async (base: string, round: number) => {
      expect((await rest(base, editor, 'PATCH', `/api/articles/${story.id}?draft=true&autosave=true`, { dek: `Down round ${round}` })).status).toBe(200)
      const started = performance.now()
      const published = await rest(base, editor, 'POST', `/api/articles/${story.id}/publish-correction`, { note: 'Edge down.' })
      expect(published.status).toBe(200)
      return performance.now() - started
    }
    // Alternating, so both see the same machine load.
    const withEdge: number[] = []
    const withEdgeDown: number[] = []
    for (let round = 1; round <= 6; round++) {
      withEdge.push(await timedPublish(app.baseUrl, round * 2))
      withEdgeDown.push(await timedPublish(downApp.baseUrl, round * 2 + 1))
    }
    const median = (values: number[]) => percentile(values, 50)
    // No save waits for the edge: not even for the 1.5 s purge timeout of the address that never answers.
    expect(Math.max(...withEdgeDown)).toBeLessThan(1500)
    expect(median(withEdgeDown)).toBeLessThan(median(withEdge) * 1.5 + 50)
    expect((await read(downApp.baseUrl, `/api/articles/by-slug/${story.slug}`)).body.dek).toBe('Down round 13')

    await eventually(() => warnings.some((warning) => warning.includes('no answer within 1500 ms')), 20_000)
    const purgeWarnings = warnings.filter((warning) => warning.startsWith('The edge cache at '))
    expect(purgeWarnings.some((warning) => /could not be purged .*\(ECONNREFUSED\)/.test(warning))).toBe(true)
    expect(purgeWarnings[0]).toMatch(/it may serve those responses stale for up to EDGE_CACHE_SECONDS \(3600 s\)\. Check that Varnish runs and that this host is in its purgers ACL\.$/)
  }, 120_000)
})
