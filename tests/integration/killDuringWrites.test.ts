// kill -9 of the API process in the middle of writes: after a restart every acknowledged story is there,
// whole (its row and its version), and nothing half-written remains.
import pg from 'pg'

import { startChildServer } from '../helpers/childServer'
import { rest } from '../helpers/http'
import { testPayloadOfThisFile } from '../helpers/testPayload'
import { createUser, TEST_PASSWORD } from '../helpers/users'

const ctx = testPayloadOfThisFile()

it('keeps every acknowledged write and no half-written story across a kill -9 and restart', async () => {
  const writer = await createUser(ctx.payload, 'writer', 'Writer under fire')
  const env = { DATABASE_URL: ctx.databaseUrl, MEDIA_DIR: ctx.mediaDir }
  const first = await startChildServer(env)
  const login = await rest(first.baseUrl, { name: 'anon', headers: {} }, 'POST', '/api/users/login', { email: writer.email, password: TEST_PASSWORD })
  const caller = { name: 'writer', headers: { authorization: `JWT ${login.body.token}` } }

  const acknowledged: string[] = []
  let isKilled = false
  const writeLoop = async (lane: number) => {
    for (let index = 0; !isKilled; index += 1) {
      const title = `Lane ${lane} story ${index}`
      const result = await rest(first.baseUrl, caller, 'POST', '/api/articles?draft=true', { title, dek: 'Filed under pressure' }).catch(() => null)
      if (result?.status === 201) acknowledged.push(title)
    }
  }
  const lanes = [0, 1, 2, 3].map(writeLoop)
  // The kill comes once writes are flowing, counted rather than timed (a loaded machine may take seconds for the
  // first), and while all four lanes wait on a write: this process is at an await in each of them.
  const started = Date.now()
  while (acknowledged.length < 12) {
    if (Date.now() - started > 90_000) {
      isKilled = true
      await first.stop()
      throw new Error(`Only ${acknowledged.length} writes were acknowledged in 90 s: the API process is not taking writes.\n${first.output()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  isKilled = true
  first.process.kill('SIGKILL')
  await first.exited
  await Promise.all(lanes)

  const second = await startChildServer(env)
  try {
    expect((await rest(second.baseUrl, caller, 'GET', '/healthz')).status).toBe(200)
    const stored = await ctx.payload.find({ collection: 'articles', draft: true, pagination: false, depth: 0, overrideAccess: true })
    const titles = new Set(stored.docs.map((story) => story.title))
    expect(acknowledged.filter((title) => !titles.has(title))).toEqual([])

    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    try {
      const { rows } = await client.query(
        'select count(*)::int as n from articles a where not exists (select 1 from _articles_v v where v.parent_id = a.id)',
      )
      expect(rows[0].n).toBe(0)
    } finally {
      await client.end()
    }
    // The restarted process takes writes again.
    expect((await rest(second.baseUrl, caller, 'POST', '/api/articles?draft=true', { title: 'After the restart' })).status).toBe(201)
  } finally {
    await second.stop()
  }
}, 180_000)
