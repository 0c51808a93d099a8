// The public surfaces (the render-ready story, the summaries list, feeds, sitemap, the OpenAPI document and
// webhook deliveries) carry published content only: never a newer draft, and never the newsroom's own data.
// A unique marker is planted in every secret field; no response body or header may contain one.
import http from 'node:http'
import type { AddressInfo } from 'node:net'


import { paragraph, storyBody } from '../../src/lexical/lexicalBuilders'
import { transitionArticle } from '../../src/workflow/transitionArticle'
import { waiveDeskCheck } from '../../src/workflow/waiveDeskCheck'
import { creditedStory } from '../helpers/contentApiFixtures'
import { anonymousCaller, apiKeyCaller, callerFor, rest, type Caller, type HttpResult } from '../helpers/http'
import { deskEditor, publishStory, waiveDeskChecks } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser } from '../helpers/users'
import { objectsIn } from '../helpers/jsonTree'
import { withClient } from '../../src/db/withClient'

let ctx: TestServer
let receiver: http.Server
const deliveries: string[] = []
let callers: Record<'anonymous' | 'api', Caller>
let slug: string
/** Marker strings in staff-only fields, by where they were planted. */
const staffSecrets: Record<string, string> = {}
/** Marker strings in the story's unpublished draft. */
const draftSecrets: Record<string, string> = {}

const marker = (name: string) => `LEAKMARKER${name.replace(/\W/g, '')}${Math.random().toString(36).slice(2, 10)}`

/** Keys of staff-only fields: none may appear anywhere in a public response. */
const STAFF_KEYS = [
  'hash', 'salt', 'apiKey', 'apiKeyIndex', 'enableAPIKey', 'resetPasswordToken', 'resetPasswordExpiration', 'loginAttempts',
  'lockUntil', 'sessions', 'email', 'role', 'notes', 'stage', 'reviewer', 'dueAt', 'approvedBy', 'contentHash', 'importHash',
  'importKey', 'needsOriginal', 'usedIn', 'editorialNotes', 'transitions', 'overrideReason', 'deskCheckWaivers', 'savedBy', 'isLive',
  // The storage adapter's bookkeeping (src/objectStorage/photoBucket.ts).
  'prefix', '_objectKey',
]

/** The names a JSON tree uses for data fields; in the OpenAPI document, only the `properties` of its schemas. */
function fieldKeys(body: unknown, { isSchema }: { isSchema: boolean }): [string, string][] {
  const keys: [string, string][] = []
  for (const [path, object] of objectsIn(body)) {
    if (isSchema && !path.endsWith('.properties')) continue
    for (const key of Object.keys(object)) keys.push([path, key])
  }
  return keys
}

function expectNothingSecret(
  label: string,
  { text, headers }: { text: string; headers?: Headers },
  { isDraftAllowed = false, isSchema = false } = {},
) {
  const secrets = { ...staffSecrets, ...(isDraftAllowed ? {} : draftSecrets) }
  const seen = `${text}\n${headers ? [...headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n') : ''}`
  const found = Object.entries(secrets).filter(([, secret]) => seen.toLowerCase().includes(secret.toLowerCase())).map(([where]) => where)
  expect({ label, found }).toEqual({ label, found: [] })
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return
  }
  const staffKeys = fieldKeys(body, { isSchema })
    .filter(([, key]) => STAFF_KEYS.includes(key))
    .map(([path, key]) => `${path}.${key}`)
  expect({ label, staffKeys }).toEqual({ label, staffKeys: [] })
}

beforeAll(async () => {
  ctx = await startTestServer()
  const { payload } = ctx
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      deliveries.push(`${JSON.stringify(req.headers)}\n${Buffer.concat(chunks).toString('utf8')}`)
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  await payload.create({
    collection: 'webhooks',
    data: {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      secret: 'a-long-shared-secret-for-signing',
      events: ['article.published', 'article.updated', 'article.unpublished'] as never,
      active: true,
    },
    overrideAccess: true,
  })

  const apiUser = await createUser(payload, 'api', 'Public surface API reader')
  callers = { anonymous: anonymousCaller, api: await apiKeyCaller(payload, apiUser) }
  const { story, author, heroCredit, bodyCredit } = await creditedStory(payload, { title: 'A published story with a secret draft' })
  slug = story.slug!

  // The author's account secrets.
  staffSecrets.authorEmail = author.email
  staffSecrets.resetToken = (await payload.forgotPassword({ collection: 'users', data: { email: author.email }, disableEmail: true })) as string
  const { rows } = await withClient(ctx.databaseUrl, (client) => client.query('select hash, salt from users where id = $1', [author.id]))
  staffSecrets.authorHash = rows[0].hash
  staffSecrets.authorSalt = rows[0].salt
  staffSecrets.apiKey = callers.api.headers.authorization.split(' ').pop()!

  // The newsroom's own notes on the story, its photos and its workflow.
  for (const [name, credit] of [['heroCreditNotes', heroCredit], ['bodyCreditNotes', bodyCredit]] as const) {
    staffSecrets[name] = marker(name)
    await payload.update({ collection: 'photo-credits', id: credit.id, data: { notes: staffSecrets[name] }, overrideAccess: true })
  }
  staffSecrets.editorialNote = marker('editorialNote')
  await payload.create({ collection: 'editorial-notes', data: { text: staffSecrets.editorialNote, article: story.id }, overrideAccess: true })
  const editor = await deskEditor(payload)
  const reviewer = await createUser(payload, 'editor', 'Reviewing Editor')
  staffSecrets.reviewerEmail = reviewer.email
  await payload.update({ collection: 'articles', id: story.id, data: { reviewer: reviewer.id, dueAt: '2031-01-01T00:00:00.000Z' }, overrideAccess: true })
  staffSecrets.transitionNote = marker('transitionNote')
  await transitionArticle({ payload, articleId: story.id, to: 'in-review', user: editor })
  await transitionArticle({ payload, articleId: story.id, to: 'changes-requested', note: staffSecrets.transitionNote, user: editor })
  staffSecrets.approvalNote = marker('approvalNote')
  await transitionArticle({ payload, articleId: story.id, to: 'in-review', user: editor })
  // A desk check waived with a note: the note is the newsroom's (the stage log and the story's waivers).
  staffSecrets.waiverNote = marker('waiverNote')
  await waiveDeskCheck({ payload, articleId: story.id, check: 'seoTitle', note: staffSecrets.waiverNote, user: editor })
  await waiveDeskChecks(payload, story.id)
  await transitionArticle({ payload, articleId: story.id, to: 'approved', note: staffSecrets.approvalNote, user: editor })
  staffSecrets.editorEmail = editor.email
  await publishStory(payload, story.id)

  // A newer draft nobody outside the newsroom may see yet.
  draftSecrets.title = marker('draftTitle')
  draftSecrets.dek = marker('draftDek')
  draftSecrets.body = marker('draftBody')
  draftSecrets.heroCaption = marker('draftHeroCaption')
  await payload.update({
    collection: 'articles',
    id: story.id,
    data: {
      title: `Working title ${draftSecrets.title}`,
      dek: draftSecrets.dek,
      heroCaption: draftSecrets.heroCaption,
      body: storyBody(paragraph(`Unconfirmed: ${draftSecrets.body}`)) as never,
    },
    draft: true,
    overrideAccess: true,
  })
  await payload.jobs.run({ queue: 'webhooks' })
}, 120_000)

