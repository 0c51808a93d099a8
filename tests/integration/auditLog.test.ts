// The audit log (src/audit): every listed event is recorded with who, from where and on what; nothing can change or
// delete it through any API; an action that rolls back leaves no event, a failed attempt always does.
import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type Where } from 'payload'

import { AUDIT_ACTIONS, type AuditAction } from '../../src/audit/actions'
import { recordAuditEvent } from '../../src/audit/recordAuditEvent'
import { removeExpiredAuditEvents } from '../../src/audit/retention'
import { executeSql } from '../../src/db/execute'
import { createCredit, createMedia, createOrganization } from '../helpers/content'
import { callerFor, graphql, rest, type Caller } from '../helpers/http'
import { approveStory, deskEditor, publishStory, unpublishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'
import { createUser, TEST_PASSWORD } from '../helpers/users'

const ctx = testServerOfThisFile()

type Event = {
  id: number
  action: AuditAction
  actor?: number | null
  actorEmail?: string | null
  address?: string | null
  documentCollection?: string | null
  documentId?: string | null
  documentTitle?: string | null
  details?: Record<string, unknown> | null
}

async function eventsWhere(payload: Payload, where: Where): Promise<Event[]> {
  const { docs } = await payload.find({ collection: 'audit-events', where, sort: 'id', depth: 0, pagination: false, overrideAccess: true })
  return docs as unknown as Event[]
}

const eventsOf = (payload: Payload, action: AuditAction, documentId?: number | string, collection?: string) =>
  eventsWhere(payload, {
    and: [
      { action: { equals: action } },
      ...(documentId === undefined ? [] : [{ documentId: { equals: String(documentId) } }]),
      ...(collection === undefined ? [] : [{ documentCollection: { equals: collection } }]),
    ],
  })

const forwardedFrom = (address: string) => ({ 'x-forwarded-for': address })

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${ctx.baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  })
}

async function signedIn(email: string, address: string): Promise<Caller> {
  const response = await signIn(email, TEST_PASSWORD, forwardedFrom(address))
  expect(response.status).toBe(200)
  const { token } = (await response.json()) as { token: string }
  return { name: email, headers: { authorization: `JWT ${token}`, ...forwardedFrom(address) } }
}

