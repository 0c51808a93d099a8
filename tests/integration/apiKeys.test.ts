// Machine readers' API keys (src/apiKeys): shown once at creation, kept as a hash only (checked on the database row),
// named, with a last-used time, and revoked at once.
import { createHmac } from 'node:crypto'

import { createLocalReq } from 'payload'

import { executeSql } from '../../src/db/execute'
import { callerFor, graphql, rest, type Caller } from '../helpers/http'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

const ctx = testServerOfThisFile()

const keyCaller = (key: string): Caller => ({ name: 'machine reader', headers: { authorization: `users API-Key ${key}` } })

async function identityOf(caller: Caller): Promise<{ rest: number | null; graphql: number | null }> {
  const me = await rest(ctx.baseUrl, caller, 'GET', '/api/users/me')
  const viaGraphql = await graphql(ctx.baseUrl, caller, '{ meUser { user { id } } }')
  return { rest: me.body?.user?.id ?? null, graphql: viaGraphql.body?.data?.meUser?.user?.id ?? null }
}

type UserRow = { api_key: string | null; api_key_index: string | null; api_key_issued_at: unknown; api_key_last_used_at: unknown; everything: string }
const rowOf = async (id: number): Promise<UserRow> =>
  (await executeSql<UserRow>(await createLocalReq({}, ctx.payload), `select api_key, api_key_index, api_key_issued_at, api_key_last_used_at, row_to_json(u)::text as everything from users u where id = ${id}`))[0]

let admin: Caller
beforeAll(async () => {
  admin = await callerFor(ctx.baseUrl, await createUser(ctx.payload, 'admin'))
})

describe('issuing a key', () => {
  it('shows a new key once, and the database keeps only a hash of it', async () => {
    const reader = await createUser(ctx.payload, 'api')
    const issued = await rest(ctx.baseUrl, admin, 'POST', `/api/users/${reader.id}/api-key`, { name: 'Preview front end' })
    expect(issued.status).toBe(201)
    const key = issued.body.apiKey as string
    expect(key).toMatch(/^nrk_[A-Za-z0-9_-]{43}$/)
    expect(issued.body.name).toBe('Preview front end')

    const row = await rowOf(reader.id)
    expect(row.api_key).toBeNull()
    expect(row.everything).not.toContain(key)
    expect(row.api_key_index).toBe(createHmac('sha256', ctx.payload.secret).update(key).digest('hex'))
    expect(row.api_key_issued_at).not.toBeNull()

    expect(await identityOf(keyCaller(key))).toEqual({ rest: reader.id, graphql: reader.id })

    const read = await rest(ctx.baseUrl, admin, 'GET', `/api/users/${reader.id}`)
    expect(read.body).toMatchObject({ hasAPIKey: true, apiKeyName: 'Preview front end', apiKeyIssuedAt: expect.any(String) })
    expect(read.text).not.toContain(key)
    const reveal = await rest(ctx.baseUrl, admin, 'POST', `/api/users/${reader.id}/api-key/reveal`)
    expect(reveal.text).not.toContain(key)
  })

  it('keeps only the hash of a key an admin sets over REST too (the admin panel’s own control), and it still works', async () => {
    const reader = await createUser(ctx.payload, 'api')
    const key = 'an-admin-chosen-key-58b1e2f0c9'
    expect((await rest(ctx.baseUrl, admin, 'PATCH', `/api/users/${reader.id}`, { enableAPIKey: true, apiKey: key })).status).toBe(200)
    const row = await rowOf(reader.id)
    expect(row.api_key).toBeNull()
    expect(row.everything).not.toContain(key)
    expect(await identityOf(keyCaller(key))).toEqual({ rest: reader.id, graphql: reader.id })
  })

  it('records the issue in the audit log, without the key', async () => {
    const reader = await createUser(ctx.payload, 'api')
    const key = (await rest(ctx.baseUrl, admin, 'POST', `/api/users/${reader.id}/api-key`, {})).body.apiKey as string
    const { docs } = await ctx.payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'api-key.created' } }, { documentId: { equals: String(reader.id) } }] }, depth: 0, overrideAccess: true })
    expect(docs).toHaveLength(1)
    expect(JSON.stringify(docs)).not.toContain(key)
  })

  it('refuses non-admins, accounts that are not machine readers, malformed ids and hostile names, changing nothing', async () => {
    const reader = await createUser(ctx.payload, 'api')
    for (const role of ['writer', 'editor'] as const) {
      const caller = await callerFor(ctx.baseUrl, await createUser(ctx.payload, role))
      expect((await rest(ctx.baseUrl, caller, 'POST', `/api/users/${reader.id}/api-key`, {})).status).toBe(403)
    }
    expect((await rest(ctx.baseUrl, { name: 'anonymous', headers: {} }, 'POST', `/api/users/${reader.id}/api-key`, {})).status).toBe(401)
    const writer = await createUser(ctx.payload, 'writer')
    expect((await rest(ctx.baseUrl, admin, 'POST', `/api/users/${writer.id}/api-key`, {})).status).toBe(400)
    for (const id of ['abc', '0', '-3', '1e3', '99999999999']) {
      expect([400, 404]).toContain((await rest(ctx.baseUrl, admin, 'POST', `/api/users/${id}/api-key`, {})).status)
    }
    for (const name of ['\u200b\u200b', ' ', 'x'.repeat(101), 42, { nested: true }, ['a']]) {
      const response = await rest(ctx.baseUrl, admin, 'POST', `/api/users/${reader.id}/api-key`, { name })
      expect({ name: String(name).slice(0, 10), status: response.status }).toEqual({ name: String(name).slice(0, 10), status: 400 })
    }
    expect((await rowOf(reader.id)).api_key_index).toBeNull()
    expect((await rowOf(writer.id)).api_key_index).toBeNull()
  })
})