afterAll(async () => {
  receiver?.closeAllConnections()
  await new Promise((resolve) => receiver?.close(resolve))
  await ctx?.close()
})

const get = (caller: Caller, path: string): Promise<HttpResult> => rest(ctx.baseUrl, caller, 'GET', path)

describe('public surfaces', () => {
  it('(the markers are really there: an admin sees them)', async () => {
    const staff = await callerFor(ctx.baseUrl, await createUser(ctx.payload, 'admin', 'Checking Admin'))
    const seen = (
      await Promise.all(
        ['/api/editorial-notes?limit=100', '/api/article-transitions?limit=100', '/api/photo-credits?limit=100', `/api/articles/by-slug/${slug}?draft=true`, '/api/users?limit=100'].map(
          async (path) => (await get(staff, path)).text,
        ),
      )
    ).join('\n')
    // Account secrets (hash, salt, reset token, API key) are read from the database itself: nobody sees them.
    const { authorHash, authorSalt, resetToken, apiKey, ...visibleToStaff } = { ...staffSecrets, ...draftSecrets }
    expect([authorHash, authorSalt, resetToken, apiKey].every(Boolean)).toBe(true)
    expect(Object.entries(visibleToStaff).filter(([, secret]) => !seen.includes(secret)).map(([where]) => where)).toEqual([])
  })

  for (const who of ['anonymous', 'api'] as const) {
    it(`the render-ready story shows ${who} callers the published version, without staff data`, async () => {
      const story = await get(callers[who], `/api/articles/by-slug/${slug}`)
      expect(story.status).toBe(200)
      expect(story.body.title).toBe('A published story with a secret draft')
      expectNothingSecret(`${who} by-slug`, story)
    })

    it(`the summaries list, feeds and sitemap show ${who} callers no draft and no staff data`, async () => {
      for (const path of [
        '/api/articles/summaries?limit=100',
        '/api/articles/summaries?limit=100&depth=3',
        '/api/feeds/rss.xml',
        '/api/feeds/feed.json',
        '/sitemap.xml',
      ]) {
        const result = await get(callers[who], path)
        expect({ path, status: result.status }).toEqual({ path, status: 200 })
        expect({ path, hasStory: result.text.includes(slug) }).toEqual({ path, hasStory: true })
        expectNothingSecret(`${who} ${path}`, result)
      }
    })
  }

  it('the render-ready draft preview (api key, draft=true) shows the draft, still without staff data', async () => {
    const preview = await get(callers.api, `/api/articles/by-slug/${slug}?draft=true`)
    expect(preview.status).toBe(200)
    expect(preview.text).toContain(draftSecrets.dek)
    expectNothingSecret('api by-slug draft=true', preview, { isDraftAllowed: true })
  })

  it('the OpenAPI document describes no staff-only field and carries no data', async () => {
    const document = await get(callers.anonymous, '/api/openapi.json')
    expect(document.status).toBe(200)
    expect(document.body.openapi).toMatch(/^3\.1/)
    expect(fieldKeys(document.body, { isSchema: true }).length).toBeGreaterThan(20)
    expectNothingSecret('openapi.json', document, { isSchema: true })
  })

  it('webhook deliveries carry the published story only, without staff data', async () => {
    expect(deliveries.length).toBeGreaterThan(0)
    for (const delivery of deliveries) expectNothingSecret('webhook delivery', { text: delivery.slice(delivery.indexOf('\n') + 1) })
    expect(deliveries.some((delivery) => delivery.includes('A published story with a secret draft'))).toBe(true)
  })
})