describe('what the audit log records', () => {
  it('records a successful sign-in with the account, its e-mail and the verified client address, not a spoofed one', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const response = await signIn(writer.email, TEST_PASSWORD, { ...forwardedFrom('203.0.113.7'), 'x-newsroom-client-address': '198.51.100.66' })
    expect(response.status).toBe(200)
    const [event] = await eventsOf(ctx.payload, 'sign-in.succeeded', writer.id)
    expect(event).toMatchObject({ actor: writer.id, actorEmail: writer.email, address: '203.0.113.7', documentCollection: 'users' })
  })

  it('records failed sign-ins over REST and GraphQL under the e-mail tried, from the caller’s address', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    expect((await signIn(editor.email, 'not-the-password', forwardedFrom('203.0.113.21'))).status).toBe(401)
    const viaGraphql = await rest(ctx.baseUrl, { name: 'guesser', headers: forwardedFrom('203.0.113.22') }, 'POST', '/api/graphql', {
      query: `mutation { loginUser(email: "${editor.email}", password: "still-wrong") { token } }`,
    })
    expect(viaGraphql.body.errors).toBeDefined()
    const failures = await eventsWhere(ctx.payload, { and: [{ action: { equals: 'sign-in.failed' } }, { actorEmail: { equals: editor.email } }] })
    expect(failures.map((event) => event.address)).toEqual(['203.0.113.21', '203.0.113.22'])
    expect(failures.every((event) => event.actor === null || event.actor === undefined)).toBe(true)
    expect(JSON.stringify(failures)).not.toMatch(/not-the-password|still-wrong/)
  })

  it('records a role change with the old and new role and the admin who made it, and never the password of a password change', async () => {
    const admin = await createUser(ctx.payload, 'admin')
    const adminCaller = await signedIn(admin.email, '203.0.113.30')
    const writer = await createUser(ctx.payload, 'writer')
    expect((await rest(ctx.baseUrl, adminCaller, 'PATCH', `/api/users/${writer.id}`, { role: 'editor' })).status).toBe(200)
    const [roleChange] = await eventsOf(ctx.payload, 'account.role-changed', writer.id)
    expect(roleChange).toMatchObject({ actor: admin.id, actorEmail: admin.email, address: '203.0.113.30', documentTitle: writer.email })
    expect(roleChange.details).toMatchObject({ from: 'writer', to: 'editor' })

    const newPassword = 'a-brand-new-password-4471'
    expect((await rest(ctx.baseUrl, adminCaller, 'PATCH', `/api/users/${writer.id}`, { password: newPassword })).status).toBe(200)
    const [passwordChange] = await eventsOf(ctx.payload, 'account.password-changed', writer.id)
    expect(passwordChange).toMatchObject({ actor: admin.id })
    const [{ everything }] = await executeSql<{ everything: string }>(await createLocalReq({}, ctx.payload), `select string_agg(row_to_json(a)::text, ' ') as everything from audit_events a`)
    expect(everything).not.toContain(newPassword)
    expect(everything).not.toContain(TEST_PASSWORD)
  })

  it('records an API key given to a machine reader and its revocation, never the key', async () => {
    const admin = await createUser(ctx.payload, 'admin')
    const adminCaller = await signedIn(admin.email, '203.0.113.31')
    const reader = await createUser(ctx.payload, 'api')
    const key = 'a-machine-readers-key-3f9a1c'
    expect((await rest(ctx.baseUrl, adminCaller, 'PATCH', `/api/users/${reader.id}`, { enableAPIKey: true, apiKey: key })).status).toBe(200)
    expect((await rest(ctx.baseUrl, adminCaller, 'PATCH', `/api/users/${reader.id}`, { enableAPIKey: false })).status).toBe(200)
    expect(await eventsOf(ctx.payload, 'api-key.created', reader.id)).toEqual([expect.objectContaining({ actor: admin.id, address: '203.0.113.31' })])
    expect(await eventsOf(ctx.payload, 'api-key.revoked', reader.id)).toEqual([expect.objectContaining({ actor: admin.id })])
    expect(JSON.stringify(await eventsWhere(ctx.payload, { documentId: { equals: String(reader.id) } }))).not.toContain(key)
  })

  it('records publishing and unpublishing a story, by the editor who did it', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const story = await ctx.payload.create({ collection: 'articles', data: { title: 'Audited publication', authors: [writer.id] }, overrideAccess: true })
    await publishStory(ctx.payload, story.id)
    await unpublishStory(ctx.payload, story.id)
    const editor = await deskEditor(ctx.payload)
    expect(await eventsOf(ctx.payload, 'story.published', story.id)).toEqual([
      expect.objectContaining({ actor: editor.id, documentCollection: 'articles', documentTitle: 'Audited publication' }),
    ])
    expect(await eventsOf(ctx.payload, 'story.unpublished', story.id)).toEqual([expect.objectContaining({ actor: editor.id })])
  })

  it('records scheduling a publication and cancelling it (the admin’s schedule drawer)', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const story = await ctx.payload.create({ collection: 'articles', data: { title: 'Audited schedule', authors: [writer.id] }, overrideAccess: true })
    await approveStory(ctx.payload, story.id)
    const editor = await deskEditor(ctx.payload)
    const { guardedSchedulePublish } = await import('../../src/workflow/schedulePublishServerFunction')
    const asEditor = async () => createLocalReq({ user: { ...editor, collection: 'users' } as never }, ctx.payload)
    const date = new Date(Date.now() + 60 * 60 * 1000)
    expect(await guardedSchedulePublish({ req: await asEditor(), type: 'publish', doc: { relationTo: 'articles', value: String(story.id) }, date } as never)).toEqual({ message: expect.any(String) })
    const [scheduled] = await eventsOf(ctx.payload, 'story.scheduled', story.id)
    expect(scheduled).toMatchObject({ actor: editor.id, documentTitle: 'Audited schedule', details: { type: 'publish', at: date.toISOString() } })
    const [job] = (await ctx.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'schedulePublish' } }, sort: '-id', limit: 1, overrideAccess: true })).docs
    expect(await guardedSchedulePublish({ req: await asEditor(), deleteID: job.id } as never)).toEqual({ message: expect.any(String) })
    expect(await eventsOf(ctx.payload, 'story.schedule-cancelled', story.id)).toEqual([expect.objectContaining({ actor: editor.id })])
  })

  it('records deleting a story, a photo, a credit and an organization, with their titles as they were', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    const editorCaller = await signedIn(editor.email, '203.0.113.40')
    const story = await ctx.payload.create({ collection: 'articles', data: { title: 'Story to delete', authors: [editor.id] }, overrideAccess: true })
    const photo = await createMedia(ctx.payload)
    const credit = await createCredit(ctx.payload, { photographer: 'Deleted Photographer' })
    const organization = await createOrganization(ctx.payload, 'Deleted Agency')
    for (const [collection, id] of [['articles', story.id], ['media', photo.id], ['photo-credits', credit.id], ['organizations', organization.id]] as const) {
      const response = await rest(ctx.baseUrl, editorCaller, 'DELETE', `/api/${collection}/${id}`)
      expect({ collection, status: response.status }).toEqual({ collection, status: 200 })
      expect({ collection, events: await eventsOf(ctx.payload, 'document.deleted', id, collection) }).toEqual({
        collection,
        events: [expect.objectContaining({ actor: editor.id, address: '203.0.113.40', documentCollection: collection })],
      })
    }
    expect((await eventsOf(ctx.payload, 'document.deleted', story.id, 'articles'))[0].documentTitle).toBe('Story to delete')
    expect((await eventsOf(ctx.payload, 'document.deleted', organization.id, 'organizations'))[0].documentTitle).toBe('Deleted Agency')
  })

  it('records a change of the site settings by the names of the fields that changed', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    const editorCaller = await signedIn(editor.email, '203.0.113.50')
    expect((await rest(ctx.baseUrl, editorCaller, 'POST', '/api/globals/site-settings', { siteName: 'The Audited Newsroom' })).status).toBe(200)
    const [event] = (await eventsOf(ctx.payload, 'settings.changed')).slice(-1)
    expect(event).toMatchObject({ actor: editor.id, address: '203.0.113.50', documentCollection: 'site-settings', details: { changed: ['siteName'] } })
  })
})

