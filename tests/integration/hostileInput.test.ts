// The hostile-input walk: every collection, global and endpoint the system declares (read from the Payload config
// and the Express app, never listed by hand) gets hostile requests from every kind of caller, over real HTTP against
// an API process of its own, so a crash is seen rather than taking the test runner down. What must hold, whatever
// was sent: no 5xx, no stack trace or SQL in the body, an answer within a bound, and the process still healthy.
// Fixed seed and small runs by default; FUZZ_RUNS=… and FUZZ_SEED=… search longer, HOSTILE_TIMEOUT_MS bounds a request.
import net from 'node:net'

import type { Router } from 'express'
import fc from 'fast-check'
import type { Field, FlattenedField, SanitizedCollectionConfig, SanitizedGlobalConfig } from 'payload'

import { ARTICLE_EVENTS } from '../../src/webhooks/articleEvents'
import { startChildServer, type ChildServer } from '../helpers/childServer'
import { imageBuffer } from '../helpers/content'
import { apiKeyCaller, callerFor, anonymousCaller, type Caller } from '../helpers/http'
import { startTestPayload, type TestContext } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

const RUNS = Number(process.env.FUZZ_RUNS ?? 40)
const SEED = Number(process.env.FUZZ_SEED ?? 20261204)
const settings = { numRuns: RUNS, seed: SEED }
const REQUEST_BOUND_MS = Number(process.env.HOSTILE_TIMEOUT_MS ?? 15_000)
const MISSING_ID = 999_999

let ctx: TestContext
let server: ChildServer
let callers: Caller[]
let writers: Caller[]
const fixtures = {} as { ids: Record<string, number | string>; mediaFilename: string; previewToken: string; articleSlug: string; victimUserId: number }

// ---- what the system declares ----

type Declared = { method: string; path: string; owner: string }

/** `/access/:id?` → `/access` and `/access/:id`; `/api/:collection{/:id}` → with and without the optional group. */
function expandOptional(path: string): string[] {
  const group = /\{([^{}]*)\}/.exec(path)
  if (group) return [path.replace(group[0], ''), path.replace(group[0], group[1])].flatMap(expandOptional)
  const optional = /\/:(\w+)\?/.exec(path)
  if (optional) return [path.replace(optional[0], ''), path.replace(optional[0], `/:${optional[1]}`)].flatMap(expandOptional)
  return [path]
}

function payloadEndpoints(): Declared[] {
  const declared: Declared[] = []
  for (const collection of ctx.config.collections as SanitizedCollectionConfig[]) {
    const endpoints = collection.endpoints || []
    // A collection whose REST endpoints are off still answers something at its path.
    if (!endpoints.length) declared.push({ method: 'get', path: `/api/${collection.slug}`, owner: collection.slug })
    for (const endpoint of endpoints) {
      for (const path of expandOptional(endpoint.path)) {
        declared.push({ method: endpoint.method, path: `/api/${collection.slug}${path === '/' ? '' : path}`, owner: collection.slug })
      }
    }
  }
  for (const global of ctx.config.globals as SanitizedGlobalConfig[]) {
    for (const endpoint of global.endpoints || []) {
      for (const path of expandOptional(endpoint.path)) {
        declared.push({ method: endpoint.method, path: `/api/globals/${global.slug}${path === '/' ? '' : path}`, owner: global.slug })
      }
    }
  }
  for (const endpoint of ctx.config.endpoints || []) {
    for (const path of expandOptional(endpoint.path)) declared.push({ method: endpoint.method, path: `/api${path}`, owner: 'config' })
  }
  return declared
}

type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> } }
const routesOf = (router: { stack: Layer[] }, owner: string): Declared[] =>
  router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .flatMap((method) =>
            [layer.route!.path].flat().flatMap((routePath) => expandOptional(routePath).map((path) => ({ method, path, owner }))),
          )
      : [],
  )

async function expressRoutes(): Promise<Declared[]> {
  const { createApp } = await import('../../src/server/createApp')
  const { contentRoutes } = await import('../../src/publicApi/publicRoutes')
  const app = createApp({ payload: ctx.payload, config: ctx.config })
  try {
    // The content routes sit behind a GET/HEAD filter, so they are walked from their own router.
    const content = contentRoutes({ payload: ctx.payload, config: ctx.config, cache: null }) as unknown as Router & { stack: Layer[] }
    return [...routesOf((app as unknown as { router: { stack: Layer[] } }).router, 'express'), ...routesOf(content, 'express')]
  } finally {
    await app.locals.contentCache?.stop()
  }
}

const idFor = (owner: string) => fixtures.ids[owner] ?? MISSING_ID

/** The template with real values in its parameters (DELETE and restores only ever aim at documents that do not exist). */
function fill(endpoint: Declared, method: string): string {
  const isDestructive = method === 'delete' || (/\/versions\/:id$/.test(endpoint.path) && method === 'post')
  return endpoint.path
    .replace(':collection', 'articles')
    .replace(':id', String(isDestructive ? MISSING_ID : endpoint.owner === 'users' ? fixtures.victimUserId : idFor(endpoint.owner)))
    .replace(':filename', encodeURIComponent(fixtures.mediaFilename))
    .replace(':token', fixtures.previewToken)
    .replace(':slug', fixtures.articleSlug)
    .replace(':key', 'hostile-preference')
}

/** The same template with a hostile value in each parameter. */
const HOSTILE_SEGMENTS = [String(MISSING_ID), '-1', 'abc', '1e999', '%E0%A4%A', '%', '%00', 'x%00y', '%E2%80%8B', '%EF%BB%BF', '%C2%A0', '..%2F..%2Fetc%2Fpasswd']

// ---- hostile requests ----

