// What must not take the API process down. Runs the API in a child process: a crash there is visible.
import { startChildServer } from '../helpers/childServer'
import { testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()

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

it('refuses the same query before Payload’s own check, so even a process without the guard survives it', async () => {
  // Payload 3.90 starts the check of a path behind a relationship without awaiting it (see src/access/queryPaths.ts);
  // that unawaited rejection used to end this process. The guard above stays as a second line of defence.
  const server = await startChildServer({ DATABASE_URL: ctx.databaseUrl, MEDIA_DIR: ctx.mediaDir, SURVIVE_REJECTIONS: 'false' })
  try {
    for (const query of [CRASHING_QUERY, '/api/articles?where[authors.sessions.createdAt][greater_than]=2000-01-01', '/api/articles?sort=heroImage.credit.notes']) {
      const response = await fetch(`${server.baseUrl}${query}`)
      expect(response.status).toBe(400)
    }
    const code = await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve('alive'), 3000))])
    expect(code).toBe('alive')
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
  } finally {
    await server.stop()
  }
})