describe('an event and its action stand or fall together', () => {
  it('leaves no event for a deletion whose transaction is rolled back', async () => {
    const organization = await createOrganization(ctx.payload, 'Rolled-back Agency')
    const req = await createLocalReq({}, ctx.payload)
    await initTransaction(req)
    await ctx.payload.delete({ collection: 'organizations', id: organization.id, overrideAccess: true, req })
    expect(await eventsOf(ctx.payload, 'document.deleted', organization.id, 'organizations')).toEqual([])
    await killTransaction(req)
    expect(await ctx.payload.findByID({ collection: 'organizations', id: organization.id, overrideAccess: true })).toMatchObject({ id: organization.id })
    expect(await eventsOf(ctx.payload, 'document.deleted', organization.id, 'organizations')).toEqual([])
  })

  it('keeps the event of a committed deletion', async () => {
    const organization = await createOrganization(ctx.payload, 'Committed Agency')
    const req = await createLocalReq({}, ctx.payload)
    await initTransaction(req)
    await ctx.payload.delete({ collection: 'organizations', id: organization.id, overrideAccess: true, req })
    await commitTransaction(req)
    expect(await eventsOf(ctx.payload, 'document.deleted', organization.id, 'organizations')).toHaveLength(1)
  })

  it('keeps a failed second factor even when the sign-in that made it rolls back', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    const req = await createLocalReq({}, ctx.payload)
    await initTransaction(req)
    await recordAuditEvent(req, { action: 'sign-in.second-factor-failed', actor: editor, document: { collection: 'users', id: editor.id, title: editor.email } })
    await killTransaction(req)
    expect(await eventsOf(ctx.payload, 'sign-in.second-factor-failed', editor.id)).toEqual([expect.objectContaining({ actor: editor.id, actorEmail: editor.email })])
  })
})