type Outcome = { status: number; text: string } | { error: string }
const failures: string[] = []
// A connection left broken by a refused body fails a later request on it; the report says how long ago that was.
let requestCount = 0
let lastRefusedBodyAt = -Infinity

const LEAKS = /\n\s+at |node_modules|\.[tj]s:\d+|drizzle|syntax error at or near|violates .* constraint|Maximum call stack/i

async function send(label: string, url: string, init: RequestInit = {}): Promise<Outcome> {
  const started = Date.now()
  requestCount += 1
  try {
    const response = await fetch(`${server.baseUrl}${url}`, { redirect: 'manual', ...init, signal: AbortSignal.timeout(REQUEST_BOUND_MS) })
    const text = await response.text()
    if (response.status === 413) lastRefusedBodyAt = requestCount
    judge(label, { status: response.status, text })
    return { status: response.status, text }
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${REQUEST_BOUND_MS} ms` : `${String(error)} ${String((error as { cause?: unknown }).cause ?? '')}`
    const since413 = requestCount - lastRefusedBodyAt <= 3 ? `; a 413 was answered ${requestCount - lastRefusedBodyAt} request(s) before` : ''
    failures.push(`${label} → ${reason} (after ${Date.now() - started} ms${since413})`)
    return { error: reason }
  }
}

function judge(label: string, { status, text }: { status: number; text: string }) {
  if (status >= 500) failures.push(`${label} → ${status} ${text.slice(0, 200)}`)
  else if (LEAKS.test(text)) failures.push(`${label} → ${status} leaks internals: ${text.slice(0, 200)}`)
}

type Body = { name: string; contentType?: string; body: string | Uint8Array }

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels)
const deepObject = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels)

/** Bodies that are wrong before any field is read. */
const MALFORMED_BODIES: Body[] = [
  { name: 'text/plain', contentType: 'text/plain', body: '{"title":"x"}' },
  { name: 'form-urlencoded', contentType: 'application/x-www-form-urlencoded', body: 'title=x&name=y&data=z' },
  { name: 'no content type', body: new TextEncoder().encode('{"title":"x"}') },
  { name: 'invalid JSON', contentType: 'application/json', body: '{"title": }' },
  { name: 'JSON array', contentType: 'application/json', body: '[1,2]' },
  { name: 'JSON string', contentType: 'application/json', body: '"title"' },
  { name: 'JSON null', contentType: 'application/json', body: 'null' },
  { name: 'JSON number', contentType: 'application/json', body: '42' },
  { name: 'lone surrogate', contentType: 'application/json', body: '{"title":"\\ud800"}' },
  { name: 'NUL in a value', contentType: 'application/json', body: '{"title":"nul\\u0000byte","name":"\\u0000"}' },
  { name: 'JSON with a charset and a BOM', contentType: 'application/json; charset=utf-16', body: '\uFEFF{"title":"x"}' },
  { name: 'empty JSON body', contentType: 'application/json', body: '' },
]

/** Bodies that are heavy: sent once per write endpoint, by an editor. */
const HEAVY_BODIES: Body[] = [
  { name: 'nesting 20,000 levels (arrays)', contentType: 'application/json', body: `{"title":"deep","body":${deepArray(20_000)},"data":${deepArray(20_000)}}` },
  { name: 'nesting 20,000 levels (objects)', contentType: 'application/json', body: `{"title":"deep","body":{"root":${deepObject(20_000)}},"value":${deepObject(20_000)}}` },
  { name: 'a 1.5 MB string', contentType: 'application/json', body: JSON.stringify({ title: 'x'.repeat(1_500_000), name: 'y'.repeat(1_500) }) },
  { name: 'a 3 MB body', contentType: 'application/json', body: JSON.stringify({ title: 'x'.repeat(3_000_000) }) },
]

const JUNK_CALLERS: Caller[] = [
  { name: 'junk bearer', headers: { authorization: 'Bearer x' } },
  { name: 'junk cookie', headers: { cookie: 'payload-token=x' } },
  { name: 'junk JWT', headers: { authorization: 'JWT eyJhbGciOiJub25lIn0.e30.' } },
  { name: 'junk API key', headers: { authorization: 'users API-Key not-a-key' } },
]

const bodyInit = (method: string, caller: Caller, body?: Body, extra: Record<string, string> = {}): RequestInit => ({
  method: method.toUpperCase(),
  headers: { ...caller.headers, ...(body?.contentType ? { 'content-type': body.contentType } : {}), ...extra },
  body: body?.body as BodyInit | undefined,
})

async function expectAlive(batch: string) {
  const healthy = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) })
    .then((response) => response.status)
    .catch((error) => String(error))
  // The walk's own sessions must survive it, or the rest of it would silently run as anonymous.
  const me = await fetch(`${server.baseUrl}/api/users/me`, { headers: writers[1].headers, signal: AbortSignal.timeout(10_000) })
    .then((response) => response.json() as Promise<{ user?: { id: number } | null }>)
    .catch((error) => ({ networkError: String(error) }))
  // A network error here is the last batch's (a connection it left broken), reported by its own requests.
  if (healthy === 200 && !('networkError' in me) && !me.user) failures.push(`after ${batch}: the editor's session no longer works, so the rest of the walk would not test it`)
  if (healthy !== 200 || server.process.exitCode !== null) {
    failures.push(`after ${batch}: /healthz → ${healthy}, process exit code ${server.process.exitCode}\n${server.output().slice(-2000)}`)
    await server.stop()
    server = await startApi()
  }
}

/** Every batch ends by checking the process, and reports everything that went wrong in it at once. */
async function batch(name: string, run: () => Promise<void>) {
  failures.length = 0
  await run()
  await expectAlive(name)
  expect(failures).toEqual([])
}

const startApi = () =>
  startChildServer({
    DATABASE_URL: ctx.databaseUrl,
    MEDIA_DIR: ctx.mediaDir,
    // The walk is many requests from one address; the limits have their own tests.
    API_RATE_LIMIT: '1000000',
    LOGIN_RATE_LIMIT: '1000000',
  })

let declared: Declared[] = []

beforeAll(async () => {
  ctx = await startTestPayload()
  const { payload } = ctx
  const [writer, editor, api, victim] = await Promise.all([
    createUser(payload, 'writer'),
    createUser(payload, 'editor'),
    createUser(payload, 'api'),
    createUser(payload, 'writer', 'Victim'),
  ])
  fixtures.victimUserId = victim.id
  const organization = await payload.create({ collection: 'organizations', data: { name: 'Hostile Org', kind: 'other' }, overrideAccess: true })
  const credit = await payload.create({ collection: 'photo-credits', data: { photographer: 'Hostile Photographer' }, overrideAccess: true })
  const data = await imageBuffer()
  const media = await payload.create({
    collection: 'media',
    data: { alt: 'A crowd at the harbour', credit: credit.id },
    file: { data, mimetype: 'image/jpeg', name: 'hostile.jpg', size: data.length },
    overrideAccess: true,
  })
  const cta = await payload.create({ collection: 'calls-to-action', data: { title: 'Hostile CTA', kind: 'other', status: 'active' }, overrideAccess: true })
  const article = await payload.create({ collection: 'articles', data: { title: 'Hostile target story' }, overrideAccess: true })
  const note = await payload.create({ collection: 'editorial-notes', data: { article: article.id, text: 'A note' }, overrideAccess: true, user: editor })
  const preview = await payload.create({ collection: 'preview-links', data: { article: article.id }, overrideAccess: true, user: editor })
  const webhook = await payload.create({
    collection: 'webhooks',
    data: { url: 'https://hooks.example.com/newsroom', secret: 'a-hostile-webhook-secret', events: [ARTICLE_EVENTS[0]] },
    overrideAccess: true,
  })
  fixtures.ids = {
    organizations: organization.id,
    'photo-credits': credit.id,
    media: media.id,
    'calls-to-action': cta.id,
    articles: article.id,
    'editorial-notes': note.id,
    'preview-links': preview.id,
    users: victim.id,
    webhooks: webhook.id,
  }
  fixtures.mediaFilename = media.filename ?? 'hostile.jpg'
  fixtures.previewToken = String(preview.token)
  fixtures.articleSlug = String(article.slug)

  declared = [...payloadEndpoints(), ...(await expressRoutes())]
  server = await startApi()
  writers = [await callerFor(server.baseUrl, writer), await callerFor(server.baseUrl, editor), await apiKeyCaller(payload, api)]
  writers[0].name = 'writer'
  writers[1].name = 'editor'
  writers[2].name = 'api key'
  callers = [anonymousCaller, ...writers, ...JUNK_CALLERS]
}, 180_000)

afterAll(async () => {
  await server?.stop()
  await ctx?.close()
})

const METHODS = ['get', 'post', 'patch', 'delete', 'put']
const isWrite = (method: string) => method === 'post' || method === 'patch' || method === 'put'
// Signing out ends the caller's session: the walk sends it only without real credentials.
const endsSession = (endpoint: Declared) => /\/logout$/.test(endpoint.path)
const callersFor = (endpoint: Declared) => (endsSession(endpoint) ? callers.filter((caller) => !writers.includes(caller)) : callers)
const pick = <T,>(items: T[], index: number) => items[index % items.length]

it('walks the whole declared surface: the collections, globals, auth and upload endpoints, config endpoints and Express routes', () => {
  const paths = new Set(declared.map((endpoint) => `${endpoint.method.toUpperCase()} ${endpoint.path}`))
  for (const collection of ctx.config.collections) if (collection.endpoints !== false && collection.endpoints.length) expect(paths).toContain(`GET /api/${collection.slug}`)
  for (const global of ctx.config.globals) expect(paths).toContain(`GET /api/globals/${global.slug}`)
  for (const expected of [
    'GET /healthz',
    'POST /api/graphql',
    'POST /api/users/login',
    'POST /api/users/verify/:id',
    'POST /api/media',
    'GET /api/articles/by-slug/:slug',
    'GET /api/articles/summaries',
    'GET /api/feeds/rss.xml',
    'GET /api/feeds/feed.json',
    'GET /sitemap.xml',
    'GET /api/openapi.json',
    'GET /api/preview/:token',
    'POST /api/articles/:id/transition',
    'GET /api/articles/:id/publish-readiness',
    'GET /api/attribution-audit',
    'GET /api/workflow/queue',
  ]) {
    expect(paths).toContain(expected)
  }
})

describe('every declared endpoint', () => {
  it('answers each kind of caller, with its declared method, without a 5xx, a leak or a hang', async () => {
    await batch('declared methods', async () => {
      for (const endpoint of declared) {
        for (const caller of callersFor(endpoint)) {
          const body = isWrite(endpoint.method) ? { name: 'empty object', contentType: 'application/json', body: '{}' } : undefined
          await send(`${caller.name} ${endpoint.method.toUpperCase()} ${endpoint.path}`, fill(endpoint, endpoint.method), bodyInit(endpoint.method, caller, body))
        }
      }
    })
  }, 300_000)

  it('answers methods it does not declare without a 5xx', async () => {
    await batch('wrong methods', async () => {
      const byPath = new Map<string, Declared[]>()
      for (const endpoint of declared) byPath.set(endpoint.path, [...(byPath.get(endpoint.path) ?? []), endpoint])
      let index = 0
      for (const [path, endpoints] of byPath) {
        const own = new Set(endpoints.map((endpoint) => endpoint.method))
        for (const method of [...METHODS, 'options'].filter((candidate) => !own.has(candidate))) {
          const caller = pick(callersFor(endpoints[0]), index++)
          const body = isWrite(method) ? { name: 'form', contentType: 'application/x-www-form-urlencoded', body: 'a=1' } : undefined
          await send(`${caller.name} ${method.toUpperCase()} ${path} (undeclared)`, fill({ ...endpoints[0], path }, method === 'delete' ? 'delete' : method), bodyInit(method, caller, body))
        }
      }
    })
  }, 300_000)

  it('answers hostile path parameters (missing ids, malformed percent-encoding, NUL, invisible characters) without a 5xx', async () => {
    await batch('hostile path parameters', async () => {
      let index = 0
      for (const endpoint of declared.filter((candidate) => /:\w+/.test(candidate.path))) {
        for (const segment of HOSTILE_SEGMENTS) {
          const caller = pick(callersFor(endpoint), index++)
          const path = endpoint.path.replace(':collection', 'articles').replace(/:\w+/g, segment)
          const body = isWrite(endpoint.method) ? { name: 'object', contentType: 'application/json', body: '{"to":"in-review"}' } : undefined
          await send(`${caller.name} ${endpoint.method.toUpperCase()} ${path}`, path, bodyInit(endpoint.method, caller, body))
        }
      }
      // Malformed escapes anywhere in an /api path, not only in a parameter.
      for (const path of ['/api/%E0%A4%A', '/api/articles%', '/api/%00', '/api/globals/%ZZ', '/api/articles/by-slug/a%00b', '/api/articles/by-slug/%E0%A4%A', '/sitemap.xml%00']) {
        for (const caller of [anonymousCaller, writers[1]]) await send(`${caller.name} GET ${path}`, path, bodyInit('get', caller))
      }
    })
  }, 300_000)

  it('answers malformed bodies (wrong or missing content type, broken or non-object JSON) on every write endpoint without a 5xx', async () => {
    await batch('malformed bodies', async () => {
      let index = 0
      for (const endpoint of declared.filter((candidate) => isWrite(candidate.method))) {
        for (const body of MALFORMED_BODIES) {
          const caller = pick(callersFor(endpoint), index++)
          await send(`${caller.name} ${endpoint.method.toUpperCase()} ${endpoint.path} with ${body.name}`, fill(endpoint, endpoint.method), bodyInit(endpoint.method, caller, body))
        }
      }
    })
  }, 300_000)

  it('answers deep nesting, huge strings and oversized bodies on write endpoints without a 5xx or a hang', async () => {
    await batch('heavy bodies', async () => {
      const editor = writers[1]
      // Each write endpoint gets one heavy body in turn; a story's create and update get all of them.
      const endpoints = declared.filter((candidate) => isWrite(candidate.method) && !endsSession(candidate))
      const requests = [
        ...endpoints.map((endpoint, index) => [endpoint, pick(HEAVY_BODIES, index)] as const),
        ...endpoints.filter((endpoint) => endpoint.owner === 'articles' && /^\/api\/articles(\/:id)?$/.test(endpoint.path)).flatMap((endpoint) => HEAVY_BODIES.map((body) => [endpoint, body] as const)),
      ]
      for (const [endpoint, body] of requests) {
        await send(`editor ${endpoint.method.toUpperCase()} ${endpoint.path} with ${body.name}`, fill(endpoint, endpoint.method), bodyInit(endpoint.method, editor, body))
      }
    })
  }, 300_000)
})

// ---- collections, field by field ----

const slugsOf = () => (ctx.config.collections as SanitizedCollectionConfig[]).filter((collection) => collection.endpoints !== false && collection.endpoints.length)
const writableFields = (fields: FlattenedField[]) => fields.filter((field) => field.type !== 'join' && !['id', 'createdAt', 'updatedAt'].includes(field.name))

const INVISIBLE_ONLY = ['\u200b', '\uFEFF', '\u00a0', ' \t', '\u200b\u200d\u2060', '\u180e']

/** Values of the wrong type (or of the right type but hostile) for a field, derived from its definition. */
function hostileValues(field: FlattenedField | Field): unknown[] {
  const hasMany = 'hasMany' in field && field.hasMany
  const many = (value: unknown) => (hasMany ? [value, [value], [MISSING_ID, 'abc']] : [value])
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
      return [42, { $ne: 1 }, ['a', 'b'], true, ...INVISIBLE_ONLY, 'x'.repeat(100_000), 'nul\u0000byte', ...(hasMany ? [['\u200b'], [42], 'not a list'] : [])]
    case 'number':
      return ['abc', '1e999', Number.MAX_SAFE_INTEGER * 1000, -1, { a: 1 }, ...(hasMany ? [['x']] : [])]
    case 'checkbox':
      return ['yes', 42, { a: 1 }, null]
    case 'date':
      return ['not a date', '2026-13-45', -8.64e15 - 1, '9999999-01-01', { a: 1 }, '\u200b']
    case 'select':
    case 'radio':
      return ['not-an-option', 42, { a: 1 }, ['x'], '\u200b', ...(hasMany ? [[42], 'not a list'] : [])]
    case 'relationship':
    case 'upload':
      return [
        ...many(MISSING_ID),
        -1,
        'abc',
        '1 or 1=1',
        { relationTo: 'users', value: MISSING_ID },
        { relationTo: 'nope', value: 1 },
        { id: MISSING_ID },
        1.5,
        ...(hasMany ? [[MISSING_ID, MISSING_ID + 1], 'not a list', [{}]] : []),
      ]
    case 'array':
    case 'blocks':
      return ['not a list', 42, [42], [{ blockType: 'nope' }], [{ id: { a: 1 } }], [null], { 0: 'x' }]
    case 'group':
    case 'tab':
      return ['not an object', 42, [1, 2]]
    case 'richText':
      return ['plain string', 42, { root: 42 }, { root: { type: 'root', children: 'x' } }, { root: { type: 'root', children: [{ type: 'upload', relationTo: 'media', value: MISSING_ID }] } }]
    case 'json':
      return ['{not json', { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } }]
    case 'point':
      return [['a', 'b'], [999, 999], 'x']
    default:
      return ['x', 42, null]
  }
}

