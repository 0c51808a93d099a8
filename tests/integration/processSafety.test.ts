// What must not take the API process down. Runs the API in a child process: a crash there is visible.
import { startChildServer } from '../helpers/childServer'
import { startTestPayload, type TestContext } from '../helpers/testPayload'

let ctx: TestContext

beforeAll(async () => {
  ctx = await startTestPayload()
})

afterAll(async () => {
  await ctx?.close()
})

const CRASHING_QUERY = '/api/articles?where[heroImage.credit.notes][equals]=x&where[authors.hash][equals]=y'

it('survives a `where` that makes Payload reject a promise nobody awaits (anonymous GET)', async () => {
  const server = await startChildServer({ DATABASE_URL: ctx.databaseUrl, MEDIA_DIR: ctx.mediaDir })
  try {
    const response = await fetch(`${server.baseUrl}${CRASHING_QUERY}`)
    expect(response.status).toBe(400)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(server.process.exitCode).toBeNull()
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
  } finally {
    await server.stop()
  }
})

it('(the same query ends a process without the guard: the reason the guard exists)', async () => {
  const server = await startChildServer({ DATABASE_URL: ctx.databaseUrl, MEDIA_DIR: ctx.mediaDir, SURVIVE_REJECTIONS: 'false' })
  try {
    await fetch(`${server.baseUrl}${CRASHING_QUERY}`).catch(() => undefined)
    const code = await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve('alive'), 3000))])
    expect(code).not.toBe('alive')
  } finally {
    await server.stop()
  }
})
