// Request bodies and addresses that once reached Payload unguarded: huge bodies, reads sent as POST, bodies of
// the wrong type, documents nested or listed past reason, references to documents that do not exist, malformed
// addresses and broken uploads. Each gets a readable 4xx, early, and the server and the client's connection stay fine.
import fs from 'node:fs'
import http, { type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'

import fc from 'fast-check'
import sharp from 'sharp'

import { anonymousCaller, callerFor, rest, type Caller } from '../helpers/http'
import { createCredit, createMedia, imageBuffer } from '../helpers/content'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

let ctx: TestServer
let editor: Caller
let publishedTitle: string

beforeAll(async () => {
  ctx = await startTestServer()
  editor = await callerFor(ctx.baseUrl, await createUser(ctx.payload, 'editor'))
  publishedTitle = `Published ${Date.now()}`
  await ctx.payload.create({ collection: 'articles', data: { title: publishedTitle, _status: 'draft' }, overrideAccess: true })
}, 120_000)

afterAll(async () => {
  await ctx?.close()
})

let counter = 0
const uniqueTitle = (label: string) => `${label} ${Date.now()}-${(counter += 1)}`
const articleCount = () => ctx.payload.count({ collection: 'articles', overrideAccess: true }).then((result) => result.totalDocs)
const mediaCount = () => ctx.payload.count({ collection: 'media', overrideAccess: true }).then((result) => result.totalDocs)

type Answer = { status: number; headers: IncomingHttpHeaders; text: string; body: any }

/** One request through node:http, so nothing adds a Content-Type the test did not ask for. */
function send({ method, path, headers = {}, body, base = ctx.baseUrl }: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer; base?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (text += chunk))
      response.on('end', () => {
        let parsed: unknown
        try {
          parsed = JSON.parse(text)
        } catch {
          parsed = undefined
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body: parsed })
      })
    })
    request.on('error', reject)
    request.end(body)
  })
}

const messageOf = (answer: { body: any }) => String(answer.body?.errors?.[0]?.message ?? '')

function expectReadable4xx(answer: Answer | { status: number; text: string; body: any }, status: number, message: RegExp) {
  const context = `${answer.status} ${answer.text.slice(0, 300)}`
  expect({ context, status: answer.status }).toEqual({ context, status })
  expect(messageOf(answer)).toMatch(message)
  expect(answer.text).not.toMatch(/\n\s+at |node_modules|violates .* constraint/)
}

type Streamed = { status: number | 'no answer' | 'connection failed'; headers: IncomingHttpHeaders; bytesSent: number; text: string }

/**
 * Streams `chunk` after `chunk` (never the whole body in memory) until the server answers or `sendAtMost` bytes
 * are out; gives up `waitAfterSending` ms later. The answer arriving with few bytes sent shows that the server
 * refused before reading the body.
 */
function streamUntilAnswered({
  path,
  headers,
  chunk,
  sendAtMost,
  agent,
  waitAfterSending = 3000,
}: {
  path: string
  headers: Record<string, string>
  chunk: Buffer
  sendAtMost: number
  agent?: http.Agent
  waitAfterSending?: number
}): Promise<Streamed> {
  return new Promise((resolve) => {
    let bytesSent = 0
    let isDone = false
    let timer: NodeJS.Timeout | undefined
    const finish = (result: Omit<Streamed, 'bytesSent'>) => {
      if (isDone) return
      isDone = true
      clearTimeout(timer)
      resolve({ ...result, bytesSent })
    }
    const request = http.request(`${ctx.baseUrl}${path}`, { method: 'POST', headers, agent }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (part) => (text += part))
      response.on('end', () => finish({ status: response.statusCode ?? 0, headers: response.headers, text }))
      response.on('error', () => finish({ status: response.statusCode ?? 0, headers: response.headers, text }))
    })
    // After the answer the server closes the connection; writes still in flight may then fail.
    request.on('error', () => finish({ status: 'connection failed', headers: {}, text: '' }))
    const writeMore = () => {
      while (!isDone && bytesSent < sendAtMost) {
        bytesSent += chunk.length
        if (!request.write(chunk)) return void request.once('drain', writeMore)
      }
      if (!isDone) timer = setTimeout(() => {
        request.destroy()
        finish({ status: 'no answer', headers: {}, text: '' })
      }, waitAfterSending)
    }
    writeMore()
  })
}