const VALUES_PER_FIELD = 4
const HUGE_ARRAY_ITEMS = 70_000
const hugeArrayFor = (field: FlattenedField): unknown[] | null => {
  if (field.type === 'array') return Array.from({ length: HUGE_ARRAY_ITEMS }, () => ({}))
  if (field.type === 'blocks') return Array.from({ length: HUGE_ARRAY_ITEMS }, () => ({ blockType: 'nope' }))
  if (!('hasMany' in field && field.hasMany)) return null
  if (field.type === 'relationship' || field.type === 'upload') return Array.from({ length: HUGE_ARRAY_ITEMS }, (_, i) => MISSING_ID + i)
  if (field.type === 'number') return Array.from({ length: HUGE_ARRAY_ITEMS }, (_, i) => i)
  return Array.from({ length: HUGE_ARRAY_ITEMS }, (_, i) => (field.type === 'select' ? 'nope' : `t${i}`))
}

const json = (value: unknown): Body => ({ name: 'json', contentType: 'application/json', body: JSON.stringify(value) })

describe('every collection, field by field', () => {
  it('refuses a wrong value in each field (derived from its definition), on create and update, without a 5xx', async () => {
    await batch('wrong types per field', async () => {
      let index = 0
      for (const collection of slugsOf()) {
        const id = collection.slug === 'users' ? fixtures.victimUserId : idFor(collection.slug)
        for (const field of writableFields(collection.flattenedFields)) {
          // Every value on both create and update for relationships (the foreign keys); a turn of them elsewhere.
          const values = hostileValues(field)
          const isRelationship = field.type === 'relationship' || field.type === 'upload'
          const chosen = isRelationship ? values : Array.from({ length: Math.min(VALUES_PER_FIELD, values.length) }, (_, offset) => pick(values, index + offset))
          for (const value of chosen) {
            const caller = pick(writers, index++)
            const data = json({ [field.name]: value })
            const label = `${caller.name} %s /api/${collection.slug} {${field.name}: ${JSON.stringify(value)?.slice(0, 60)}}`
            if (isRelationship || index % 2 === 0) await send(label.replace('%s', 'POST'), `/api/${collection.slug}`, bodyInit('post', caller, data))
            if (isRelationship || index % 2 === 1) await send(label.replace('%s', 'PATCH'), `/api/${collection.slug}/${id}`, bodyInit('patch', caller, data))
          }
        }
      }
    })
  }, 300_000)

  it('refuses huge arrays (70,000 items) in every list field, without a 5xx or a hang', async () => {
    await batch('huge arrays', async () => {
      for (const collection of slugsOf()) {
        for (const field of writableFields(collection.flattenedFields)) {
          const huge = hugeArrayFor(field)
          if (!huge) continue
          await send(`editor POST /api/${collection.slug} {${field.name}: [${HUGE_ARRAY_ITEMS} items]}`, `/api/${collection.slug}`, bodyInit('post', writers[1], json({ [field.name]: huge })))
        }
      }
    })
  }, 300_000)

  it('combinations of hostile fields from any caller (fast-check)', async () => {
    const collections = slugsOf()
    await batch('field combinations', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...collections),
          fc.nat(),
          fc.constantFrom('post', 'patch', 'patch-where'),
          fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
          async (collection, callerIndex, method, choices) => {
            const fields = writableFields(collection.flattenedFields)
            const data = Object.fromEntries(
              choices.map(([fieldIndex, valueIndex]) => {
                const field = pick(fields, fieldIndex)
                return [field.name, pick(hostileValues(field), valueIndex)]
              }),
            )
            const caller = pick(callers, callerIndex)
            const id = collection.slug === 'users' ? fixtures.victimUserId : idFor(collection.slug)
            const url =
              method === 'post' ? `/api/${collection.slug}` : method === 'patch' ? `/api/${collection.slug}/${id}` : `/api/${collection.slug}?where[id][equals]=${id}`
            await send(`${caller.name} ${method} ${url} ${JSON.stringify(data).slice(0, 200)}`, url, bodyInit(method === 'post' ? 'post' : 'patch', caller, json(data)))
            return true
          },
        ),
        settings,
      )
    })
  }, 300_000)
})

