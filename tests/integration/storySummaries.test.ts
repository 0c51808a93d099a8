import { SUMMARY_FIELDS } from '../../src/publicApi/storySummaries'
import { databasePool } from '../../src/db/closePayload'
import { PUBLICLY_VISIBLE } from '../../src/publicApi/publicStoriesIndex'
import { creditedStory } from '../helpers/contentApiFixtures'
import { publishStory } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'

let ctx: TestServer
const titles = { draft: 'Summary draft', trashed: 'Summary trashed' }

beforeAll(async () => {
  ctx = await startTestServer()
  for (const title of ['Summary with photos one', 'Summary with photos two']) {
    await publishStory(ctx.payload, (await creditedStory(ctx.payload, { title })).story.id)
  }
  // Without a dek or a hero image: the summary shows nulls where Payload shows nulls.
  for (const title of ['Summary bare one', 'Summary bare two', titles.trashed]) {
    const story = await ctx.payload.create({ collection: 'articles', data: { title }, overrideAccess: true })
    await publishStory(ctx.payload, story.id)
  }
  const trashed = await ctx.payload.find({ collection: 'articles', where: { title: { equals: titles.trashed } }, overrideAccess: true })
  await ctx.payload.update({ collection: 'articles', id: trashed.docs[0].id, data: { deletedAt: new Date().toISOString() }, overrideAccess: true })
  await creditedStory(ctx.payload, { title: titles.draft })
})

afterAll(async () => {
  await ctx?.close()
})

type Json = Record<string, any>

const getJson = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${ctx.baseUrl}${path}`, { headers })
  return { status: response.status, body: (await response.json()) as Json }
}
const payloadsOwnList = (query: string) => `/api/articles?${query}&${SUMMARY_FIELDS.map((field) => `select[${field}]=true`).join('&')}`

describe('GET /api/articles/summaries', () => {
  it('answers every plain page exactly as Payload’s own list with the summary fields would', async () => {
    const queries = [
      'limit=25&sort=-updatedAt&depth=0',
      'limit=2&sort=-updatedAt&depth=0',
      'limit=2&page=2&sort=-updatedAt&depth=0',
      'limit=2&page=3&sort=-updatedAt&depth=0',
      'limit=3&page=9&sort=-updatedAt&depth=0',
      'depth=0',
      'sort=title&depth=0',
      'sort=-title&limit=3&depth=0',
      'sort=-publishedAt&depth=0',
      'sort=publishedAt&depth=0',
      'sort=createdAt&depth=0',
      'sort=updatedAt&depth=0&limit=1&page=4',
    ]
    for (const query of queries) {
      const summaries = await getJson(`/api/articles/summaries?${query}`)
      const own = await getJson(payloadsOwnList(query))
      expect({ query, status: summaries.status, body: summaries.body }).toEqual({ query, status: 200, body: own.body })
    }
  })

  it('lists published stories only: no draft, nothing in the trash', async () => {
    const { body } = await getJson('/api/articles/summaries?limit=100&depth=0')
    const listed = body.docs.map((doc: Json) => doc.title)
    expect(listed).toEqual(expect.arrayContaining(['Summary with photos one', 'Summary bare two']))
    expect(listed).not.toContain(titles.draft)
    expect(listed).not.toContain(titles.trashed)
    expect(body.totalDocs).toBe(listed.length)
    expect(Object.keys(body.docs[0]).sort()).toEqual(['id', ...SUMMARY_FIELDS].sort())
  })

  it('has the shape the OpenAPI document promises', async () => {
    const { body: openapi } = await getJson('/api/openapi.json')
    const { ArticleSummary, ArticleSummaryPage } = openapi.components.schemas
    const { body } = await getJson('/api/articles/summaries?limit=100&depth=0')
    expect(Object.keys(body)).toEqual(expect.arrayContaining(ArticleSummaryPage.required))
    for (const doc of body.docs) expect(Object.keys(doc).sort()).toEqual([...ArticleSummary.required].sort())
  })

  it('leaves other queries to Payload, with the same fields', async () => {
    const query = 'where[title][like]=photos&depth=1&sort=-updatedAt'
    const summaries = await getJson(`/api/articles/summaries?${query}`)
    expect(summaries.body).toEqual((await getJson(payloadsOwnList(query))).body)
    expect(summaries.body.docs.map((doc: Json) => doc.title).sort()).toEqual(['Summary with photos one', 'Summary with photos two'])
    expect(summaries.body.docs[0].heroImage).toMatchObject({ id: expect.any(Number), alt: expect.any(String) })
  })

  it('shows signed-in staff the drafts too, as Payload does', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    const headers = await loginHeaders(ctx.baseUrl, editor.email)
    const { body } = await getJson('/api/articles/summaries?limit=100&depth=0', headers)
    expect(body.docs.map((doc: Json) => doc.title)).toContain(titles.draft)
  })

  it('refuses select: summaries choose their own fields', async () => {
    const { status, body } = await getJson('/api/articles/summaries?select[body]=true')
    expect(status).toBe(400)
    expect(body.errors[0].message).toMatch(/choose their own fields/)
  })
})

describe('the count of public stories', () => {
  it('can be read from the public stories index alone (an index-only scan, not every wide row of articles)', async () => {
    // With sequential scans ruled out the planner uses the partial index only if its predicate matches the list's
    // condition as spelled; a vacuum first so the index-only scan needs no visit to the table.
    const pool = databasePool(ctx.payload)
    await pool.query('vacuum analyze articles')
    const client = await pool.connect()
    try {
      await client.query('begin')
      await client.query('set local enable_seqscan = off')
      const { rows } = await client.query(`explain select count(*) from articles where ${PUBLICLY_VISIBLE}`)
      await client.query('rollback')
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Only Scan using articles_public_stories_idx/)
    } finally {
      client.release()
    }
  })
})