const MB = 1024 * 1024
const formChunk = Buffer.from(`where[title][like]=${'x'.repeat(64 * 1024 - 19)}`)

describe('a read sent as POST with X-HTTP-Method-Override: GET (item 9)', () => {
  const overridden = (query: string, caller: Caller = anonymousCaller, extra: Record<string, string> = {}) =>
    send({
      method: 'POST',
      path: '/api/articles',
      headers: { ...caller.headers, 'content-type': 'application/x-www-form-urlencoded', 'x-http-method-override': 'GET', ...extra },
      body: query,
    })

  it.each([
    ['limit=0', 400, /limit must be a whole number from 1 to 100/],
    ['depth=10', 400, /depth must be a whole number from 0 to 3/],
    ['draft=true', 401, /Reading drafts needs an API key/],
  ])('meets the anonymous query guards of a GET (%s)', async (query, status, message) => {
    expectReadable4xx(await overridden(query), status, message)
  })

  it('meets them whatever the case of the override value', async () => {
    expectReadable4xx(await overridden('limit=0', anonymousCaller, { 'x-http-method-override': ' get ' }), 400, /limit must be/)
  })

  it('meets them with Payload’s own header name too, and with the query split between URL and body', async () => {
    const answer = await send({
      method: 'POST',
      path: '/api/articles?limit=5',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-payload-http-method-override': 'GET' },
      body: 'depth=10',
    })
    expectReadable4xx(answer, 400, /depth must be/)
  })

  it('still serves the admin’s relationship pickers: a signed-in filter in the body answers like the GET', async () => {
    const answer = await overridden(`where[title][equals]=${encodeURIComponent(publishedTitle)}&depth=0&limit=0`, editor)
    expect(answer.status).toBe(200)
    expect(answer.body.docs.map((doc: { title: string }) => doc.title)).toEqual([publishedTitle])
  })

  it('is counted by the anonymous read rate limit', async () => {
    const { createApp } = await import('../../src/server/createApp')
    const { createHttpServer } = await import('../../src/server/createHttpServer')
    const app = createApp({ payload: ctx.payload, config: ctx.config, apiRateLimit: { limit: 2, windowSeconds: 60 } })
    const server = await new Promise<Server>((resolve) => {
      const listening = createHttpServer(app).listen(0, '127.0.0.1', () => resolve(listening))
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const statuses: number[] = []
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const answer = await send({
          base,
          method: 'POST',
          path: '/api/articles',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-http-method-override': 'GET' },
          body: `limit=1&page=${attempt + 1}`,
        })
        statuses.push(answer.status)
      }
      expect(statuses).toEqual([200, 200, 429])
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await app.locals.contentCache?.stop()
    }
  })

  it('refuses a query body of any other type with a 415', async () => {
    expectReadable4xx(await overridden('{"limit":0}', anonymousCaller, { 'content-type': 'application/json' }), 415, /application\/x-www-form-urlencoded/)
  })

  it('answers a 300 MB query body with a 413 before it is sent, and memory stays bounded', async () => {
    const rssBefore = process.memoryUsage().rss
    const answer = await streamUntilAnswered({
      path: '/api/articles',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-http-method-override': 'GET', 'content-length': String(300 * MB) },
      chunk: formChunk,
      sendAtMost: 40 * MB,
    })
    expect(answer.status).toBe(413)
    expect(answer.bytesSent).toBeLessThan(8 * MB)
    expect(JSON.parse(answer.text).errors[0].message).toMatch(/larger than the 64 KB allowed/)
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * MB)
  })

  it('answers a chunked query body (no Content-Length) with a 413 once it passes the limit', async () => {
    const answer = await streamUntilAnswered({
      path: '/api/articles',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-http-method-override': 'GET', 'transfer-encoding': 'chunked' },
      chunk: formChunk,
      sendAtMost: 40 * MB,
    })
    expect(answer.status).toBe(413)
    expect(answer.bytesSent).toBeLessThan(8 * MB)
  })

  it('keeps /healthz answering while huge query bodies arrive', async () => {
    const huge = () =>
      streamUntilAnswered({
        path: '/api/articles',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-http-method-override': 'GET', 'transfer-encoding': 'chunked' },
        chunk: formChunk,
        sendAtMost: 40 * MB,
      })
    const bodies = [huge(), huge(), huge()]
    const started = Date.now()
    const health = await send({ method: 'GET', path: '/healthz' })
    expect(health.status).toBe(200)
    expect(Date.now() - started).toBeLessThan(2000)
    expect((await Promise.all(bodies)).map((answer) => answer.status)).toEqual([413, 413, 413])
  })
})