// ---- queries ----

const BAD_QUERIES = [
  'where[id][equals]=abc',
  'where[nope][equals]=1',
  'where[title][bogus]=1',
  'where[id][in]=1,abc,%00',
  'where[or][0][and][0][or][0][id][equals]=1',
  'where=1',
  'where[]=1',
  'where[createdAt][greater_than]=not-a-date',
  'where[id][near]=1,2,3',
  'where[authors.sessions.createdAt][greater_than]=2000-01-01',
  'where[title][like]=%E0%A4%A',
  'where[title][equals]=%E2%80%8B',
  'sort=nope',
  'sort=-',
  'sort[]=a&sort[]=b',
  'sort=__proto__',
  'depth=-1',
  'depth=999',
  'depth=abc',
  'limit=-1',
  'limit=0',
  'limit=1e999',
  'limit=99999999999',
  'page=0',
  'page=-1',
  'page=abc',
  'page=99999999999',
  'draft=maybe',
  'select[nope]=true',
  'populate[nope][x]=true',
  'joins[nope][limit]=-1',
  'locale=%00',
  'trash=maybe',
]

describe('every collection, queried badly', () => {
  it('answers bad where, sort, depth, limit and page on every list from every caller without a 5xx', async () => {
    await batch('bad queries', async () => {
      let index = 0
      const lists = declared.filter((endpoint) => endpoint.method === 'get' && !/:\w+/.test(endpoint.path) && endpoint.path.startsWith('/api/'))
      const slugs = new Set(slugsOf().map((collection) => `/api/${collection.slug}`))
      for (const endpoint of lists) {
        // A collection's own list gets every bad query; its other reads (count, versions, feeds…) a turn of them.
        const queries = slugs.has(endpoint.path) ? BAD_QUERIES : Array.from({ length: 6 }, (_, offset) => pick(BAD_QUERIES, index + offset * 5))
        for (const query of queries) {
          const caller = pick(callers, index++)
          await send(`${caller.name} GET ${endpoint.path}?${query}`, `${endpoint.path}?${query}`, bodyInit('get', caller))
        }
      }
    })
  }, 300_000)

  it('answers random queries on any collection from any caller without a 5xx (fast-check)', async () => {
    const collections = slugsOf()
    const text = fc.oneof(fc.string(), fc.constantFrom('', '%00', '\u200b', "' or 1=1 --", '[]', '{}', '1e999', '-1', 'null'))
    await batch('random queries', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...collections),
          fc.nat(),
          fc.array(fc.tuple(fc.constantFrom(...['where[id][equals]', 'where[title][like]', 'where[or][0][nope][in]', 'sort', 'depth', 'limit', 'page', 'draft', 'select[id]', 'joins[x][sort]']), text), {
            maxLength: 4,
          }),
          async (collection, callerIndex, params) => {
            const fields = collection.flattenedFields.map((field) => field.name)
            const search = new URLSearchParams(params.map(([name, value]) => [name.replace('title', pick(fields, value.length)), value])).toString()
            const caller = pick(callers, callerIndex)
            await send(`${caller.name} GET /api/${collection.slug}?${decodeURIComponent(search).slice(0, 200)}`, `/api/${collection.slug}?${search}`, bodyInit('get', caller))
            return true
          },
        ),
        settings,
      )
    })
  }, 300_000)
})

