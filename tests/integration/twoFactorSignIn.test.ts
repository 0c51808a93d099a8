// Two-factor sign-in over real HTTP: enrolment (authenticator app, passkeys), the second step on every sign-in path,
// replayed and recovery codes, the shared limiter, the enrolment-only state, and hostile inputs.
import * as OTPAuth from 'otpauth'

import { settings } from '../../src/env'
import { ENROL_FIRST_MESSAGE } from '../../src/signIn/enrolmentRule'
import type { SignInLimits } from '../../src/signIn/signInThrottle'
import { apiKeyCaller } from '../helpers/http'
import { createSoftwareAuthenticator } from '../helpers/softwareAuthenticator'
import { listenApp, testPayloadOfThisFile, type ListeningApp } from '../helpers/testPayload'
import { createUser, TEST_PASSWORD } from '../helpers/users'

const ctx = testPayloadOfThisFile()
const servers: ListeningApp[] = []
afterAll(async () => {
  for (const { stop } of servers) await stop()
})

async function startApp({ signInLimits = {}, isSecondFactorRequired = true }: { signInLimits?: Partial<SignInLimits>; isSecondFactorRequired?: boolean } = {}) {
  const started = await listenApp(ctx, { signInLimits: { addressLimit: 1000, accountFreeFailures: 1000, ...signInLimits }, isSecondFactorRequired })
  servers.push(started)
  return started.baseUrl
}

let addressCounter = 0
const newAddress = () => `198.19.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`