describe('using and revoking a key', () => {
  it('notes the last use, at most once a minute', async () => {
    const reader = await createUser(ctx.payload, 'api')
    const key = (await rest(ctx.baseUrl, admin, 'POST', `/api/users/${reader.id}/api-key`, { name: 'Feeds' })).body.apiKey as string
    expect((await rowOf(reader.id)).api_key_last_used_at).toBeNull()
    await rest(ctx.baseUrl, keyCaller(key), 'GET', '/api/articles?draft=true&limit=1')
    let first: unknown = null
    for (let attempt = 0; attempt < 50 && !first; attempt += 1) {
      first = (await rowOf(reader.id)).api_key_last_used_at
      if (!first) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(first).not.toBeNull()
    await rest(ctx.baseUrl, keyCaller(key), 'GET', '/api/articles?draft=true&limit=1')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(String((await rowOf(reader.id)).api_key_last_used_at)).toBe(String(first))
  })

  it('refuses a revoked key at once, over REST and GraphQL', async () => {
    const reader = await createUser(ctx.payload, 'api')
    const key = (await rest(ctx.baseUrl, admin, 'POST', `/api/users/${reader.id}/api-key`, {})).body.apiKey as string
    expect(await identityOf(keyCaller(key))).toEqual({ rest: reader.id, graphql: reader.id })
    expect((await rest(ctx.baseUrl, admin, 'DELETE', `/api/users/${reader.id}/api-key`)).status).toBe(200)
    expect(await identityOf(keyCaller(key))).toEqual({ rest: null, graphql: null })
    const row = await rowOf(reader.id)
    expect(row.api_key_index).toBeNull()
    expect(row.api_key_issued_at).toBeNull()
    const { totalDocs } = await ctx.payload.count({ collection: 'audit-events', where: { and: [{ action: { equals: 'api-key.revoked' } }, { documentId: { equals: String(reader.id) } }] }, overrideAccess: true })
    expect(totalDocs).toBe(1)
  })

  it('replaces a key: the old one stops working, the new one works', async () => {
    const reader = await createUser(ctx.payload, 'api')
    const old = (await rest(ctx.baseUrl, admin, 'POST', `/api/users/${reader.id}/api-key`, {})).body.apiKey as string
    const replacement = (await rest(ctx.baseUrl, admin, 'POST', `/api/users/${reader.id}/api-key`, {})).body.apiKey as string
    expect(replacement).not.toBe(old)
    expect((await identityOf(keyCaller(old))).rest).toBeNull()
    expect((await identityOf(keyCaller(replacement))).rest).toBe(reader.id)
  })
})
