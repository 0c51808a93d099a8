import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { verifyWebhook } from '../../src/webhooks/webhookSignature'
import { creditedStory } from '../helpers/contentApiFixtures'
import { publishStory } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'

type Received = { body: string; signature: string | null; event: string | null }

let ctx: TestServer
let receiver: http.Server
let receiverUrl: string
const received: Received[] = []
/** Status codes the receiver answers with, in order; 200 once exhausted. */
let plannedStatuses: number[] = []

beforeAll(async () => {
  ctx = await startTestServer()
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['x-signature'] as string,
        event: req.headers['x-webhook-event'] as string,
      })
      res.writeHead(plannedStatuses.shift() ?? 200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/revalidate`
})

afterAll(async () => {
  receiver?.closeAllConnections()
  await new Promise((resolve) => receiver?.close(resolve))
  await ctx?.close()
})

beforeEach(() => {
  received.length = 0
  plannedStatuses = []
})

afterEach(async () => {
  await ctx.payload.delete({ collection: 'webhooks', where: { id: { exists: true } }, overrideAccess: true })
})

const SECRET = 'a-long-shared-secret-for-signing'

async function subscribe(events: string[]) {
  return ctx.payload.create({
    collection: 'webhooks',
    data: { url: receiverUrl, secret: SECRET, events: events as never, active: true },
    overrideAccess: true,
  })
}

const runQueue = () => ctx.payload.jobs.run({ queue: 'webhooks' })

async function deliveriesOf(webhookId: number) {
  const { docs } = await ctx.payload.find({ collection: 'webhook-deliveries', where: { webhook: { equals: webhookId } }, sort: 'createdAt', overrideAccess: true })
  return docs
}

describe('webhooks', () => {
  it('deliver signed events when a story is published, updated and unpublished; draft saves send nothing', async () => {
    const webhook = await subscribe(['article.published', 'article.updated', 'article.unpublished'])
    const { story } = await creditedStory(ctx.payload, { title: 'Webhook story' })
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { dek: 'Still a draft' }, overrideAccess: true })
    await runQueue()
    expect(received).toHaveLength(0)

    await publishStory(ctx.payload, story.id)
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'Webhook story, corrected' }, overrideAccess: true })
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'A draft only' }, draft: true, overrideAccess: true })
    await ctx.payload.update({ collection: 'articles', id: story.id, data: { _status: 'draft' }, overrideAccess: true })
    await runQueue()

    // Deliveries run in parallel and may arrive in any order; receivers order them by occurredAt.
    const byOccurrence = [...received].sort((a, b) => JSON.parse(a.body).occurredAt.localeCompare(JSON.parse(b.body).occurredAt))
    expect(byOccurrence.map((delivery) => delivery.event)).toEqual(['article.published', 'article.updated', 'article.unpublished'])
    for (const delivery of received) {
      expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
      expect(verifyWebhook({ secret: SECRET, body: delivery.body, header: delivery.signature })).toBe(true)
      expect(verifyWebhook({ secret: 'the-wrong-secret-entirely', body: delivery.body, header: delivery.signature })).toBe(false)
      expect(verifyWebhook({ secret: SECRET, body: delivery.body.replace('"event"', '"Event"'), header: delivery.signature })).toBe(false)
    }
    const published = JSON.parse(byOccurrence[0].body)
    expect(published).toMatchObject({ event: 'article.published', article: { id: story.id, slug: story.slug, title: 'Webhook story' } })

    const log = await deliveriesOf(webhook.id)
    expect(log.map((row) => [row.event, row.status, row.statusCode, row.attempts]).sort()).toEqual([
      ['article.published', 'succeeded', 200, 1],
      ['article.unpublished', 'succeeded', 200, 1],
      ['article.updated', 'succeeded', 200, 1],
    ])
  })

  it('retry a failed delivery with backoff and log every attempt', async () => {
    const webhook = await subscribe(['article.published'])
    plannedStatuses = [500, 503]
    const { story } = await creditedStory(ctx.payload, { title: 'Retried story' })
    await publishStory(ctx.payload, story.id)

    await runQueue()
    expect(received).toHaveLength(1)
    let [delivery] = await deliveriesOf(webhook.id)
    expect(delivery).toMatchObject({ status: 'retrying', statusCode: 500, attempts: 1 })

    // The backoff holds the job back: it waits until after the failed attempt.
    const { docs: jobs } = await ctx.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'deliverWebhook' } }, sort: '-createdAt', limit: 1, overrideAccess: true })
    expect(new Date(jobs[0].waitUntil!).getTime()).toBeGreaterThan(new Date(delivery.updatedAt).getTime())
    expect(jobs[0].totalTried).toBe(1)

    const deadline = Date.now() + 10_000
    while (received.length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 150))
      await runQueue()
    }
    ;[delivery] = await deliveriesOf(webhook.id)
    expect(delivery).toMatchObject({ status: 'succeeded', statusCode: 200, attempts: 3 })
    expect(received).toHaveLength(3)
    expect(new Set(received.map((attempt) => attempt.body)).size).toBe(1)
    for (const attempt of received) expect(verifyWebhook({ secret: SECRET, body: attempt.body, header: attempt.signature })).toBe(true)
  })

  it('are managed by admins only; the delivery log is read-only', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    const admin = await createUser(ctx.payload, 'admin')
    const editorHeaders = await loginHeaders(ctx.baseUrl, editor.email)
    const adminHeaders = await loginHeaders(ctx.baseUrl, admin.email)
    const body = JSON.stringify({ url: receiverUrl, secret: SECRET, events: ['article.published'] })

    expect((await fetch(`${ctx.baseUrl}/api/webhooks`, { method: 'POST', headers: editorHeaders, body })).status).toBe(403)
    expect((await fetch(`${ctx.baseUrl}/api/webhooks`, { headers: editorHeaders })).status).toBe(403)
    expect((await fetch(`${ctx.baseUrl}/api/webhooks`)).status).toBe(403)
    const created = await fetch(`${ctx.baseUrl}/api/webhooks`, { method: 'POST', headers: adminHeaders, body })
    expect(created.status).toBe(201)

    expect((await fetch(`${ctx.baseUrl}/api/webhook-deliveries`, { headers: adminHeaders })).status).toBe(200)
    expect((await fetch(`${ctx.baseUrl}/api/webhook-deliveries`, { headers: editorHeaders })).status).toBe(403)
    const forged = await fetch(`${ctx.baseUrl}/api/webhook-deliveries`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ webhook: (await created.json()).doc.id, event: 'article.published', body: {} }),
    })
    expect(forged.status).toBe(403)
  })
})