describe('a body over its limit closes the connection cleanly (item 15)', () => {
  const jsonChunk = Buffer.from(`{"title":"${'x'.repeat(64 * 1024)}`)

  it('sends the 413 with Connection: close, and the client’s next request on a keep-alive agent succeeds', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const refused = await streamUntilAnswered({
        path: '/api/articles',
        headers: { ...editor.headers, 'content-type': 'application/json', 'content-length': String(3 * MB) },
        chunk: jsonChunk,
        sendAtMost: 3 * MB,
        agent,
      })
      expect(refused.status).toBe(413)
      expect(refused.headers.connection).toBe('close')
      const next = await new Promise<number | string>((resolve) => {
        http
          .get(`${ctx.baseUrl}/api/articles?limit=1`, { agent }, (response) => {
            response.resume()
            response.on('end', () => resolve(response.statusCode ?? 0))
          })
          .on('error', (error) => resolve(String(error)))
      })
      expect(next).toBe(200)
    } finally {
      agent.destroy()
    }
  })

  it('lets a raw client read the whole 413 and then end of stream, not a reset', async () => {
    const url = new URL(ctx.baseUrl)
    const outcome = await new Promise<{ text: string; ending: string }>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname)
      let text = ''
      socket.setTimeout(5000, () => {
        socket.destroy()
        resolve({ text, ending: 'no end of stream within 5 s' })
      })
      socket.on('connect', () => {
        socket.write(`POST /api/articles HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${3 * MB}\r\n\r\n`)
        socket.write(jsonChunk)
        socket.write(jsonChunk)
      })
      socket.on('data', (part) => (text += part.toString('latin1')))
      socket.on('end', () => {
        socket.end()
        resolve({ text, ending: 'end of stream' })
      })
      socket.on('error', (error) => resolve({ text, ending: String(error) }))
    })
    expect(outcome.ending).toBe('end of stream')
    expect(outcome.text).toMatch(/^HTTP\/1\.1 413/)
    expect(outcome.text).toMatch(/\r\nConnection: close\r\n/i)
    expect(outcome.text).toMatch(/larger than the 2 MB allowed for JSON/)
  })

  it('refuses a chunked JSON body once it passes the limit, before it is sent in full', async () => {
    const answer = await streamUntilAnswered({
      path: '/api/articles',
      headers: { ...editor.headers, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunk: jsonChunk,
      sendAtMost: 40 * MB,
    })
    expect(answer.status).toBe(413)
    expect(answer.bytesSent).toBeLessThan(10 * MB)
  })
})