// ---- multipart, method override, credentials, GraphQL, raw sockets ----

const BOUNDARY = '----hostile-boundary'
const part = (headers: string, content: string | Buffer) => Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')])
const closing = Buffer.from(`--${BOUNDARY}--\r\n`)

async function multipartBodies(): Promise<Body[]> {
  const image = await imageBuffer('#aa3366')
  const file = part(`Content-Disposition: form-data; name="file"; filename="hostile.jpg"\r\nContent-Type: image/jpeg`, image)
  const payloadPart = (json: string) => part('Content-Disposition: form-data; name="_payload"', json)
  const multipart = (name: string, ...parts: Buffer[]): Body => ({ name, contentType: `multipart/form-data; boundary=${BOUNDARY}`, body: Buffer.concat(parts) })
  return [
    multipart('an unquoted _payload name', part('Content-Disposition: form-data; name=_payload', '{"alt":"x"}'), file, closing),
    multipart('invalid JSON in _payload', payloadPart('{"alt": '), file, closing),
    multipart('a non-object _payload', payloadPart('[1,2,3]'), file, closing),
    multipart('a file sent as a text field', payloadPart('{"alt":"A sign"}'), part('Content-Disposition: form-data; name="file"', image), closing),
    multipart('a truncated body', payloadPart('{"alt":"A sign"}'), file.subarray(0, file.length / 2)),
    multipart('no closing boundary', payloadPart('{"alt":"A sign"}'), file),
    multipart('a credit that does not exist', payloadPart(`{"alt":"A sign","credit":${MISSING_ID}}`), file, closing),
    multipart('invisible-only alt text', payloadPart('{"alt":"\\u200b","caption":"\\ufeff"}'), file, closing),
    multipart('a text file named .jpg', payloadPart('{"alt":"A sign"}'), part('Content-Disposition: form-data; name="file"; filename="x.jpg"\r\nContent-Type: image/jpeg', 'not an image'), closing),
    multipart('two files', payloadPart('{"alt":"A sign"}'), file, file, closing),
    multipart('a deeply nested _payload', payloadPart(`{"alt":"x","credit":${deepArray(20_000)}}`), file, closing),
    multipart('only the closing boundary', closing),
    { name: 'no boundary', contentType: 'multipart/form-data', body: Buffer.concat([payloadPart('{}'), closing]) },
    { name: 'an empty multipart body', contentType: `multipart/form-data; boundary=${BOUNDARY}`, body: '' },
  ]
}

