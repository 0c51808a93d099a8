import { testServerOfThisFile } from '../helpers/testPayload'
import { callerFor, rest } from '../helpers/http'
import { createUser, loginHeaders, TEST_PASSWORD } from '../helpers/users'

const ctx = testServerOfThisFile({ withBootstrapAdmin: false })

describe('users and roles', () => {
  it('makes the first account an admin, whatever role it asked for', async () => {
    const response = await fetch(`${ctx.baseUrl}/api/users/first-register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'First Person', email: 'first@newsroom.test', password: TEST_PASSWORD, role: 'writer' }),
    })
    expect(response.status).toBe(200)
    const [first] = (await ctx.payload.find({ collection: 'users', where: { email: { equals: 'first@newsroom.test' } } })).docs
    expect(first.role).toBe('admin')

    const second = await createUser(ctx.payload, 'writer')
    expect(second.role).toBe('writer')
  })

  it('refuses a writer who tries to make themselves an editor through REST', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const response = await rest(ctx.baseUrl, await callerFor(ctx.baseUrl, writer), 'PATCH', `/api/users/${writer.id}`, { role: 'editor' })
    expect(response.status).toBe(403)
    expect(response.body.errors[0].message).toBe('Only admins can change a user’s role.')
    const reloaded = await ctx.payload.findByID({ collection: 'users', id: writer.id })
    expect(reloaded.role).toBe('writer')
  })

  it('refuses the same through the Local API with overrideAccess: false', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    await expect(
      ctx.payload.update({ collection: 'users', id: writer.id, data: { role: 'admin' }, user: writer, overrideAccess: false }),
    ).rejects.toThrow('Only admins can change a user’s role.')
    const reloaded = await ctx.payload.findByID({ collection: 'users', id: writer.id })
    expect(reloaded.role).toBe('writer')
  })

  it('lets a writer save their own profile when the form sends the unchanged role back', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const updated = await ctx.payload.update({
      collection: 'users',
      id: writer.id,
      data: { name: 'Renamed Writer', role: 'writer' },
      user: writer,
      overrideAccess: false,
    })
    expect(updated.name).toBe('Renamed Writer')
  })

  it('lets an editor not change roles either, and an admin change them', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    const writer = await createUser(ctx.payload, 'writer')
    await expect(
      ctx.payload.update({ collection: 'users', id: writer.id, data: { role: 'editor' }, user: editor, overrideAccess: false }),
    ).rejects.toMatchObject({ status: 403 })

    const admin = await createUser(ctx.payload, 'admin')
    const response = await rest(ctx.baseUrl, await callerFor(ctx.baseUrl, admin), 'PATCH', `/api/users/${writer.id}`, { role: 'editor' })
    expect(response.status).toBe(200)
    expect((await ctx.payload.findByID({ collection: 'users', id: writer.id })).role).toBe('editor')
  })

  it('shows a writer only the names of colleagues, and their own record in full', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const colleague = await createUser(ctx.payload, 'editor', 'Colleague Editor')
    const headers = await loginHeaders(ctx.baseUrl, writer.email)

    const other = await (await fetch(`${ctx.baseUrl}/api/users/${colleague.id}`, { headers })).json()
    expect(other.name).toBe('Colleague Editor')
    expect(other.email).toBeUndefined()
    expect(other.role).toBeUndefined()

    const own = await (await fetch(`${ctx.baseUrl}/api/users/${writer.id}`, { headers })).json()
    expect(own.email).toBe(writer.email)
    expect(own.role).toBe('writer')
  })

  it('does not let anonymous callers list users or writers create accounts', async () => {
    const anonymous = await fetch(`${ctx.baseUrl}/api/users`)
    expect(anonymous.status).toBe(403)

    const writer = await createUser(ctx.payload, 'writer')
    const sockPuppet = { name: 'Sock Puppet', email: 'sock@newsroom.test', password: TEST_PASSWORD }
    expect((await rest(ctx.baseUrl, await callerFor(ctx.baseUrl, writer), 'POST', '/api/users', sockPuppet)).status).toBe(403)
  })
})

describe('sign-in', () => {
  it('answers a malformed JSON login body with a 400 and a readable message', async () => {
    const response = await fetch(`${ctx.baseUrl}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": "someone@newsroom.test", "password": ',
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.errors[0].message).toMatch(/not valid JSON/)
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/)
  })

  it('answers /api/users/me with JSON for anonymous callers', async () => {
    const response = await fetch(`${ctx.baseUrl}/api/users/me`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ user: null })
  })
})