describe('nobody can change or delete the audit log', () => {
  let event: Event
  let admin: Caller
  let editor: Caller
  beforeAll(async () => {
    admin = await callerFor(ctx.baseUrl, await createUser(ctx.payload, 'admin'))
    editor = await callerFor(ctx.baseUrl, await createUser(ctx.payload, 'editor'))
    const req = await createLocalReq({}, ctx.payload)
    await recordAuditEvent(req, { action: 'document.deleted', actor: null, document: { collection: 'articles', id: 1, title: 'Original title' } })
    ;[event] = (await eventsOf(ctx.payload, 'document.deleted', 1, 'articles')).slice(-1)
  })

  const unchanged = async () => {
    const stored = (await eventsWhere(ctx.payload, { id: { equals: event.id } }))[0]
    expect(stored).toMatchObject({ id: event.id, action: 'document.deleted', documentTitle: 'Original title' })
  }

  it('refuses REST PATCH, DELETE and POST, one by one and in bulk, even from an admin', async () => {
    for (const caller of [admin, editor]) {
      for (const [method, path, body] of [
        ['PATCH', `/api/audit-events/${event.id}`, { documentTitle: 'Forged' }],
        ['DELETE', `/api/audit-events/${event.id}`, undefined],
        ['PATCH', `/api/audit-events?where[id][equals]=${event.id}`, { documentTitle: 'Forged' }],
        ['DELETE', `/api/audit-events?where[id][exists]=true`, undefined],
        ['POST', '/api/audit-events', { action: 'sign-in.succeeded', actorEmail: 'forged@newsroom.test' }],
      ] as const) {
        const response = await rest(ctx.baseUrl, caller, method, path, body)
        expect({ caller: caller.name, method, path, status: response.status }).toEqual({ caller: caller.name, method, path, status: expect.any(Number) })
        expect([401, 403, 404]).toContain(response.status)
        expect(response.text).not.toMatch(/stack|at .*\.js/)
      }
    }
    await unchanged()
    expect(await eventsWhere(ctx.payload, { actorEmail: { equals: 'forged@newsroom.test' } })).toEqual([])
  })

  it('refuses GraphQL mutations, even from an admin', async () => {
    const mutations = [
      `mutation { updateAuditEvent(id: ${event.id}, data: { documentTitle: "Forged" }) { id } }`,
      `mutation { deleteAuditEvent(id: ${event.id}) { id } }`,
      `mutation { createAuditEvent(data: { action: sign_in_succeeded, actorEmail: "forged@newsroom.test" }) { id } }`,
    ]
    for (const query of mutations) {
      const response = await graphql(ctx.baseUrl, admin, query)
      expect(response.status).toBeLessThan(500)
      expect(String(response.body?.errors?.[0]?.message)).toMatch(/not allowed|forbidden/i)
    }
    await unchanged()
  })

  it('refuses the Local API without access control off, and refuses changes even with it off', async () => {
    const adminUser = { ...(await createUser(ctx.payload, 'admin')), collection: 'users' } as never
    await expect(ctx.payload.update({ collection: 'audit-events', id: event.id, data: { documentTitle: 'Forged' }, user: adminUser, overrideAccess: false })).rejects.toThrow()
    await expect(ctx.payload.delete({ collection: 'audit-events', id: event.id, user: adminUser, overrideAccess: false })).rejects.toThrow()
    await expect(ctx.payload.create({ collection: 'audit-events', data: { action: 'sign-in.succeeded' }, user: adminUser, overrideAccess: false })).rejects.toThrow()
    await expect(ctx.payload.update({ collection: 'audit-events', id: event.id, data: { documentTitle: 'Forged' }, overrideAccess: true })).rejects.toThrow(/not allowed to change/)
    await expect(ctx.payload.update({ collection: 'audit-events', where: { id: { exists: true } }, data: { documentTitle: 'Forged' }, overrideAccess: true })).rejects.toThrow(/not allowed to change/)
    await expect(ctx.payload.delete({ collection: 'audit-events', id: event.id, overrideAccess: true })).rejects.toThrow(/not allowed to change/)
    await expect(ctx.payload.delete({ collection: 'audit-events', where: { id: { exists: true } }, overrideAccess: true })).rejects.toThrow(/not allowed to change/)
    await unchanged()
  })

  it('lets admins read and filter it by action, actor and date; nobody else reads it', async () => {
    const since = new Date(Date.now() - 60 * 60 * 1000).toISOString()
    const filtered = await rest(ctx.baseUrl, admin, 'GET', `/api/audit-events?where[action][equals]=document.deleted&where[actor][exists]=false&where[createdAt][greater_than]=${encodeURIComponent(since)}&limit=100`)
    expect(filtered.status).toBe(200)
    expect(filtered.body.docs.map((doc: Event) => doc.id)).toContain(event.id)
    for (const caller of [editor, await callerFor(ctx.baseUrl, await createUser(ctx.payload, 'writer'))]) {
      const refused = await rest(ctx.baseUrl, caller, 'GET', '/api/audit-events')
      expect([403, 200]).toContain(refused.status)
      expect(refused.body.docs ?? []).toEqual([])
    }
    expect((await rest(ctx.baseUrl, { name: 'anonymous', headers: {} }, 'GET', `/api/audit-events/${event.id}`)).status).toBeGreaterThanOrEqual(401)
  })

  it('answers hostile filters on the log with a 4xx or a result, never a 5xx', async () => {
    const huge = 'x'.repeat(200_000)
    const hugeTitle = `/api/audit-events?where[documentTitle][like]=${huge.slice(0, 20_000)}`
    const hostile = [
      `/api/audit-events?where[action][equals]=${huge.slice(0, 600)}`,
      `/api/audit-events?where[action][in]=${Array.from({ length: 3000 }, (_, i) => `a${i}`).join(',')}`,
      `/api/audit-events?where[createdAt][greater_than]=not-a-date`,
      `/api/audit-events?where[details][equals]=${encodeURIComponent("'; drop table audit_events; --")}`,
      `/api/audit-events?where[actor.hash][exists]=true`,
      `/api/audit-events?sort=${'-'.repeat(500)}`,
      hugeTitle,
    ]
    for (const path of hostile) {
      const response = await rest(ctx.baseUrl, admin, 'GET', path)
      expect({ path: path.slice(0, 80), status: response.status < 500 }).toEqual({ path: path.slice(0, 80), status: true })
    }
    await unchanged()
  })
})

