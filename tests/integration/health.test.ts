import { adminQuery, testServerOfThisFile } from '../helpers/testPayload'

const ctx = testServerOfThisFile()

describe('/healthz', () => {
  it('reports 200 while the database answers', async () => {
    const response = await fetch(`${ctx.baseUrl}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', database: 'up' })
  })

  it('reports 503 while the database is unreachable, and recovers without a restart', async () => {
    await adminQuery(`alter database ${ctx.databaseName} with allow_connections false`)
    await adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${ctx.databaseName}'`)
    try {
      const down = await fetch(`${ctx.baseUrl}/healthz`)
      expect(down.status).toBe(503)
      expect(await down.json()).toEqual({ status: 'unavailable', database: 'down' })
    } finally {
      await adminQuery(`alter database ${ctx.databaseName} with allow_connections true`)
    }
    const up = await fetch(`${ctx.baseUrl}/healthz`)
    expect(up.status).toBe(200)
  })
})