describe('writes of the wrong shape get a readable 4xx (item 13)', () => {
  const write = (headers: Record<string, string>, body?: string) =>
    send({ method: 'POST', path: '/api/articles', headers: { authorization: editor.headers.authorization!, ...headers }, body })

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }, '{"title":"plain"}'],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'title=form'],
    ['no Content-Type', {}, '{"title":"untyped"}'],
  ])('refuses a write sent as %s with a 415 that says to send JSON, and stores nothing', async (_name, headers, body) => {
    const before = await articleCount()
    expectReadable4xx(await write(headers, body), 415, /Send the document as JSON/)
    expect(await articleCount()).toBe(before)
  })

  it('reads a write without a body as an empty document (a 400 that names the missing title), and logs out without one', async () => {
    expectReadable4xx(await write({}), 400, /following field is invalid/)
    // Its own account: logging out ends the session the other tests use.
    const leaving = await callerFor(ctx.baseUrl, await createUser(ctx.payload, 'writer'))
    const logout = await send({ method: 'POST', path: '/api/users/logout', headers: { authorization: leaving.headers.authorization! } })
    expect(logout.status).toBe(200)
  })

  it('answers empty writes of any declared type without a 500: an empty document, or an upload without a file', async () => {
    expectReadable4xx(await write({ 'content-type': 'text/plain' }), 400, /following field is invalid/)
    const upload = await send({
      method: 'POST',
      path: '/api/media',
      headers: { authorization: editor.headers.authorization!, 'content-type': 'multipart/form-data; boundary=x' },
      body: '',
    })
    expect(upload.status).toBeGreaterThanOrEqual(400)
    expect(upload.status).toBeLessThan(500)
  })

  it('takes JSON whatever the case and spacing of its Content-Type', async () => {
    const title = uniqueTitle('Case')
    const answer = await write({ 'content-type': 'Application/JSON ; charset=UTF-8' }, JSON.stringify({ title }))
    expect(answer.status).toBe(201)
    expect(answer.body.doc.title).toBe(title)
  })

  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

  it('refuses JSON nested 20,000 levels deep with a 400 that names the limit, for any field', async () => {
    const before = await articleCount()
    expectReadable4xx(await rest(ctx.baseUrl, editor, 'POST', '/api/articles', `{"title":"${uniqueTitle('Deep')}","meta":${nested(20_000)}}`), 400, /nested more than 100 levels deep \(at “meta/)
    expectReadable4xx(
      await rest(ctx.baseUrl, editor, 'POST', '/api/articles', `{"title":"${uniqueTitle('Deep')}","body":{"root":${'{"type":"paragraph","children":['.repeat(10_000)}${']}'.repeat(10_000)}}}`),
      400,
      /nested more than 100 levels deep \(at “body/,
    )
    expect(await articleCount()).toBe(before)
  })

  it.each([
    [20_000, /“topics” has 20,000 items; one list in a request may have at most 2,000/],
    [70_000, /“topics” has 70,000 items/],
  ])('refuses %i topics with a 400 that names the list and the limit, not a 503 or a 500', async (count, message) => {
    const answer = await rest(ctx.baseUrl, editor, 'POST', '/api/articles', { title: uniqueTitle('Topics'), topics: Array.from({ length: count }, (_, index) => `topic ${index}`) })
    expectReadable4xx(answer, 400, message)
  })

  it('refuses more than 50 topics on a story with a validation error on topics', async () => {
    const answer = await rest(ctx.baseUrl, editor, 'POST', '/api/articles', { title: uniqueTitle('Topics'), topics: Array.from({ length: 51 }, (_, index) => `topic ${index}`) })
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].data.errors[0].path).toBe('topics')
  })
})

