// The Express layer's defences: headers, CORS and CSRF by origin, cookies, and hostile uploads.
import { crc32 } from 'node:zlib'

import { anonymousCaller, callerFor, rest, type Caller } from '../helpers/http'
import { imageBuffer } from '../helpers/content'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser, TEST_PASSWORD } from '../helpers/users'

const ALLOWED = 'https://front.newsroom.test'
const EVIL = 'https://evil.example'
const UPLOAD_MAX_BYTES = 300_000

let ctx: TestServer
let writer: Caller
let writerEmail: string

beforeAll(async () => {
  // Read when the server's modules load (startTestServer imports them).
  process.env.ALLOWED_ORIGINS = ALLOWED
  process.env.UPLOAD_MAX_BYTES = String(UPLOAD_MAX_BYTES)
  ctx = await startTestServer()
  const user = await createUser(ctx.payload, 'writer')
  writerEmail = user.email
  writer = await callerFor(ctx.baseUrl, user)
})

afterAll(async () => {
  await ctx?.close()
  delete process.env.ALLOWED_ORIGINS
  delete process.env.UPLOAD_MAX_BYTES
})

const mediaCount = () => ctx.payload.count({ collection: 'media', overrideAccess: true }).then((result) => result.totalDocs)

function uploadForm(file: { bytes: Uint8Array | Buffer; type: string; name: string }, payloadField = JSON.stringify({ alt: 'A test upload' })) {
  const form = new FormData()
  form.append('_payload', payloadField)
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name)
  return form
}

function pngChunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A few dozen bytes that claim 100,000 × 100,000 pixels. */
function decompressionBomb() {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(100_000, 0)
  header.writeUInt32BE(100_000, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

describe('security headers', () => {
  it('sends helmet’s headers everywhere and a no-content CSP on the API', async () => {
    const api = await rest(ctx.baseUrl, anonymousCaller, 'GET', '/api/articles')
    expect(api.headers.get('x-content-type-options')).toBe('nosniff')
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(api.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(api.headers.get('strict-transport-security')).toContain('max-age=')
    expect(api.headers.get('x-powered-by')).toBeNull()
    const health = await rest(ctx.baseUrl, anonymousCaller, 'GET', '/healthz')
    expect(health.headers.get('x-content-type-options')).toBe('nosniff')
    // The admin's pages keep Next's own policy: it needs inline scripts.
    expect(health.headers.get('content-security-policy')).toBeNull()
  })
})

describe('CORS and CSRF', () => {
  it('lets configured origins call the API from a browser, and no others', async () => {
    const preflight = (origin: string) =>
      fetch(`${ctx.baseUrl}/api/articles`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      })
    expect((await preflight(ALLOWED)).headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect((await preflight(EVIL)).headers.get('access-control-allow-origin')).not.toBe(EVIL)
    const read = await rest(ctx.baseUrl, anonymousCaller, 'GET', '/api/articles', undefined, { origin: EVIL })
    expect(read.headers.get('access-control-allow-origin')).not.toBe(EVIL)
  })

  it('sets the session cookie HttpOnly and SameSite=Lax, and ignores it on requests from other origins', async () => {
    const login = await fetch(`${ctx.baseUrl}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: writerEmail, password: TEST_PASSWORD }),
    })
    const cookie = login.headers.getSetCookie().find((value) => value.startsWith('payload-token='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    // Secure only in production (Users auth.cookies.secure = isProduction): tests run over plain http.
    expect(cookie).not.toMatch(/;\s*Secure/i)
    const session = { cookie: cookie.split(';')[0] }
    const me = (origin: string) => rest(ctx.baseUrl, { name: 'cookie', headers: { ...session, origin } }, 'GET', '/api/users/me')
    expect((await me(ALLOWED)).body.user?.email).toBe(writerEmail)
    expect((await me(EVIL)).body.user).toBeNull()
  })
})

describe('hostile uploads', () => {
  it('refuses a file over UPLOAD_MAX_BYTES with a 413 that says the limit', async () => {
    const before = await mediaCount()
    const big = Buffer.concat([await imageBuffer(), Buffer.alloc(UPLOAD_MAX_BYTES + 1024 * 1024 + 10)])
    const result = await rest(ctx.baseUrl, writer, 'POST', '/api/media', uploadForm({ bytes: big, type: 'image/jpeg', name: 'huge.jpg' }))
    expect(result.status).toBe(413)
    expect(result.body.errors[0].message).toContain('0.3 MB')
    expect(await mediaCount()).toBe(before)
  })

  it('lets Payload’s own limit refuse a file just over the limit (413), behind the Express guard', async () => {
    const big = Buffer.concat([await imageBuffer(), Buffer.alloc(UPLOAD_MAX_BYTES)])
    const result = await rest(ctx.baseUrl, writer, 'POST', '/api/media', uploadForm({ bytes: big, type: 'image/jpeg', name: 'big.jpg' }))
    expect(result.status).toBe(413)
    expect(result.text).not.toMatch(/\bat .*\.(ts|js):\d+/)
  })

  it('answers a malformed `_payload` with a 400, not a 500', async () => {
    const before = await mediaCount()
    const result = await rest(ctx.baseUrl, writer, 'POST', '/api/media', uploadForm({ bytes: await imageBuffer(), type: 'image/jpeg', name: 'ok.jpg' }, '{"alt": "unterminated'))
    expect(result.status).toBe(400)
    expect(result.body.errors[0].message).toMatch(/_payload.*not valid JSON/)
    expect(await mediaCount()).toBe(before)
  })

  const refusals: [string, () => Promise<{ bytes: Buffer; type: string; name: string }>, RegExp][] = [
    ['a zero-byte file', async () => ({ bytes: Buffer.alloc(0), type: 'image/jpeg', name: 'empty.jpg' }), /not an accepted image|no file|empty/i],
    ['text that calls itself a .jpg', async () => ({ bytes: Buffer.from('hello, I am not a photo'), type: 'image/jpeg', name: 'fake.jpg' }), /not an accepted image/],
    [
      'an SVG with a script',
      async () => ({ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), type: 'image/svg+xml', name: 'x.svg' }),
      /not an accepted image|not allowed|invalid file type/i,
    ],
    [
      'an SVG with a script that calls itself a PNG',
      async () => ({ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), type: 'image/png', name: 'x.png' }),
      /not an accepted image/,
    ],
    ['a decompression bomb (100,000 × 100,000 pixels)', async () => ({ bytes: decompressionBomb(), type: 'image/png', name: 'bomb.png' }), /megapixels/],
  ]
  it.each(refusals)('refuses %s with a clear 400 and stores nothing', async (_label, file, message) => {
    const before = await mediaCount()
    const result = await rest(ctx.baseUrl, writer, 'POST', '/api/media', uploadForm(await file()))
    expect(result.status).toBe(400)
    expect(JSON.stringify(result.body)).toMatch(message)
    expect(await mediaCount()).toBe(before)
  })

  it('still accepts a real photo', async () => {
    const result = await rest(ctx.baseUrl, writer, 'POST', '/api/media', uploadForm({ bytes: await imageBuffer(), type: 'image/jpeg', name: 'real.jpg' }))
    expect(result.status).toBe(201)
  })
})