type Call = { method?: string; body?: unknown; token?: string; address?: string; headers?: Record<string, string> }
async function call(base: string, path: string, { method = 'POST', body, token, address = '198.19.200.1', headers = {} }: Call = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'x-forwarded-for': address,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `JWT ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = null
  }
  return { status: response.status, json, text, headers: response.headers }
}

const totpOf = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' })
/** A code valid now that belongs to a later time step than any used so far (the window allows one step ahead). */
const nextCode = (secret: string) => totpOf(secret).generate({ timestamp: Date.now() + 30_000 })
const currentCode = (secret: string) => totpOf(secret).generate({ timestamp: Date.now() })

async function passwordSignIn(base: string, email: string, address?: string) {
  return call(base, '/api/users/login', { body: { email, password: TEST_PASSWORD }, address })
}

/** A staff member enrolled with an authenticator app: their secret, recovery codes and a session token. */
async function enrolledWithAuthenticator(base: string, role: 'admin' | 'editor' | 'writer' = 'editor') {
  const user = await createUser(ctx.payload, role)
  const signedIn = await passwordSignIn(base, user.email)
  expect(signedIn.status).toBe(200)
  const token = signedIn.json.token as string
  const started = await call(base, '/api/second-factor/authenticator/start', { token, body: {} })
  expect(started.status).toBe(200)
  const secret = started.json.secret as string
  const confirmed = await call(base, '/api/second-factor/authenticator/confirm', { token, body: { code: currentCode(secret) } })
  expect(confirmed.status).toBe(200)
  return { user, secret, token, recoveryCodes: confirmed.json.recoveryCodes as string[] }
}

const pendingTokenOf = (answer: { json: any }) => answer.json?.errors?.[0]?.data?.pendingToken as string | undefined

describe('enrolling an authenticator app', () => {
  it('gives an otpauth address and a QR code, turns two-factor on with a valid code, and shows ten recovery codes once', async () => {
    const base = await startApp()
    const user = await createUser(ctx.payload, 'editor')
    const { json: signedIn } = await passwordSignIn(base, user.email)
    const started = await call(base, '/api/second-factor/authenticator/start', { token: signedIn.token, body: {} })
    expect(started.json.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/)
    expect(started.json.qrCode).toMatch(/^data:image\/png;base64,/)

    const wrong = await call(base, '/api/second-factor/authenticator/confirm', { token: signedIn.token, body: { code: '000000' === currentCode(started.json.secret) ? '111111' : '000000' } })
    expect(wrong.status).toBe(400)
    expect(wrong.json.errors[0].message).toMatch(/does not match/)

    const confirmed = await call(base, '/api/second-factor/authenticator/confirm', { token: signedIn.token, body: { code: currentCode(started.json.secret) } })
    expect(confirmed.status).toBe(200)
    expect(confirmed.json.recoveryCodes).toHaveLength(10)
    const status = await call(base, '/api/second-factor', { method: 'GET', token: signedIn.token })
    expect(status.json).toMatchObject({ hasSecondFactor: true, hasAuthenticator: true, recoveryCodesLeft: 10 })
    expect(JSON.stringify(status.json)).not.toContain(started.json.secret)
  })

  it('never shows the secret, the recovery codes or the passkeys through REST, GraphQL or the Local API, even to the account itself or an admin', async () => {
    const base = await startApp({ isSecondFactorRequired: false })
    const { user, secret, recoveryCodes } = await enrolledWithAuthenticator(base)
    const admin = await createUser(ctx.payload, 'admin')
    const adminSession = await passwordSignIn(base, admin.email)
    const asAdmin = adminSession.json.token as string
    const rest = await call(base, `/api/users/${user.id}?depth=0`, { method: 'GET', token: asAdmin })
    expect(rest.status).toBe(200)
    expect(rest.json.hasSecondFactor).toBe(true)
    const graphql = await call(base, '/api/graphql', { token: asAdmin, body: { query: `{ User(id: ${user.id}) { id hasSecondFactor } }` } })
    expect(graphql.json.data.User.hasSecondFactor).toBe(true)
    const hiddenField = await call(base, '/api/graphql', { token: asAdmin, body: { query: `{ User(id: ${user.id}) { totpSecret } }` } })
    // Whether GraphQL lists the field or not, it never answers with the secret.
    expect(hiddenField.json.data?.User?.totpSecret ?? null).toBeNull()
    expect(JSON.stringify(hiddenField.json)).not.toContain(secret)
    const local = await ctx.payload.findByID({ collection: 'users', id: user.id, overrideAccess: true })
    for (const leaked of [JSON.stringify(rest.json), JSON.stringify(local)]) {
      expect(leaked).not.toContain('totpSecret')
      expect(leaked).not.toContain('recoveryCodeHashes')
      expect(leaked).not.toContain(secret)
      expect(leaked).not.toContain(recoveryCodes[0])
    }
    // Stored sealed: the raw column holds no base32 secret either.
    const raw = (await ctx.payload.db.findOne({ collection: 'users', where: { id: { equals: user.id } } })) as Record<string, unknown>
    expect(String(raw.totpSecret)).not.toContain(secret)
  })

  it('asks an enrolled account for a current code before its factors change, so a stolen session cannot add its own', async () => {
    const base = await startApp()
    const { secret, token, recoveryCodes } = await enrolledWithAuthenticator(base)
    for (const path of ['/api/second-factor/passkeys/options', '/api/second-factor/authenticator/start', '/api/second-factor/recovery-codes']) {
      const bare = await call(base, path, { token, body: {} })
      expect({ path, status: bare.status }).toEqual({ path, status: 403 })
      expect(bare.json.errors[0].message).toMatch(/confirm it is you/)
      // A code from three steps ago: outside the window.
      const wrong = await call(base, path, { token, body: { currentCode: totpOf(secret).generate({ timestamp: Date.now() - 90_000 }) } })
      expect({ path, status: wrong.status }).toEqual({ path, status: 403 })
    }
    expect((await call(base, '/api/second-factor/passkeys/options', { token, body: { currentCode: nextCode(secret) } })).status).toBe(200)
    expect((await call(base, '/api/second-factor/recovery-codes', { token, body: { currentRecoveryCode: recoveryCodes[0] } })).status).toBe(200)
    // The new recovery codes replace the old ones.
    expect((await call(base, '/api/second-factor/recovery-codes', { token, body: { currentRecoveryCode: recoveryCodes[1] } })).status).toBe(403)
  })

  it('refuses an account writing its own second-factor fields through REST', async () => {
    const base = await startApp({ isSecondFactorRequired: false })
    const user = await createUser(ctx.payload, 'writer')
    const { json } = await passwordSignIn(base, user.email)
    await call(base, `/api/users/${user.id}`, { method: 'PATCH', token: json.token, body: { hasSecondFactor: true, totpSecret: 'AAAA', passkeys: [] } })
    const raw = (await ctx.payload.db.findOne({ collection: 'users', where: { id: { equals: user.id } } })) as Record<string, unknown>
    expect(raw.hasSecondFactor).toBeFalsy()
    expect(raw.totpSecret ?? null).toBeNull()
  })
})

describe('signing in with an authenticator app', () => {
  it('answers the right password with a pending sign-in and no session, and the code exchanges it for a session', async () => {
    const base = await startApp()
    const { user, secret } = await enrolledWithAuthenticator(base)
    const first = await passwordSignIn(base, user.email)
    expect(first.status).toBe(401)
    expect(first.json.token).toBeUndefined()
    expect(first.headers.getSetCookie().some((cookie) => cookie.startsWith('payload-token='))).toBe(false)
    expect(first.json.errors[0].data.methods).toContain('authenticator')

    const second = await call(base, '/api/sign-in/second-factor', { body: { pendingToken: pendingTokenOf(first), code: nextCode(secret) } })
    expect(second.status).toBe(200)
    expect(second.headers.getSetCookie().some((cookie) => cookie.startsWith('payload-token='))).toBe(true)
    const me = await call(base, '/api/users/me', { method: 'GET', token: second.json.token })
    expect(me.json.user.id).toBe(user.id)
    const stories = await call(base, '/api/articles?limit=1', { method: 'GET', token: second.json.token })
    expect(stories.status).toBe(200)
  })

  it('refuses a code used once already (replay), also with a new pending sign-in', async () => {
    const base = await startApp()
    const { user, secret } = await enrolledWithAuthenticator(base)
    const code = nextCode(secret)
    const first = await call(base, '/api/sign-in/second-factor', { body: { pendingToken: pendingTokenOf(await passwordSignIn(base, user.email)), code } })
    expect(first.status).toBe(200)
    const replay = await call(base, '/api/sign-in/second-factor', { body: { pendingToken: pendingTokenOf(await passwordSignIn(base, user.email)), code } })
    expect(replay.status).toBe(401)
    expect(replay.json.errors[0].message).toMatch(/already used/)
  })

  it('lets only one of two simultaneous requests with the same code in', async () => {
    const base = await startApp()
    const { user, secret } = await enrolledWithAuthenticator(base)
    const code = nextCode(secret)
    const [a, b] = await Promise.all([passwordSignIn(base, user.email), passwordSignIn(base, user.email)])
    const answers = await Promise.all([a, b].map((answer) => call(base, '/api/sign-in/second-factor', { body: { pendingToken: pendingTokenOf(answer), code } })))
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401])
  })

  it('refuses a pending sign-in exchanged twice', async () => {
    const base = await startApp()
    const { user, recoveryCodes } = await enrolledWithAuthenticator(base)
    const pendingToken = pendingTokenOf(await passwordSignIn(base, user.email))
    expect((await call(base, '/api/sign-in/second-factor', { body: { pendingToken, recoveryCode: recoveryCodes[0] } })).status).toBe(200)
    const again = await call(base, '/api/sign-in/second-factor', { body: { pendingToken, recoveryCode: recoveryCodes[1] } })
    expect(again.status).toBe(401)
    expect(again.json.errors[0].message).toMatch(/expired or is unknown|already completed/)
  })

  it('keeps every sign-in path behind the second factor: GraphQL loginUser and the Local API login give no session', async () => {
    const base = await startApp()
    const { user, secret } = await enrolledWithAuthenticator(base)
    const graphql = await call(base, '/api/graphql', {
      body: { query: 'mutation ($email: String!, $password: String) { loginUser(email: $email, password: $password) { token } }', variables: { email: user.email, password: TEST_PASSWORD } },
    })
    expect(graphql.json.data?.loginUser ?? null).toBeNull()
    const pendingToken = graphql.json.errors[0].extensions.data.pendingToken
    expect(typeof pendingToken).toBe('string')
    await expect(ctx.payload.login({ collection: 'users', data: { email: user.email, password: TEST_PASSWORD } })).rejects.toThrow(/second factor/)
    // The admin's login form posts multipart to the same REST route: also a pending sign-in only.
    const form = new FormData()
    form.set('_payload', JSON.stringify({ email: user.email, password: TEST_PASSWORD }))
    const admin = await fetch(`${base}/api/users/login`, { method: 'POST', body: form })
    expect(admin.status).toBe(401)
    expect(admin.headers.getSetCookie().some((cookie) => cookie.startsWith('payload-token='))).toBe(false)
    // The GraphQL pending sign-in completes like the REST one.
    expect((await call(base, '/api/sign-in/second-factor', { body: { pendingToken, code: nextCode(secret) } })).status).toBe(200)
  })

  it('lets an enrolled account reset its password, but the reset gives no usable session: the second factor is still asked', async () => {
    const base = await startApp()
    const { user, secret } = await enrolledWithAuthenticator(base)
    const resetToken = await ctx.payload.forgotPassword({ collection: 'users', data: { email: user.email }, disableEmail: true })
    const reset = await call(base, '/api/users/reset-password', { body: { token: resetToken, password: 'a new long password for the editor' } })
    expect(reset.status).toBe(200)
    const me = await call(base, '/api/users/me', { method: 'GET', token: reset.json.token })
    expect(me.json.user).toBeNull()
    const signIn = await call(base, '/api/users/login', { body: { email: user.email, password: 'a new long password for the editor' } })
    expect(signIn.status).toBe(401)
    const second = await call(base, '/api/sign-in/second-factor', { body: { pendingToken: pendingTokenOf(signIn), code: nextCode(secret) } })
    expect(second.status).toBe(200)
  })

  it('refuses a password sign-in for a machine (API) account', async () => {
    const base = await startApp()
    const machine = await createUser(ctx.payload, 'api')
    const answer = await passwordSignIn(base, machine.email)
    expect(answer.status).toBe(403)
    expect(answer.json.errors[0].message).toMatch(/API key/)
  })
})

describe('recovery codes', () => {
  it('signs in with a recovery code once, in any case and without the dash, and never twice', async () => {
    const base = await startApp()
    const { user, recoveryCodes } = await enrolledWithAuthenticator(base)
    const typed = recoveryCodes[3].replace('-', '').toLowerCase()
    const first = await call(base, '/api/sign-in/second-factor', { body: { pendingToken: pendingTokenOf(await passwordSignIn(base, user.email)), recoveryCode: typed } })
    expect(first.status).toBe(200)
    const again = await call(base, '/api/sign-in/second-factor', { body: { pendingToken: pendingTokenOf(await passwordSignIn(base, user.email)), recoveryCode: recoveryCodes[3] } })
    expect(again.status).toBe(401)
    expect(again.json.errors[0].message).toMatch(/works once/)
    const status = await call(base, '/api/second-factor', { method: 'GET', token: first.json.token })
    expect(status.json.recoveryCodesLeft).toBe(9)
  })
})

describe('the limiter', () => {
  it('counts wrong codes against the same budget as wrong passwords, and then refuses even the right code', async () => {
    const base = await startApp({ signInLimits: { addressLimit: 3 } })
    const { user, secret } = await enrolledWithAuthenticator(base)
    const address = newAddress()
    const pendingToken = pendingTokenOf(await passwordSignIn(base, user.email, address))
    const wrong = currentCode(secret) === '123456' ? '654321' : '123456'
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await call(base, '/api/sign-in/second-factor', { address, body: { pendingToken, code: wrong } })).status).toBe(401)
    }
    // A wrong password uses the last attempt of the address's budget.
    expect((await call(base, '/api/users/login', { address, body: { email: user.email, password: 'wrong password' } })).status).toBe(401)
    const refused = await call(base, '/api/sign-in/second-factor', { address, body: { pendingToken, code: nextCode(secret) } })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBeTruthy()
  })

  it('does not count the right password of an enrolled account as a failure', async () => {
    const base = await startApp({ signInLimits: { addressLimit: 2 } })
    const { user } = await enrolledWithAuthenticator(base)
    const address = newAddress()
    for (let attempt = 0; attempt < 4; attempt++) expect((await passwordSignIn(base, user.email, address)).status).toBe(401)
    expect((await passwordSignIn(base, user.email, address)).json.errors[0].data.secondFactorRequired).toBe(true)
  })
})

describe('hostile second steps', () => {
  it('reads a code with invisible characters and spaces, and refuses 7 digits, letters, numbers and objects with a 400', async () => {
    const base = await startApp()
    const { user, secret } = await enrolledWithAuthenticator(base)
    const pendingToken = pendingTokenOf(await passwordSignIn(base, user.email))
    for (const code of ['1234567', '12345', 'abcdef', 123456, { $gt: '' }, ['123456'], '', '\u200B\u200B', 'x'.repeat(10_000)]) {
      const answer = await call(base, '/api/sign-in/second-factor', { body: { pendingToken, code } })
      expect([400, 413]).toContain(answer.status)
      expect(answer.json.errors[0].message).toEqual(expect.any(String))
    }
    const code = nextCode(secret)
    const invisible = `\u200B${code.slice(0, 3)} \uFEFF${code.slice(3)}\u2060`
    expect((await call(base, '/api/sign-in/second-factor', { body: { pendingToken, code: invisible } })).status).toBe(200)
  })

  it('refuses another user’s pending token with that user’s code, a made-up token, and bodies that are not JSON objects', async () => {
    const base = await startApp()
    const alice = await enrolledWithAuthenticator(base)
    const bob = await enrolledWithAuthenticator(base)
    const alicesPending = pendingTokenOf(await passwordSignIn(base, alice.user.email))
    // Bob's valid code does not open Alice's pending sign-in.
    const crossed = await call(base, '/api/sign-in/second-factor', { body: { pendingToken: alicesPending, code: nextCode(bob.secret) } })
    expect(crossed.status).toBe(401)
    for (const pendingToken of ['made-up', 'A'.repeat(43), 42, null, { token: 'x' }]) {
      const answer = await call(base, '/api/sign-in/second-factor', { body: { pendingToken, code: '123456' } })
      expect(answer.status).toBe(401)
      expect(answer.json.errors[0].message).toMatch(/Sign in with your password again/)
    }
    for (const body of ['[1,2]', '"code"', '{not json', JSON.stringify({ pendingToken: alicesPending, code: 'x'.repeat(20_000) })]) {
      const answer = await call(base, '/api/sign-in/second-factor', { body })
      expect([400, 413]).toContain(answer.status)
    }
  })
})

describe('passkeys', () => {
  const { relyingPartyId: rpId, origins } = settings.secondFactor

  async function withPasskey(base: string) {
    const user = await createUser(ctx.payload, 'editor')
    const { json } = await passwordSignIn(base, user.email)
    const authenticator = createSoftwareAuthenticator({ rpId, origin: origins[0] })
    const options = await call(base, '/api/second-factor/passkeys/options', { token: json.token, body: {} })
    expect(options.status).toBe(200)
    const registered = await call(base, '/api/second-factor/passkeys', { token: json.token, body: { passkey: authenticator.register(options.json), name: 'Laptop' } })
    expect(registered.status).toBe(201)
    expect(registered.json.recoveryCodes).toHaveLength(10)
    return { user, authenticator, token: json.token as string }
  }

  it('registers a passkey and signs in with it alone', async () => {
    const base = await startApp()
    const { user, authenticator } = await withPasskey(base)
    const options = await call(base, '/api/sign-in/passkey/options', { body: {} })
    const signedIn = await call(base, '/api/sign-in/passkey', { body: { passkey: authenticator.authenticate(options.json) } })
    expect(signedIn.status).toBe(200)
    expect(signedIn.json.user.id).toBe(user.id)
    expect((await call(base, '/api/users/me', { method: 'GET', token: signedIn.json.token })).json.user.id).toBe(user.id)
  })

  it('uses a passkey as the second factor after the password', async () => {
    const base = await startApp()
    const { user, authenticator } = await withPasskey(base)
    const first = await passwordSignIn(base, user.email)
    expect(first.json.errors[0].data.methods).toContain('passkey')
    const pendingToken = pendingTokenOf(first)
    const options = await call(base, '/api/sign-in/passkey/options', { body: { pendingToken } })
    expect(options.json.allowCredentials.map((credential: { id: string }) => credential.id)).toEqual([authenticator.credentialId])
    const second = await call(base, '/api/sign-in/second-factor', { body: { pendingToken, passkey: authenticator.authenticate(options.json) } })
    expect(second.status).toBe(200)
  })

  it('refuses a challenge used twice, a challenge never issued, and an assertion from another origin', async () => {
    const base = await startApp()
    const { authenticator } = await withPasskey(base)
    const options = await call(base, '/api/sign-in/passkey/options', { body: {} })
    expect((await call(base, '/api/sign-in/passkey', { body: { passkey: authenticator.authenticate(options.json) } })).status).toBe(200)
    const replayed = await call(base, '/api/sign-in/passkey', { body: { passkey: authenticator.authenticate(options.json) } })
    expect(replayed.status).toBe(401)
    const invented = await call(base, '/api/sign-in/passkey', { body: { passkey: authenticator.authenticate({ challenge: 'bm90LWEtcmVhbC1jaGFsbGVuZ2U' }) } })
    expect(invented.status).toBe(401)
    const fresh = await call(base, '/api/sign-in/passkey/options', { body: {} })
    const phished = await call(base, '/api/sign-in/passkey', { body: { passkey: authenticator.authenticate(fresh.json, { origin: 'https://newsroom-login.example' }) } })
    expect(phished.status).toBe(401)
  })

  it('refuses an expired challenge', async () => {
    const base = await startApp()
    const { authenticator } = await withPasskey(base)
    const options = await call(base, '/api/sign-in/passkey/options', { body: {} })
    // The challenge's expiry, moved into the past as time would move it.
    await ctx.payload.db.drizzle.execute(`UPDATE payload_kv SET data = jsonb_set(data::jsonb, '{expiresAt}', '0') WHERE key LIKE 'second-factor:challenge:%'` as never)
    const late = await call(base, '/api/sign-in/passkey', { body: { passkey: authenticator.authenticate(options.json) } })
    expect(late.status).toBe(401)
  })

  it('refuses a passkey answer that is not one (wrong types, huge, nested) with a 4xx', async () => {
    const base = await startApp()
    for (const passkey of [null, 'passkey', 42, [], { id: 1 }, { id: 'x', response: { userHandle: 'MQ', clientDataJSON: 'x'.repeat(5000) } }]) {
      const answer = await call(base, '/api/sign-in/passkey', { body: { passkey } })
      expect([400, 401]).toContain(answer.status)
      expect(answer.json.errors[0].message).toEqual(expect.any(String))
    }
  })
})

describe('the enrolment-only state', () => {
  it('lets an editor who must enrol reach only enrolment: REST, GraphQL and admin routes answer 403 saying to enrol', async () => {
    const base = await startApp()
    const user = await createUser(ctx.payload, 'editor')
    const { json } = await passwordSignIn(base, user.email)
    const token = json.token as string
    for (const [path, options] of [
      ['/api/articles?draft=true', { method: 'GET' }],
      ['/api/users', { method: 'GET' }],
      ['/api/graphql', { body: { query: '{ Articles { totalDocs } }' } }],
      ['/api/globals/site-settings', { method: 'GET' }],
      ['/admin', { method: 'POST', headers: { 'next-action': 'abc' }, body: {} }],
      ['/admin/collections/articles', { method: 'POST', headers: { 'next-action': 'abc' }, body: [] }],
    ] as const) {
      const answer = await call(base, path, { token, ...options })
      expect({ path, status: answer.status }).toEqual({ path, status: 403 })
      expect(answer.json.errors[0].message).toBe(ENROL_FIRST_MESSAGE)
    }
    // Opening an admin page (a page load or the admin's own client-side navigation) lands on the enrolment screen.
    for (const [path, accept] of [['/admin', 'text/html'], ['/admin/collections/articles', 'text/x-component']]) {
      const page = await fetch(`${base}${path}`, { headers: { authorization: `JWT ${token}`, accept }, redirect: 'manual' })
      expect({ path, status: page.status, location: page.headers.get('location') }).toEqual({ path, status: 303, location: '/enrol' })
    }
    expect((await call(base, '/api/users/me', { method: 'GET', token })).status).toBe(200)
    expect((await call(base, '/api/second-factor', { method: 'GET', token })).status).toBe(200)
    expect((await fetch(`${base}/enrol`)).status).toBe(200)
  })

  it('opens everything once the editor has enrolled, and exempts writers unless the site setting says otherwise', async () => {
    const base = await startApp()
    const { token } = await enrolledWithAuthenticator(base, 'editor')
    expect((await call(base, '/api/articles?limit=1', { method: 'GET', token })).status).toBe(200)

    const writer = await createUser(ctx.payload, 'writer')
    const writerToken = (await passwordSignIn(base, writer.email)).json.token as string
    expect((await call(base, '/api/articles?limit=1', { method: 'GET', token: writerToken })).status).toBe(200)
    await ctx.payload.updateGlobal({ slug: 'site-settings', data: { writersMustEnrol: true }, overrideAccess: true })
    try {
      expect((await call(base, '/api/articles?limit=1', { method: 'GET', token: writerToken })).status).toBe(403)
    } finally {
      await ctx.payload.updateGlobal({ slug: 'site-settings', data: { writersMustEnrol: false }, overrideAccess: true })
    }
  })

  it('leaves admins and editors free where two-factor sign-in is not required (development), and API keys always', async () => {
    const base = await startApp({ isSecondFactorRequired: false })
    const user = await createUser(ctx.payload, 'admin')
    const { json } = await passwordSignIn(base, user.email)
    expect((await call(base, '/api/users?limit=1', { method: 'GET', token: json.token })).status).toBe(200)
    const required = await startApp()
    const machine = await apiKeyCaller(ctx.payload, await createUser(ctx.payload, 'api'))
    const answer = await fetch(`${required}/api/articles?limit=1`, { headers: machine.headers })
    expect(answer.status).toBe(200)
  })
})

describe('the audit log of two-factor sign-in', () => {
  const eventsOf = async (userId: number | string) =>
    (
      await ctx.payload.find({ collection: 'audit-events', where: { actor: { equals: userId } }, sort: 'createdAt', depth: 0, limit: 50, overrideAccess: true })
    ).docs.map((event) => ({ action: event.action, address: event.address, method: (event.details as { method?: string } | null)?.method }))

  it('records the enrolment, a wrong code and the sign-in with its method and address, and no failure for the right password', async () => {
    const base = await startApp()
    const { user, secret } = await enrolledWithAuthenticator(base)
    const address = newAddress()
    const pending = await passwordSignIn(base, user.email, address)
    expect(pending.status).toBe(401)
    const wrong = await call(base, '/api/sign-in/second-factor', { address, body: { pendingToken: pendingTokenOf(pending), code: '000000' === currentCode(secret) ? '111111' : '000000' } })
    expect(wrong.status).toBe(401)
    const again = await passwordSignIn(base, user.email, address)
    const right = await call(base, '/api/sign-in/second-factor', { address, body: { pendingToken: pendingTokenOf(again), code: nextCode(secret) } })
    expect(right.status).toBe(200)

    const events = await eventsOf(user.id)
    expect(events.filter((event) => event.address === address)).toEqual([
      { action: 'sign-in.second-factor-failed', address, method: 'authenticator' },
      { action: 'sign-in.succeeded', address, method: 'authenticator' },
    ])
    expect(events.map((event) => event.action)).toContain('second-factor.enrolled')
  })

  it('lists a session started by the second factor with its device and address, as a password sign-in’s', async () => {
    const base = await startApp()
    const { user, secret } = await enrolledWithAuthenticator(base)
    const address = newAddress()
    const pending = await passwordSignIn(base, user.email, address)
    const signedIn = await call(base, '/api/sign-in/second-factor', {
      address,
      headers: { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15' },
      body: { pendingToken: pendingTokenOf(pending), code: nextCode(secret) },
    })
    expect(signedIn.status).toBe(200)
    const listed = await call(base, '/api/users/sessions', { method: 'GET', token: signedIn.json.token, address })
    expect(listed.status).toBe(200)
    const current = listed.json.sessions.find((session: { isCurrent: boolean }) => session.isCurrent)
    expect(current).toMatchObject({ address })
    expect(current.device).toMatch(/Safari/)
  })
})