describe('references to documents that do not exist (item 13)', () => {
  it.each([
    ['a hero image', { heroImage: 999_999 }, /“heroImage” refers to media 999999, which does not exist/],
    ['an author', { authors: [999_999] }, /refers to users 999999, which does not exist/],
    ['an organization', { organizations: [999_999] }, /refers to organizations 999999, which does not exist/],
  ])('refuses a story with %s that does not exist (400), storing nothing', async (_name, fields, message) => {
    const before = await articleCount()
    expectReadable4xx(await rest(ctx.baseUrl, editor, 'POST', '/api/articles', { title: uniqueTitle('Missing'), ...fields }), 400, message)
    expect(await articleCount()).toBe(before)
  })

  it('refuses a story update pointing at a missing image, leaving the story as it was', async () => {
    const story = await ctx.payload.create({ collection: 'articles', data: { title: uniqueTitle('Update') }, overrideAccess: true })
    expectReadable4xx(await rest(ctx.baseUrl, editor, 'PATCH', `/api/articles/${story.id}`, { heroImage: 999_999 }), 400, /does not exist/)
    const after = await ctx.payload.findByID({ collection: 'articles', id: story.id, overrideAccess: true, draft: true, depth: 0 })
    expect(after.heroImage ?? null).toBeNull()
  })

  it('refuses a credit’s agency and a photo’s credit that do not exist', async () => {
    const credit = await createCredit(ctx.payload, { photographer: 'Ana Ruiz' })
    expectReadable4xx(await rest(ctx.baseUrl, editor, 'PATCH', `/api/photo-credits/${credit.id}`, { agencies: [999_999] }), 400, /organizations 999999, which does not exist/)
    const form = new FormData()
    form.append('_payload', JSON.stringify({ alt: 'A vigil', credit: 999_999 }))
    form.append('file', new Blob([new Uint8Array(await imageBuffer())], { type: 'image/jpeg' }), 'vigil.jpg')
    expectReadable4xx(await rest(ctx.baseUrl, editor, 'POST', '/api/media', form), 400, /“credit” refers to photo-credits 999999/)
  })

  it('leaves no file behind when an upload is refused (original and every size)', async () => {
    const filesBefore = fs.readdirSync(ctx.mediaDir).sort()
    const before = await mediaCount()
    const large = await sharp({ create: { width: 1700, height: 1100, channels: 3, background: '#557799' } }).jpeg().toBuffer()
    const form = new FormData()
    form.append('_payload', JSON.stringify({ alt: 'A flooded street', credit: 999_999 }))
    form.append('file', new Blob([new Uint8Array(large)], { type: 'image/jpeg' }), `flood-${Date.now()}.jpg`)
    expectReadable4xx(await rest(ctx.baseUrl, editor, 'POST', '/api/media', form), 400, /does not exist/)
    expect(await mediaCount()).toBe(before)
    expect(fs.readdirSync(ctx.mediaDir).sort()).toEqual(filesBefore)
  })
})