describe('multipart, method override and junk credentials', () => {
  it('answers multipart oddities on every upload collection (and on a collection without uploads) without a 5xx', async () => {
    const bodies = await multipartBodies()
    const targets = [...slugsOf().filter((collection) => collection.upload).map((collection) => collection.slug), 'articles']
    await batch('multipart', async () => {
      let index = 0
      for (const slug of targets) {
        for (const body of bodies) {
          for (const [method, url] of [
            ['post', `/api/${slug}`],
            ['patch', `/api/${slug}/${idFor(slug)}`],
          ]) {
            const caller = pick(callers, index++)
            await send(`${caller.name} ${method.toUpperCase()} ${url} multipart with ${body.name}`, url, bodyInit(method, caller, body))
          }
          await send(`editor POST /api/${slug} multipart with ${body.name}`, `/api/${slug}`, bodyInit('post', writers[1], body))
        }
      }
    })
  }, 300_000)

  it('answers `X-HTTP-Method-Override: GET` with a form body on every collection without a 5xx', async () => {
    await batch('method override', async () => {
      let index = 0
      for (const collection of slugsOf()) {
        for (const form of ['limit=0&depth=10&draft=true', 'where[id][equals]=abc&sort=nope', `where[authors.sessions.createdAt][greater_than]=2000`, 'a'.repeat(100_000)]) {
          const caller = pick(callers, index++)
          await send(`${caller.name} POST /api/${collection.slug} override GET ${form.slice(0, 60)}`, `/api/${collection.slug}`, {
            method: 'POST',
            headers: { ...caller.headers, 'x-http-method-override': 'GET', 'content-type': 'application/x-www-form-urlencoded' },
            body: form,
          })
        }
      }
    })
  }, 300_000)
})

