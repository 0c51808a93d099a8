// Absolute links in feeds, the sitemap and the OpenAPI document come from configuration, never from a request's
// own Host or X-Forwarded-* headers: those responses are cached and served to everyone.
import http from 'node:http'

import { creditedStory } from '../helpers/contentApiFixtures'
import { publishStory } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'

let ctx: TestServer
const saved = { SERVER_URL: process.env.SERVER_URL, FRONTEND_URL: process.env.FRONTEND_URL, PORT: process.env.PORT }
// Development without SERVER_URL: links are built from the server's own configured address.
const CONFIGURED = 'http://localhost:3000'

beforeAll(async () => {
  process.env.SERVER_URL = ''
  process.env.FRONTEND_URL = ''
  delete process.env.PORT
  ctx = await startTestServer()
  const { story } = await creditedStory(ctx.payload, { title: 'A story whose links must not be poisoned' })
  await publishStory(ctx.payload, story.id)
}, 120_000)

afterAll(async () => {
  await ctx?.close()
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

/** A GET with headers fetch() will not send (Host). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(ctx.baseUrl)
  return new Promise((resolve, reject) => {
    const request = http.get({ hostname, port, path, headers }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    request.on('error', reject)
  })
}

const HOSTILE: Record<string, string>[] = [
  { host: 'evil.example' },
  { host: 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
  { host: 'localhost:3000@evil.example' },
  { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'javascript' },
]

const LINKED = ['/api/feeds/rss.xml', '/api/feeds/feed.json', '/sitemap.xml', '/api/openapi.json']

describe('links in cached public documents', () => {
  it.each(LINKED)('%s builds absolute links from the configured address, whatever Host and X-Forwarded-* say', async (path) => {
    for (const [index, headers] of HOSTILE.entries()) {
      // Each variant on a URL of its own, so it is produced (a cache miss), not served from an earlier answer.
      const { status, body } = await get(`${path}?poison=${index}`, headers)
      expect(status).toBe(200)
      expect(body).not.toMatch(/evil\.example|javascript:/)
      expect(body).toContain(CONFIGURED)
    }
  })

  it.each(LINKED)('%s is not poisoned for the next reader: a hostile first request leaves a clean cached answer', async (path) => {
    const url = `${path}?first=hostile`
    await get(url, { host: 'evil.example', 'x-forwarded-proto': 'https' })
    const { body } = await get(url)
    expect(body).not.toContain('evil.example')
    expect(body).toContain(CONFIGURED)
  })

  it('names the configured address as the OpenAPI server', async () => {
    const { body } = await get('/api/openapi.json?servers', { host: 'evil.example' })
    expect(JSON.parse(body).servers).toEqual([{ url: CONFIGURED }])
  })
})