describe('replacing a photo’s file (item 13)', () => {
  const replacement = async (payloadField: Record<string, unknown>) => {
    const large = await sharp({ create: { width: 1700, height: 1100, channels: 3, background: '#995533' } }).jpeg().toBuffer()
    const form = new FormData()
    form.append('_payload', JSON.stringify(payloadField))
    form.append('file', new Blob([new Uint8Array(large)], { type: 'image/jpeg' }), `replacement-${Date.now()}.jpg`)
    return form
  }

  it('keeps the photo’s own files, and leaves none of the new ones, when a replacement is refused', async () => {
    const photo = await createMedia(ctx.payload, {})
    const filesBefore = fs.readdirSync(ctx.mediaDir).sort()
    expect(filesBefore).toContain(photo.filename)
    expectReadable4xx(await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${photo.id}`, await replacement({ credit: 999_999 })), 400, /does not exist/)
    expect(fs.readdirSync(ctx.mediaDir).sort()).toEqual(filesBefore)
    const file = await fetch(`${ctx.baseUrl}/api/media/file/${photo.filename}`, { headers: editor.headers })
    expect(file.status).toBe(200)
  })

  it('replaces the files when the replacement is accepted, keeping no copies of the old ones', async () => {
    const photo = await createMedia(ctx.payload, {})
    const answer = await rest(ctx.baseUrl, editor, 'PATCH', `/api/media/${photo.id}`, await replacement({ alt: 'A new angle on the march' }))
    expect(answer.status).toBe(200)
    const files = fs.readdirSync(ctx.mediaDir)
    expect(files).not.toContain(photo.filename)
    expect(files).toContain(answer.body.doc.filename)
    expect(files.filter((name) => name.includes('.kept-'))).toEqual([])
  })
})

describe('malformed addresses (item 13)', () => {
  it.each([
    ['GET', '/api/articles/%E0%A4%A', anonymousCaller],
    ['GET', '/api/articles/by-slug/%E0%A4%A', anonymousCaller],
    ['GET', '/api/media/file/%E0%A4%A', anonymousCaller],
    ['GET', '/api/organizations/%', anonymousCaller],
  ])('answers %s %s with a 400 about the percent-encoding', async (method, path, caller) => {
    expectReadable4xx(await rest(ctx.baseUrl, caller, method, path), 400, /malformed percent-encoding/)
  })

  it('answers a write to a malformed address with a 400 too', async () => {
    expectReadable4xx(await rest(ctx.baseUrl, editor, 'PATCH', '/api/articles/%E0%A4%A', { title: 'x' }), 400, /malformed percent-encoding/)
  })

  it('answers a NUL in a by-slug address with a 400', async () => {
    expectReadable4xx(await rest(ctx.baseUrl, anonymousCaller, 'GET', '/api/articles/by-slug/a%00b'), 400, /NUL/)
  })

  it('answers the unused e-mail verification endpoint with a 404 that explains', async () => {
    expectReadable4xx(await send({ method: 'POST', path: '/api/users/verify/x' }), 404, /does not verify e-mail addresses/)
  })
})

describe('broken uploads (item 13)', () => {
  const boundary = 'NewsroomBoundary'
  const part = (disposition: string, value: string | Buffer, type?: string) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`), Buffer.from(value), Buffer.from('\r\n')])
  const form = (...parts: Buffer[]) => Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)])
  const upload = (body: Buffer) =>
    send({ method: 'POST', path: '/api/media', headers: { authorization: editor.headers.authorization!, 'content-type': `multipart/form-data; boundary=${boundary}` }, body })

  let photo: Buffer
  beforeAll(async () => {
    photo = await imageBuffer('#aa3366')
  })
  const filePart = () => part('name="file"; filename="protest.jpg"', photo, 'image/jpeg')

  it.each([
    ['an unquoted `_payload` name holding invalid JSON', () => form(part('name=_payload', '{"alt": '), filePart()), /_payload.*not valid JSON/],
    ['a `_payload` that is a list', () => form(part('name="_payload"', '[1]'), filePart()), /must be a JSON object/],
    ['a file sent as a text field', () => form(part('name="_payload"', '{"alt":"x"}'), part('name="file"', '"protest.jpg"')), /text field, not a file/],
    ['a file sent as a text field holding an object', () => form(part('name="_payload"', '{"alt":"x"}'), part('name="file"', '{"url":"http://x"}')), /text field, not a file/],
    [
      'a truncated body',
      () => {
        const whole = form(part('name="_payload"', '{"alt":"x"}'), filePart())
        return whole.subarray(0, whole.length - 40)
      },
      /malformed or incomplete/,
    ],
  ])('refuses %s with a 400 and stores nothing', async (_name, body, message) => {
    const before = await mediaCount()
    const filesBefore = fs.readdirSync(ctx.mediaDir).length
    expectReadable4xx(await upload(body()), 400, message)
    expect(await mediaCount()).toBe(before)
    expect(fs.readdirSync(ctx.mediaDir).length).toBe(filesBefore)
  })

  it('still accepts a well-formed upload with an unquoted `_payload` name', async () => {
    const answer = await upload(form(part('name=_payload', JSON.stringify({ alt: 'Marchers cross the bridge' })), filePart()))
    expect(answer.status).toBe(201)
    expect(answer.body.doc.alt).toBe('Marchers cross the bridge')
  })
})