describe('GraphQL', () => {
  it('answers malformed GraphQL requests and hostile arguments on every query and mutation without a 5xx', async () => {
    await batch('graphql', async () => {
      const editor = writers[1]
      const post = (label: string, caller: Caller, body: Body) => send(`${caller.name} POST /api/graphql ${label}`, '/api/graphql', bodyInit('post', caller, body))
      for (const caller of callers) {
        await send(`${caller.name} GET /api/graphql`, '/api/graphql?query={__typename}', bodyInit('get', caller))
        for (const body of MALFORMED_BODIES) await post(body.name, caller, body)
        await post('a query that is not a string', caller, json({ query: 42 }))
        await post('variables that are not an object', caller, json({ query: 'query($a: Int){__typename}', variables: [1] }))
        await post('a syntax error', caller, json({ query: '{ Articles(' }))
        await post('five aliased sign-ins', caller, json({ query: `mutation { ${[1, 2, 3, 4, 5].map((n) => `a${n}: loginUser(email: "nobody@x.test", password: "x") { token }`).join(' ')} }` }))
      }
      await post('a query nested 20,000 levels', editor, json({ query: `{${'a{'.repeat(20_000)}b${'}'.repeat(20_000)}}` }))
      await post('a query of 1.5 MB', editor, json({ query: `{ ${'__typename '.repeat(140_000)} }` }))
      await post('variables nested 20,000 levels', editor, { name: 'deep variables', contentType: 'application/json', body: `{"query":"{__typename}","variables":{"a":${deepObject(20_000)}}}` })

      // Every query and mutation the schema declares, with hostile arguments of the right GraphQL types.
      const introspection = await fetch(`${server.baseUrl}/api/graphql`, {
        method: 'POST',
        headers: { ...editor.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { queryType { fields { name args { name type { kind name ofType { kind name ofType { kind name } } } } } } mutationType { fields { name args { name type { kind name ofType { kind name ofType { kind name } } } } } } } }' }),
      }).then((response) => response.json() as Promise<{ data: { __schema: Record<'queryType' | 'mutationType', { fields: GraphQLField[] }> } }>)
      let index = 0
      for (const [kind, type] of [
        ['query', introspection.data.__schema.queryType],
        ['mutation', introspection.data.__schema.mutationType],
      ] as const) {
        for (const field of type.fields) {
          const args = field.args
            .map((arg) => [arg.name, hostileArgument(arg)] as const)
            .filter(([, value]) => value !== undefined)
            .map(([name, value]) => `${name}: ${value}`)
          const query = `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''} { __typename } }`
          const caller = pick(callers, index++)
          // Signing out by GraphQL would end the walk's own sessions.
          if (/^logout/.test(field.name) && writers.includes(caller)) continue
          await post(query.slice(0, 160), caller, json({ query }))
        }
      }
    })
  }, 300_000)
})

type GraphQLType = { kind: string; name: string | null; ofType?: GraphQLType | null }
type GraphQLField = { name: string; args: { name: string; type: GraphQLType }[] }

const namedType = (type: GraphQLType): GraphQLType => (type.ofType ? namedType(type.ofType) : type)

/** A hostile value of the argument's own GraphQL type, or undefined to leave an optional argument out. */
function hostileArgument(arg: { name: string; type: GraphQLType }): string | undefined {
  const named = namedType(arg.type)
  const isList = JSON.stringify(arg.type).includes('"LIST"')
  const wrap = (value: string) => (isList ? `[${value}]` : value)
  if (named.kind === 'SCALAR') {
    if (named.name === 'Int') return wrap(arg.name === 'limit' ? '0' : arg.name === 'page' ? '-1' : String(MISSING_ID))
    if (named.name === 'Float') return wrap('1e308')
    if (named.name === 'Boolean') return wrap('true')
    if (named.name === 'JSON' || named.name === 'JSONObject') return wrap('{a: {b: {c: 1}}}')
    if (arg.name === 'sort') return wrap('"__proto__"')
    return wrap(JSON.stringify(arg.name === 'id' ? String(MISSING_ID) : '\u200b'))
  }
  if (named.kind === 'ENUM') return undefined
  if (named.kind === 'INPUT_OBJECT') return arg.type.kind === 'NON_NULL' ? wrap('{}') : arg.name === 'where' ? '{ id: { equals: 999999 } }' : undefined
  return undefined
}

describe('raw sockets', () => {
  /** Writes raw bytes and waits for the answer or the end of the connection. */
  const raw = (bytes: string | Buffer, { endEarly = false } = {}) =>
    new Promise<string>((resolve) => {
      const { hostname, port } = new URL(server.baseUrl)
      const socket = net.connect(Number(port), hostname)
      let answer = ''
      const timer = setTimeout(() => {
        socket.destroy()
        resolve(answer || 'timeout')
      }, REQUEST_BOUND_MS)
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')))
      socket.on('error', () => undefined)
      socket.on('close', () => {
        clearTimeout(timer)
        resolve(answer)
      })
      socket.write(bytes, () => {
        if (endEarly) socket.end()
      })
    })

  it('survives a body cut off mid-upload, a raw NUL in the path and a lying Content-Length', async () => {
    await batch('raw sockets', async () => {
      const editor = writers[1]
      const auth = `Authorization: ${editor.headers.authorization}\r\n`
      const cases: [string, string | Buffer, boolean][] = [
        ['a multipart body cut off mid-upload', `POST /api/media HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: 100000\r\n\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc`, true],
        ['a JSON body cut off', `POST /api/articles HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"title":"cut`, true],
        ['a raw NUL in the path', Buffer.from(`GET /api/articles/by-slug/a\u0000b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 'latin1'), false],
        ['a raw byte above 0x7f in the path', Buffer.from(`GET /api/articles/by-slug/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 'latin1'), false],
        ['chunked JSON that never ends', `POST /api/articles HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"tit\r\n`, true],
      ]
      for (const [name, bytes, endEarly] of cases) {
        const answer = await raw(bytes, { endEarly })
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)
        if (status >= 500) failures.push(`${name} → ${answer.slice(0, 300)}`)
        if (LEAKS.test(answer)) failures.push(`${name} leaks internals: ${answer.slice(0, 300)}`)
      }
    })
  }, 120_000)
})

