import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser, TEST_PASSWORD } from '../helpers/users'

let ctx: TestServer

beforeAll(async () => {
  ctx = await startTestServer()
})

afterAll(async () => {
  await ctx?.close()
})

const login = (email: string, password: string, address: string) =>
  fetch(`${ctx.baseUrl}/api/users/login`, {
    method: 'POST',
    // The app trusts X-Forwarded-For from loopback (a reverse proxy), which lets the test play two addresses.
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  })

describe('failed sign-ins from one address', () => {
  it('are cut off with a 429 before they can lock the editor out', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    const attacker = '203.0.113.7'

    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await login(editor.email, 'wrong-password', attacker)).status).toBe(401)
    }
    const limited = await login(editor.email, 'wrong-password', attacker)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await limited.json()).errors[0].message).toMatch(/Too many failed sign-in attempts/)

    const fromTheNewsroom = await login(editor.email, TEST_PASSWORD, '198.51.100.20')
    expect(fromTheNewsroom.status).toBe(200)
  })

  it('still lock an account after five failures from several addresses (Payload maxLoginAttempts)', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await login(writer.email, 'wrong-password', `192.0.2.${attempt + 1}`)
    }
    const locked = await login(writer.email, TEST_PASSWORD, '192.0.2.99')
    expect(locked.status).toBe(401)
    expect((await locked.json()).errors[0].message).toMatch(/locked/i)
  })
})
