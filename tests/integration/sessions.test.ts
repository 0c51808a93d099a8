// Sessions people can see and end (src/sessions): an ended session's token stops working at once on every path;
// a password or role change ends the person's other sessions; nobody ends someone else's without being an admin.
import { createLocalReq, type Payload } from 'payload'

import { executeSql } from '../../src/db/execute'
import { graphql, rest, type Caller } from '../helpers/http'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser, TEST_PASSWORD } from '../helpers/users'

const ctx = testServerOfThisFile()

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'

async function signIn(email: string, { userAgent = FIREFOX, address = '203.0.113.9', password = TEST_PASSWORD } = {}): Promise<Caller> {
  const response = await fetch(`${ctx.baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent, 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  })
  if (response.status !== 200) throw new Error(`Sign-in failed: ${response.status}`)
  const { token } = (await response.json()) as { token: string }
  return { name: email, headers: { authorization: `JWT ${token}`, 'user-agent': userAgent, 'x-forwarded-for': address } }
}

/** Whether a caller's token still signs them in, over REST and over GraphQL. */
async function isSignedIn(caller: Caller): Promise<{ rest: boolean; graphql: boolean }> {
  const me = await rest(ctx.baseUrl, caller, 'GET', '/api/users/me')
  const viaGraphql = await graphql(ctx.baseUrl, caller, '{ meUser { user { id } } }')
  return { rest: Boolean(me.body?.user), graphql: Boolean(viaGraphql.body?.data?.meUser?.user) }
}

const SIGNED_IN = { rest: true, graphql: true }
const SIGNED_OUT = { rest: false, graphql: false }

const sessionsOf = async (caller: Caller) => {
  const response = await rest(ctx.baseUrl, caller, 'GET', '/api/users/sessions')
  expect(response.status).toBe(200)
  return response.body.sessions as { id: string; device: string; address: string | null; lastSeenAt: string | null; isCurrent: boolean }[]
}

const storedSessionIds = async (payload: Payload, userId: number) =>
  (await executeSql<{ id: string }>(await createLocalReq({}, payload), `select id from users_sessions where _parent_id = ${userId} order by id`)).map((row) => row.id)

describe('seeing one’s sessions', () => {
  it('lists each active session with its device, address and last use, and marks the current one', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const laptop = await signIn(writer.email, { userAgent: FIREFOX, address: '203.0.113.10' })
    await signIn(writer.email, { userAgent: IPHONE, address: '198.51.100.20' })
    const sessions = await sessionsOf(laptop)
    expect(sessions).toHaveLength(2)
    expect(sessions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ device: 'Firefox on Linux', address: '203.0.113.10', isCurrent: true, lastSeenAt: expect.any(String) }),
        expect.objectContaining({ device: 'Safari on iOS', address: '198.51.100.20', isCurrent: false }),
      ]),
    )
  })

  it('answers 401 to a caller who is not signed in', async () => {
    expect((await rest(ctx.baseUrl, { name: 'anonymous', headers: {} }, 'GET', '/api/users/sessions')).status).toBe(401)
    expect((await rest(ctx.baseUrl, { name: 'anonymous', headers: {} }, 'DELETE', '/api/users/sessions/00000000-0000-4000-8000-000000000000')).status).toBe(401)
  })
})

describe('ending sessions', () => {
  it('ends one of one’s own sessions: its token is refused at once over REST and GraphQL, the others keep working', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    const desk = await signIn(editor.email)
    const phone = await signIn(editor.email, { userAgent: IPHONE })
    const phoneSession = (await sessionsOf(desk)).find((session) => !session.isCurrent)!
    expect(await isSignedIn(phone)).toEqual(SIGNED_IN)
    const ended = await rest(ctx.baseUrl, desk, 'DELETE', `/api/users/sessions/${phoneSession.id}`)
    expect(ended.status).toBe(200)
    expect(await isSignedIn(phone)).toEqual(SIGNED_OUT)
    expect(await isSignedIn(desk)).toEqual(SIGNED_IN)
    expect((await rest(ctx.baseUrl, phone, 'GET', '/api/articles?draft=true')).body?.docs ?? []).toEqual([])
    const [event] = (await ctx.payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'session.ended' } }, { documentId: { equals: String(editor.id) } }] }, depth: 0, overrideAccess: true })).docs
    expect(event).toMatchObject({ actor: editor.id })
  })

  it('refuses to end another person’s session for a non-admin (404, the session still works), and malformed ids (400)', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const colleague = await createUser(ctx.payload, 'writer')
    const writerCaller = await signIn(writer.email)
    const colleagueCaller = await signIn(colleague.email)
    const [colleagueSession] = await storedSessionIds(ctx.payload, colleague.id)
    expect((await rest(ctx.baseUrl, writerCaller, 'DELETE', `/api/users/sessions/${colleagueSession}`)).status).toBe(404)
    expect((await rest(ctx.baseUrl, writerCaller, 'DELETE', `/api/users/${colleague.id}/sessions`)).status).toBe(403)
    expect(await isSignedIn(colleagueCaller)).toEqual(SIGNED_IN)

    for (const id of ['not-a-session', "' or 1=1 --", 'x'.repeat(5000), '%00', '00000000-0000-4000-8000-00000000000g']) {
      const response = await rest(ctx.baseUrl, writerCaller, 'DELETE', `/api/users/sessions/${encodeURIComponent(id)}`)
      expect({ id: id.slice(0, 20), status: response.status }).toEqual({ id: id.slice(0, 20), status: expect.any(Number) })
      expect([400, 404, 414]).toContain(response.status)
    }
    for (const id of ['abc', '-1', '0', '1.5', '99999999999999999999', "1' or '1'='1"]) {
      const response = await rest(ctx.baseUrl, writerCaller, 'DELETE', `/api/users/${encodeURIComponent(id)}/sessions`)
      expect([400, 403, 404]).toContain(response.status)
    }
    expect(await isSignedIn(writerCaller)).toEqual(SIGNED_IN)
    expect(await storedSessionIds(ctx.payload, colleague.id)).toEqual([colleagueSession])
  })

  it('lets an admin end all of a person’s sessions (a lost laptop), and answers 404 for an account that does not exist', async () => {
    const admin = await signIn((await createUser(ctx.payload, 'admin')).email)
    const editor = await createUser(ctx.payload, 'editor')
    const sessions = [await signIn(editor.email), await signIn(editor.email, { userAgent: IPHONE })]
    const response = await rest(ctx.baseUrl, admin, 'DELETE', `/api/users/${editor.id}/sessions`)
    expect(response.status).toBe(200)
    expect(response.body.ended).toBe(2)
    for (const caller of sessions) expect(await isSignedIn(caller)).toEqual(SIGNED_OUT)
    expect(await isSignedIn(admin)).toEqual(SIGNED_IN)
    expect((await rest(ctx.baseUrl, admin, 'DELETE', '/api/users/987654/sessions')).status).toBe(404)
    const [event] = (await ctx.payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'sessions.ended-all' } }, { documentId: { equals: String(editor.id) } }] }, overrideAccess: true })).docs
    expect(event.details).toMatchObject({ endedSessions: 2 })
  })

  it('lets a person end all their other sessions and stay signed in where they are', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const here = await signIn(writer.email)
    const elsewhere = await signIn(writer.email, { userAgent: IPHONE })
    expect((await rest(ctx.baseUrl, here, 'DELETE', `/api/users/${writer.id}/sessions`)).status).toBe(200)
    expect(await isSignedIn(elsewhere)).toEqual(SIGNED_OUT)
    expect(await isSignedIn(here)).toEqual(SIGNED_IN)
  })
})

describe('account changes end other sessions', () => {
  it.each([
    ['ends the other sessions when a person changes their own password, and keeps the one they changed it from', { password: 'a-fresh-password-for-writer' }, SIGNED_OUT],
    ['keeps sessions when a person only renames themself', { name: 'A New Byline' }, SIGNED_IN],
  ])('%s', async (_behaviour, change, elsewhereAfter) => {
    const writer = await createUser(ctx.payload, 'writer')
    const here = await signIn(writer.email)
    const elsewhere = await signIn(writer.email, { userAgent: IPHONE })
    expect((await rest(ctx.baseUrl, here, 'PATCH', `/api/users/${writer.id}`, change)).status).toBe(200)
    expect(await isSignedIn(elsewhere)).toEqual(elsewhereAfter)
    expect(await isSignedIn(here)).toEqual(SIGNED_IN)
  })

  it('ends every session of a person whose password an admin changes', async () => {
    const admin = await signIn((await createUser(ctx.payload, 'admin')).email)
    const writer = await createUser(ctx.payload, 'writer')
    const writerCaller = await signIn(writer.email)
    expect((await rest(ctx.baseUrl, admin, 'PATCH', `/api/users/${writer.id}`, { password: 'set-by-the-admin-123' })).status).toBe(200)
    expect(await isSignedIn(writerCaller)).toEqual(SIGNED_OUT)
  })

  it('ends every session of a person whose role an admin changes, and records the change', async () => {
    const admin = await signIn((await createUser(ctx.payload, 'admin')).email)
    const editor = await createUser(ctx.payload, 'editor')
    const sessions = [await signIn(editor.email), await signIn(editor.email, { userAgent: IPHONE })]
    expect((await rest(ctx.baseUrl, admin, 'PATCH', `/api/users/${editor.id}`, { role: 'writer' })).status).toBe(200)
    for (const caller of sessions) expect(await isSignedIn(caller)).toEqual(SIGNED_OUT)
    expect(await storedSessionIds(ctx.payload, editor.id)).toEqual([])
    expect(await isSignedIn(admin)).toEqual(SIGNED_IN)
  })
})

describe('signing out', () => {
  it('ends the session it was made with and records it', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const caller = await signIn(writer.email)
    expect((await rest(ctx.baseUrl, caller, 'POST', '/api/users/logout')).status).toBe(200)
    expect(await isSignedIn(caller)).toEqual(SIGNED_OUT)
    const { totalDocs } = await ctx.payload.count({ collection: 'audit-events', where: { and: [{ action: { equals: 'session.ended' } }, { actor: { equals: writer.id } }] }, overrideAccess: true })
    expect(totalDocs).toBe(1)
  })
})