describe('addresses that Payload answers with a 5xx, answered as the client errors they are', () => {
  const get = (caller: Caller, path: string, method = 'GET') =>
    fetch(`${server.baseUrl}${path}`, { method, headers: caller.headers, signal: AbortSignal.timeout(REQUEST_BOUND_MS) }).then(async (response) => ({
      status: response.status,
      text: await response.text(),
    }))

  it('answers 404 with a sentence for the versions of a collection or global that keeps none, and still lists kept ones', async () => {
    const editor = writers[1]
    for (const [method, path] of [
      ['GET', '/api/organizations/versions'],
      ['GET', `/api/organizations/versions/${fixtures.ids.organizations}`],
      ['POST', `/api/photo-credits/versions/${fixtures.ids['photo-credits']}`],
      ['GET', '/api/globals/site-settings/versions'],
      ['POST', '/api/globals/site-settings/versions/1'],
    ]) {
      const answer = await get(editor, path, method)
      expect({ path, status: answer.status }).toEqual({ path, status: 404 })
      expect(answer.text).toMatch(/keeps no versions/)
    }
    const kept = await get(editor, `/api/articles/versions?where[parent][equals]=${fixtures.ids.articles}`)
    expect(kept.status).toBe(200)
    expect(JSON.parse(kept.text).totalDocs).toBeGreaterThan(0)
  })

  it('answers 404 without echoing the request URL for a collection that has no REST API (was a 501 naming the Host)', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const answer = await get(writers[1], '/api/payload-migrations', method)
      expect(answer.status).toBe(404)
      expect(answer.text).not.toContain(new URL(server.baseUrl).host)
      expect(JSON.parse(answer.text).errors[0].message).toMatch(/There is no .* in this API/)
    }
  })

  it('answers 404 for deleting an admin preference that was never saved, and still deletes a saved one', async () => {
    const writer = writers[0]
    for (const key of ['never-saved', '123', 'a b', '\u200b']) {
      const answer = await get(writer, `/api/payload-preferences/${encodeURIComponent(key)}`, 'DELETE')
      expect({ key, status: answer.status }).toEqual({ key, status: 404 })
      expect(answer.text).toMatch(/no saved preference named/)
    }
    const saved = await fetch(`${server.baseUrl}/api/payload-preferences/hostile-columns`, {
      method: 'POST',
      headers: { ...writer.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ value: { columns: ['title'] } }),
    })
    expect(saved.status).toBe(200)
    expect((await get(writer, '/api/payload-preferences/hostile-columns', 'DELETE')).status).toBe(200)
    expect((await get(writer, '/api/payload-preferences/hostile-columns', 'DELETE')).status).toBe(404)
    expect((await get(anonymousCaller, '/api/payload-preferences/never-saved', 'DELETE')).status).toBe(401)
  })

  it('refuses a GraphQL query nested 20,000 levels with a 400 that names the limit (was "Maximum call stack size exceeded")', async () => {
    const send = (query: string) =>
      fetch(`${server.baseUrl}/api/graphql`, {
        method: 'POST',
        headers: { ...writers[1].headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
        signal: AbortSignal.timeout(REQUEST_BOUND_MS),
      }).then(async (response) => ({ status: response.status, text: await response.text() }))
    const deep = await send(`{${'a{'.repeat(20_000)}b${'}'.repeat(20_000)}}`)
    expect(deep.status).toBe(400)
    expect(JSON.parse(deep.text).errors[0].message).toMatch(/nests 20001 levels deep; at most \d+ are allowed/)
    const ordinary = await send(`{ Articles(where: { id: { equals: ${fixtures.ids.articles} } }) { docs { id title } } }`)
    expect(ordinary.status).toBe(200)
    expect(JSON.parse(ordinary.text).data.Articles.docs).toEqual([{ id: fixtures.ids.articles, title: 'Hostile target story' }])
  })

  it('answers 404 for a media file that is not stored, and still serves one that is', async () => {
    const missing = await get(writers[1], '/api/media/file/no-such-photo.jpg')
    expect(missing.status).toBe(404)
    expect(missing.text).toMatch(/No stored file is named/)
    expect((await get(anonymousCaller, '/api/media/file/no-such-photo.jpg')).status).toBeLessThan(500)
    const stored = await get(writers[1], `/api/media/file/${encodeURIComponent(fixtures.mediaFilename)}`)
    expect(stored.status).toBe(200)
  })

  it('answers 400 for a photo’s file type that is not text (was a 500 from Payload’s type check)', async () => {
    for (const mimeType of [42, ['image/jpeg'], { type: 'image/jpeg' }, true]) {
      const response = await fetch(`${server.baseUrl}/api/media/${idFor('media')}`, bodyInit('patch', writers[1], json({ mimeType })))
      const text = await response.text()
      expect({ mimeType, status: response.status }).toEqual({ mimeType, status: 400 })
      expect(text).toMatch(/The file type \(mimeType\) is text such as/)
    }
  })
})