describe('retention', () => {
  it('removes only events older than the retention period, through the job, and nothing else can', async () => {
    const req = await createLocalReq({}, ctx.payload)
    await recordAuditEvent(req, { action: 'settings.changed', actor: null, document: { collection: 'site-settings', title: 'old event' } })
    await recordAuditEvent(req, { action: 'settings.changed', actor: null, document: { collection: 'site-settings', title: 'recent event' } })
    const [old] = await eventsWhere(ctx.payload, { documentTitle: { equals: 'old event' } })
    await executeSql(req, `update audit_events set created_at = now() - interval '401 days' where id = ${old.id}`)
    const removed = await removeExpiredAuditEvents({ req, retentionDays: 400 })
    expect(removed).toBeGreaterThanOrEqual(1)
    expect(await eventsWhere(ctx.payload, { documentTitle: { equals: 'old event' } })).toEqual([])
    expect(await eventsWhere(ctx.payload, { documentTitle: { equals: 'recent event' } })).toHaveLength(1)
  })

  it('lists every action the issue names', () => {
    for (const action of ['sign-in.succeeded', 'sign-in.failed', 'sign-in.second-factor-failed', 'account.role-changed', 'api-key.created', 'api-key.revoked', 'session.ended', 'story.published', 'story.unpublished', 'story.scheduled', 'story.schedule-cancelled', 'document.deleted', 'settings.changed']) {
      expect(Object.keys(AUDIT_ACTIONS)).toContain(action)
    }
  })
})
