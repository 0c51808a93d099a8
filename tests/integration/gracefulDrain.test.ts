// A web process that is told to stop drains: its listening socket closes, /healthz answers 503, the request in
// flight is answered, and a kept-alive connection is closed after its response (src/server/gracefulDrain.ts).
import http from 'node:http'

import pg from 'pg'

import type { Drain } from '../../src/server/gracefulDrain'
import { callerFor } from '../helpers/http'
import { listenApp, testPayloadOfThisFile } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

const ctx = testPayloadOfThisFile()

type Answer = { status: number; body: string; connection: string | undefined }

const send = ({ url, agent, method = 'GET', headers = {}, body }: { url: string; agent: http.Agent; method?: string; headers?: Record<string, string>; body?: string }) =>
  new Promise<Answer>((resolve, reject) => {
    const request = http.request(url, { method, agent, headers }, (response) => {
      let text = ''
      response.on('data', (chunk) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode!, body: text, connection: response.headers.connection }))
    })
    request.on('error', reject)
    request.end(body)
  })

/**
 * An edit of the story that stays in flight until the test lets go: `held` (a connection of the test's own) locks
 * the story's row first, so the PATCH waits on it inside the server.
 */
async function editHeldInFlight({ listening, held, agent, caller, storyId, dek }: {
  listening: { baseUrl: string }
  held: pg.Client
  agent: http.Agent
  caller: { headers: Record<string, string> }
  storyId: number
  dek: string
}): Promise<Answer> {
  await held.query('begin')
  await held.query('select id from articles where id = $1 for update', [storyId])
  return send({
    url: `${listening.baseUrl}/api/articles/${storyId}?draft=true`,
    agent,
    method: 'PATCH',
    headers: { ...caller.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ dek }),
  })
}

/** Resolves once the server counts a request in flight. */
async function whenInFlight(drain: Drain) {
  const started = Date.now()
  while (drain.inFlight() < 1) {
    if (Date.now() - started > 30_000) throw new Error('The edit never reached the server.')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

it('answers the request in flight, refuses new connections, says 503 on /healthz and closes kept-alive connections', async () => {
  const listening = await listenApp(ctx)
  const drain = listening.app.locals.drain as Drain
  const writer = await createUser(ctx.payload, 'writer', 'Drain writer')
  const caller = await callerFor(listening.baseUrl, writer)
  const story = await ctx.payload.create({ collection: 'articles', data: { title: 'Drained', authors: [writer.id] }, draft: true, overrideAccess: true })
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const other = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const held = new pg.Client({ connectionString: ctx.databaseUrl })
  await held.connect()
  try {
    // A kept-alive connection, open before the drain.
    expect((await send({ url: `${listening.baseUrl}/healthz`, agent: other })).status).toBe(200)

    const inFlight = editHeldInFlight({ listening, held, agent, caller, storyId: story.id, dek: 'Saved while the process drained' })
    await whenInFlight(drain)

    const drained = drain.drain({ timeoutMs: 30_000 })
    // The idle kept-alive connection is closed, and no new connection is accepted.
    await expect(send({ url: `${listening.baseUrl}/healthz`, agent: other })).rejects.toThrow(/socket hang up|ECONNRESET|ECONNREFUSED/)
    await expect(send({ url: `${listening.baseUrl}/healthz`, agent: new http.Agent() })).rejects.toThrow(/ECONNREFUSED/)
    // A health check that still reaches the app (here through a second listener of the same app) hears 503.
    const probe = await new Promise<http.Server>((resolve) => {
      const server = http.createServer(listening.app).listen(0, '127.0.0.1', () => resolve(server))
    })
    try {
      const { port } = probe.address() as import('node:net').AddressInfo
      const health = await send({ url: `http://127.0.0.1:${port}/healthz`, agent: new http.Agent() })
      expect({ status: health.status, body: JSON.parse(health.body) }).toEqual({ status: 503, body: { status: 'draining' } })
    } finally {
      probe.close()
    }

    await held.query('rollback')
    const answer = await inFlight
    expect(answer.status).toBe(200)
    expect(answer.connection).toBe('close')
    expect(await drained).toBe(true)
    const saved = await ctx.payload.findByID({ collection: 'articles', id: story.id, draft: true, overrideAccess: true })
    expect(saved.dek).toBe('Saved while the process drained')
  } finally {
    await held.end()
    agent.destroy()
    other.destroy()
    await listening.stop()
  }
})

it('stops waiting at the time bound when a request does not finish', async () => {
  const listening = await listenApp(ctx)
  const drain = listening.app.locals.drain as Drain
  const story = await ctx.payload.create({ collection: 'articles', data: { title: 'Never answered' }, draft: true, overrideAccess: true })
  const admin = await createUser(ctx.payload, 'admin', 'Drain admin')
  const caller = await callerFor(listening.baseUrl, admin)
  const held = new pg.Client({ connectionString: ctx.databaseUrl })
  await held.connect()
  const agent = new http.Agent()
  try {
    const inFlight = editHeldInFlight({ listening, held, agent, caller, storyId: story.id, dek: 'Held' }).catch(() => null)
    await whenInFlight(drain)
    const drainStarted = Date.now()
    expect(await drain.drain({ timeoutMs: 300 })).toBe(false)
    expect(Date.now() - drainStarted).toBeLessThan(5_000)
    await held.query('rollback')
    await inFlight
  } finally {
    await held.end()
    agent.destroy()
    await listening.stop()
  }
})