// FUZZ_RUNS and FUZZ_SEED for a longer search, as in fuzz.test.ts.
describe('any body, any type, any collection', () => {
  const collections = ['articles', 'media', 'photo-credits', 'organizations', 'calls-to-action', 'editorial-notes', 'preview-links', 'users', 'webhooks', 'workflow-alerts']
  const contentTypes = fc.constantFrom(
    undefined,
    'application/json',
    'APPLICATION/JSON; charset=latin1',
    'application/json-patch+json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=zz',
    'application/octet-stream',
    'image/jpeg',
    ';',
  )
  const bodies = fc.oneof(
    fc.constant(''),
    fc.string(),
    fc.json(),
    fc.constantFrom('{', '[]', 'null', '{"_status":"published"}', '--zz\r\nContent-Disposition: form-data; name=_payload\r\n\r\n{\r\n--zz--\r\n', 'limit=0&depth=10', '%E0%A4%A'),
    fc.integer({ min: 1, max: 5000 }).map((depth) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`),
  )
  const request = fc.record({
    collection: fc.constantFrom(...collections),
    suffix: fc.constantFrom('', '/1', '/999999', '/%E0%A4%A', '/a%00b', '/verify/x', '/login', '/1/transition', '/access'),
    method: fc.constantFrom('POST', 'PATCH', 'PUT', 'DELETE'),
    type: contentTypes,
    override: fc.constantFrom(undefined, 'GET', 'get', 'DELETE'),
    asEditor: fc.boolean(),
    body: bodies,
  })

  it('never answers 500, never hangs, for anonymous callers and editors', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ collection, suffix, method, type, override, asEditor, body }) => {
        const headers: Record<string, string> = {}
        if (type !== undefined) headers['content-type'] = type
        if (override !== undefined) headers['x-http-method-override'] = override
        if (asEditor) headers.authorization = editor.headers.authorization!
        const answer = await send({ method, path: `/api/${collection}${suffix}`, headers, body })
        const context = `${method} /api/${collection}${suffix} [${type}] override=${override} → ${answer.status} ${answer.text.slice(0, 200)}`
        expect({ context, isServerError: answer.status >= 500 }).toEqual({ context, isServerError: false })
        expect(answer.text).not.toMatch(/\n\s+at |node_modules/)
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: Number(process.env.FUZZ_SEED ?? 20261204), endOnFailure: true },
    )
    const health = await send({ method: 'GET', path: '/healthz' })
    expect(health.status).toBe(200)
  }, 120_000)
})

describe('relationship lists that are not lists', () => {
  it('answers a byline or agency list of the wrong shape with a 400 for writers and editors alike, and changes nothing', async () => {
    const writer = await callerFor(ctx.baseUrl, await createUser(ctx.payload, 'writer'))
    const credit = await ctx.payload.create({ collection: 'photo-credits', data: { photographer: 'Aaron Hooper' }, overrideAccess: true })
    const before = await articleCount()
    for (const caller of [writer, editor]) {
      for (const value of ['1 or 1=1', { id: 999999 }, 'not a list', { relationTo: 'nope', value: 1 }]) {
        const story = await rest(ctx.baseUrl, caller, 'POST', '/api/articles', { title: uniqueTitle('Wrong byline'), authors: value })
        expect(story.status).toBe(400)
        const byId = await rest(ctx.baseUrl, caller, 'PATCH', `/api/photo-credits/${credit.id}`, { agencies: value })
        expect(byId.status).toBe(400)
        expect(JSON.stringify(byId.body)).not.toMatch(/Something went wrong/)
        const bulk = await rest(ctx.baseUrl, caller, 'PATCH', `/api/photo-credits?where[id][equals]=${credit.id}`, { agencies: value })
        expect(bulk.status).toBe(400)
        expect(JSON.stringify(bulk.body)).not.toMatch(/Something went wrong/)
      }
    }
    expect(await articleCount()).toBe(before)
    const after = await ctx.payload.findByID({ collection: 'photo-credits', id: credit.id, overrideAccess: true, depth: 0 })
    expect(after.creditLine).toBe('Photo by Aaron Hooper.')
  })

  it('answers a multipart write with no parts at all with a 400 that says what to send', async () => {
    const answer = await send({
      method: 'POST',
      path: '/api/articles',
      headers: { ...editor.headers, 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ--\r\n',
    })
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].message).toMatch(/form is empty/)
  })
})
