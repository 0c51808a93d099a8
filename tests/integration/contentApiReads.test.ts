import { databasePool } from '../../src/db/closePayload'
import { callsToActionBlock, paragraph, storyBody, uploadNode } from '../../src/lexical/lexicalBuilders'
import { creditedStory } from '../helpers/contentApiFixtures'
import { publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'

const ctx = testServerOfThisFile()

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ctx.baseUrl}${path}`, { headers, redirect: 'manual' })

type Json = Record<string, any>

const findNodes = (node: Json, type: string, found: Json[] = []): Json[] => {
  if (node?.type === type) found.push(node)
  for (const child of node?.children ?? []) findNodes(child, type, found)
  return found
}

describe('GET /api/articles/by-slug/:slug', () => {
  it('answers one render-ready story with credit lines on every image, in the body too', async () => {
    const fixture = await creditedStory(ctx.payload, { title: 'Render ready story' })
    await publishStory(ctx.payload, fixture.story.id)

    const response = await get(`/api/articles/by-slug/${fixture.story.slug}`)
    expect(response.status).toBe(200)
    const story = (await response.json()) as Json

    expect(story).toMatchObject({ title: 'Render ready story', dek: 'A standfirst that says what happened.', slug: fixture.story.slug })
    expect(story.authors).toEqual([{ name: fixture.author.name }])
    expect(typeof story.publishedAt).toBe('string')
    expect(story.heroImage).toMatchObject({
      id: fixture.hero.id,
      alt: 'Protesters march past the parliament in the rain',
      caption: 'The story’s own hero caption.',
      creditLine: `Photo by Alexander Nemenov/${fixture.afp.name}/${fixture.getty.name}.`,
    })
    expect(story.heroImage.url).toMatch(/\/api\/media\/file\//)
    expect(story.heroImage.sizes).toEqual(expect.any(Object))

    const uploads = findNodes(story.body.root, 'upload')
    expect(uploads).toHaveLength(2)
    expect(uploads[0].value).toMatchObject({
      id: fixture.bodyImage.id,
      caption: 'A caption for this use only.',
      creditLine: `Photo by Aaron Hooper, courtesy of ${fixture.advocacy.name}.`,
      alt: 'Two activists hold a rainbow banner at night',
    })
    expect(uploads[1].value).toMatchObject({ caption: 'The default hero caption.', creditLine: story.heroImage.creditLine })

    const [block] = findNodes(story.body.root, 'block')
    expect(block.fields.callsToAction).toEqual([
      expect.objectContaining({
        title: fixture.petition.title,
        kind: 'petition',
        url: 'https://rusa.example.org/sign',
        organization: { id: fixture.advocacy.id, name: fixture.advocacy.name },
        handles: ['@StateDept'],
        hashtags: ['#FreeThem'],
        status: 'active',
        isActive: true,
      }),
      expect.objectContaining({ title: fixture.expired.title, status: 'closed', isActive: false }),
    ])
    const [link] = findNodes(story.body.root, 'link')
    expect(link.fields.doc.value).toMatchObject({ id: fixture.advocacy.id, name: fixture.advocacy.name })

    expect(story.organizations).toEqual([expect.objectContaining({ name: fixture.advocacy.name, socialHandles: [{ platform: 'x', handle: '@rusalgbt' }] })])
    expect(story.callsToAction).toEqual([expect.objectContaining({ title: fixture.petition.title, status: 'active' })])
    expect(story.seo).toMatchObject({ title: 'Render ready story', description: 'A standfirst that says what happened.' })
    for (const staffOnly of ['images', 'bodyCallsToAction', 'mentionedOrganizations', '_status', 'previousSlugs']) {
      expect(story).not.toHaveProperty(staffOnly)
    }
    expect(JSON.stringify(story)).not.toContain('@newsroom.test')
  })

  it('loads a story in the same number of queries however many images and calls to action it has', async () => {
    const small = await creditedStory(ctx.payload, { title: 'Query count small' })
    const large = await creditedStory(ctx.payload, { title: 'Query count large' })
    const extra = await creditedStory(ctx.payload, { title: 'Query count donor' })
    const body = storyBody(
      paragraph('Many images and calls to action.'),
      ...[large.hero, large.bodyImage, extra.hero, extra.bodyImage].map((image) => uploadNode(image.id)),
      callsToActionBlock({ callsToAction: [large.petition.id, large.expired.id, extra.petition.id, extra.expired.id] }),
    )
    await ctx.payload.update({
      collection: 'articles',
      id: large.story.id,
      data: { body: body as never, organizations: [large.advocacy.id, extra.advocacy.id], callsToAction: [extra.petition.id] },
      overrideAccess: true,
    })
    await publishStory(ctx.payload, small.story.id)
    await publishStory(ctx.payload, large.story.id)

    const pool = databasePool(ctx.payload)
    const original = pool.query.bind(pool)
    let queries = 0
    ;(pool as any).query = (...args: unknown[]) => {
      queries += 1
      return (original as any)(...args)
    }
    try {
      const count = async (slug: string) => {
        queries = 0
        const response = await get(`/api/articles/by-slug/${slug}?count=${Date.now()}`)
        expect(response.status).toBe(200)
        return queries
      }
      const smallCount = await count(small.story.slug!)
      const largeCount = await count(large.story.slug!)
      expect(largeCount).toBe(smallCount)
      // The floor: a counter that saw nothing (0 = 0) would prove nothing.
      expect(smallCount).toBeGreaterThan(0)
      expect(smallCount).toBeLessThanOrEqual(12)
    } finally {
      ;(pool as any).query = original
    }
  })

  it('answers 404 with a JSON message for an unknown or unpublished slug', async () => {
    const unknown = await get('/api/articles/by-slug/no-such-story')
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).errors[0].message).toMatch(/no-such-story/)

    const { story } = await creditedStory(ctx.payload, { title: 'Never published' })
    const draft = await get(`/api/articles/by-slug/${story.slug}`)
    expect(draft.status).toBe(404)
    expect(draft.headers.get('cache-control')).toBe('no-store')
  })

  it('redirects a previous slug to the current one with a 301', async () => {
    const { story } = await creditedStory(ctx.payload, { title: 'Original headline' })
    await publishStory(ctx.payload, story.id)
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { slug: 'corrected-headline' }, overrideAccess: true })

    const moved = await get(`/api/articles/by-slug/${story.slug}`)
    expect(moved.status).toBe(301)
    expect(moved.headers.get('location')).toBe('/api/articles/by-slug/corrected-headline')
    const current = await get('/api/articles/by-slug/corrected-headline')
    expect((await current.json()).title).toBe('Original headline')
  })

  it('shows anonymous readers the published version, never a newer draft; an API key with ?draft=true sees the draft', async () => {
    const { story } = await creditedStory(ctx.payload, { title: 'Published wording' })
    await publishStory(ctx.payload, story.id)
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'Unreviewed new wording' }, draft: true, overrideAccess: true })

    expect((await (await get(`/api/articles/by-slug/${story.slug}`)).json()).title).toBe('Published wording')
    expect((await (await get(`/api/articles/${story.id}`)).json()).title).toBe('Published wording')
    const list = await (await get(`/api/articles?where[id][equals]=${story.id}`)).json()
    expect(list.docs.map((doc: Json) => doc.title)).toEqual(['Published wording'])

    const anonymousDraft = await get(`/api/articles/${story.id}?draft=true`)
    expect(anonymousDraft.status).toBe(401)
    expect((await anonymousDraft.json()).errors[0].message).toMatch(/API key/)

    const key = await apiKeyFor('preview')
    const preview = await get(`/api/articles/by-slug/${story.slug}?draft=true`, { authorization: `users API-Key ${key}` })
    expect(preview.status).toBe(200)
    expect((await preview.json()).title).toBe('Unreviewed new wording')
    expect(preview.headers.get('cache-control')).toBe('private, no-store')
    const restPreview = await get(`/api/articles/${story.id}?draft=true`, { authorization: `users API-Key ${key}` })
    expect((await restPreview.json()).title).toBe('Unreviewed new wording')
    expect(restPreview.headers.get('cache-control')).toBe('private, no-store')
    expect(restPreview.headers.get('etag')).toBeNull()
  })
})

async function apiKeyFor(name: string): Promise<string> {
  const admin = await createUser(ctx.payload, 'admin')
  const machine = await createUser(ctx.payload, 'api', name)
  const key = `key-${name}-${Date.now()}-0123456789abcdef`
  const response = await fetch(`${ctx.baseUrl}/api/users/${machine.id}`, {
    method: 'PATCH',
    headers: await loginHeaders(ctx.baseUrl, admin.email),
    body: JSON.stringify({ enableAPIKey: true, apiKey: key }),
  })
  expect(response.status).toBe(200)
  return key
}

describe('API keys', () => {
  it('are issued by admins to api users only, and never shown', async () => {
    const admin = await createUser(ctx.payload, 'admin')
    const adminHeaders = await loginHeaders(ctx.baseUrl, admin.email)
    const editor = await createUser(ctx.payload, 'editor')
    const refused = await fetch(`${ctx.baseUrl}/api/users/${editor.id}`, {
      method: 'PATCH',
      headers: adminHeaders,
      body: JSON.stringify({ enableAPIKey: true, apiKey: 'an-editor-key-0123456789' }),
    })
    expect(refused.status).toBe(400)
    expect((await refused.json()).errors[0].message).toMatch(/api.*role/i)

    const writer = await createUser(ctx.payload, 'writer')
    await fetch(`${ctx.baseUrl}/api/users/${writer.id}`, {
      method: 'PATCH',
      headers: await loginHeaders(ctx.baseUrl, writer.email),
      body: JSON.stringify({ enableAPIKey: true, apiKey: 'a-writer-self-issued-key-0123' }),
    })
    const selfIssued = await get('/api/articles', { authorization: 'users API-Key a-writer-self-issued-key-0123' })
    expect(selfIssued.status).toBe(401)

    const key = await apiKeyFor('reader')
    const machine = (await ctx.payload.find({ collection: 'users', where: { name: { equals: 'reader' } }, overrideAccess: true })).docs[0]
    for (const headers of [adminHeaders, { authorization: `users API-Key ${key}` }]) {
      const read = await (await get(`/api/users/${machine.id}`, headers)).json()
      expect(JSON.stringify(read)).not.toContain(key)
      expect(read.apiKey).toBeUndefined()
    }
    const me = await (await get('/api/users/me', { authorization: `users API-Key ${key}` })).json()
    expect(JSON.stringify(me)).not.toContain(key)
  })

  it('answer 401 with a JSON message when the key is wrong', async () => {
    const response = await get('/api/articles', { authorization: 'users API-Key not-a-real-key' })
    expect(response.status).toBe(401)
    expect((await response.json()).errors[0].message).toMatch(/API key is not valid/)
  })
})

describe('visibility by caller', () => {
  it('anonymous readers see published stories only; API-key readers and staff see drafts and staff fields', async () => {
    const draft = await creditedStory(ctx.payload, { title: 'Visibility draft' })
    const live = await creditedStory(ctx.payload, { title: 'Visibility live' })
    await publishStory(ctx.payload, live.story.id)
    const where = `where[title][like]=Visibility&limit=100`

    const anonymous = await (await get(`/api/articles?${where}`)).json()
    expect(anonymous.docs.map((doc: Json) => doc.title)).toEqual(['Visibility live'])
    expect(anonymous.docs[0].images).toBeUndefined()

    const key = await apiKeyFor('visibility')
    const machine = await (await get(`/api/articles?${where}`, { authorization: `users API-Key ${key}` })).json()
    expect(machine.docs.map((doc: Json) => doc.title).sort()).toEqual(['Visibility draft', 'Visibility live'])

    const editor = await createUser(ctx.payload, 'editor')
    const staffResponse = await get(`/api/articles?${where}`, await loginHeaders(ctx.baseUrl, editor.email))
    const staff = await staffResponse.json()
    expect(staff.docs).toHaveLength(2)
    expect(staff.docs[0].images.length).toBeGreaterThan(0)
    expect(staffResponse.headers.get('cache-control')).toBe('private, no-store')
    expect(draft.story.id).toBeDefined()
  })
})

describe('filters front ends need', () => {
  it('filter by topic, organization and publishedAt range, newest first, paginated', async () => {
    const a = await creditedStory(ctx.payload, { title: 'Filter A', topics: ['climate'] })
    const b = await creditedStory(ctx.payload, { title: 'Filter B', topics: ['climate', 'courts'] })
    const c = await creditedStory(ctx.payload, { title: 'Filter C', topics: ['courts'] })
    for (const [fixture, publishedAt] of [
      [a, '2026-01-10T12:00:00.000Z'],
      [b, '2026-02-10T12:00:00.000Z'],
      [c, '2026-03-10T12:00:00.000Z'],
    ] as const) {
      await ctx.payload.update({ collection: 'articles', id: fixture.story.id, data: { publishedAt }, overrideAccess: true })
      await publishStory(ctx.payload, fixture.story.id)
    }
    const titles = async (query: string) => {
      const response = await get(`/api/articles?where[title][like]=Filter&sort=-publishedAt&depth=0&${query}`)
      expect(response.status).toBe(200)
      return ((await response.json()).docs as Json[]).map((doc) => doc.title)
    }
    expect(await titles('where[topics][in]=climate')).toEqual(['Filter B', 'Filter A'])
    expect(await titles(`where[organizations][in]=${b.advocacy.id}`)).toEqual(['Filter B'])
    expect(
      await titles('where[publishedAt][greater_than_equal]=2026-02-01T00:00:00Z&where[publishedAt][less_than]=2026-04-01T00:00:00Z'),
    ).toEqual(['Filter C', 'Filter B'])
    expect(await titles('limit=2&page=1')).toEqual(['Filter C', 'Filter B'])
    const second = await (await get('/api/articles?where[title][like]=Filter&sort=-publishedAt&limit=2&page=2')).json()
    expect(second.docs.map((doc: Json) => doc.title)).toEqual(['Filter A'])
    expect(second).toMatchObject({ totalDocs: 3, page: 2, hasPrevPage: true, hasNextPage: false })
    const selected = await (await get('/api/articles?where[title][equals]=Filter A&select[title]=true&depth=0')).json()
    expect(Object.keys(selected.docs[0]).sort()).toEqual(['id', 'title'])
  })
})

describe('bad input', () => {
  const expectClientError = async (path: string, status: number, message: RegExp, headers: Record<string, string> = {}) => {
    const response = await get(path, headers)
    expect({ path, status: response.status }).toEqual({ path, status })
    const body = await response.json()
    expect(body.errors[0].message).toMatch(message)
  }

  it('refuses limits outside 1–100 and depth above 3 for anonymous callers', async () => {
    await expectClientError('/api/articles?limit=0', 400, /limit/)
    await expectClientError('/api/articles?limit=101', 400, /limit/)
    await expectClientError('/api/articles?limit=-5', 400, /limit/)
    await expectClientError('/api/articles?limit=abc', 400, /limit/)
    await expectClientError('/api/media?depth=4', 400, /depth/)
    await expectClientError('/api/articles?depth=999', 400, /depth/)
    await expectClientError('/api/articles?page=0', 400, /page/)
    expect((await get('/api/articles?depth=3&limit=100')).status).toBe(200)
  })

  it('answers malformed filters with a 400 and a readable message, never a 500', async () => {
    for (const query of [
      'where=title',
      'where[title]=x',
      'where[title][nonsense]=x',
      'where[or]=x',
      'where[ti%20tle][equals]=x',
      'where[and][0]=x',
      'where[title][equals][deep][er]=x',
    ]) {
      const response = await get(`/api/articles?${query}`)
      expect({ query, status: response.status }).toEqual({ query, status: 400 })
      expect((await response.json()).errors[0].message).toEqual(expect.any(String))
    }
    for (const query of ['where[nosuchfield][equals]=x', 'where[heroImage.nosuch][equals]=1', 'sort=nosuchfield', 'where[publishedAt][greater_than]=not-a-date']) {
      const response = await get(`/api/articles?${query}`)
      expect({ query, isClientError: response.status < 500 }).toEqual({ query, isClientError: true })
    }
  })
})
