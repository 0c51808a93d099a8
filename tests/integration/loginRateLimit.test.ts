// Every sign-in path (REST and GraphQL login, forgot-password, reset-password) meets one limiter: a budget per
// client address, and per account a growing wait instead of a lock, which spares browsers that signed in before.

import type { SignInLimits } from '../../src/signIn/signInThrottle'
import { capturedEmails } from '../../src/server/emailAdapter'
import { listenApp, startTestPayload, type ListeningApp, type TestContext } from '../helpers/testPayload'
import { createUser, TEST_PASSWORD } from '../helpers/users'

let ctx: TestContext
const servers: ListeningApp[] = []

beforeAll(async () => {
  ctx = await startTestPayload()
})

afterAll(async () => {
  for (const { stop } of servers) await stop()
  await ctx?.close()
})

/** The real app with its own limiter (each test starts with a clean count). */
async function startApp(signInLimits: Partial<SignInLimits> = {}): Promise<string> {
  const started = await listenApp(ctx, { signInLimits })
  servers.push(started)
  return started.baseUrl
}

let addressCounter = 0
/** A fresh client address (the app trusts X-Forwarded-For from loopback, as from a reverse proxy). */
const newAddress = () => `198.18.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`

type Client = { address: string; cookie?: string }

/** An app that allows four sign-in attempts per address (and many per account), an editor, and a fresh address. */
async function addressBudgetOfFour() {
  const base = await startApp({ addressLimit: 4, accountFreeFailures: 100 })
  return { base, editor: await createUser(ctx.payload, 'editor'), attacker: { address: newAddress() } as Client }
}

const post = (base: string, client: Client, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': client.address,
      ...(client.cookie ? { cookie: client.cookie } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const restLogin = (base: string, client: Client, email: string, password: string) => post(base, client, '/api/users/login', { email, password })

const gqlLogin = (base: string, client: Client, email: string, password: string) =>
  post(base, client, '/api/graphql', {
    query: 'mutation ($email: String!, $password: String) { loginUser(email: $email, password: $password) { token } }',
    variables: { email, password },
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The device cookie a successful sign-in leaves, as the browser would send it back. */
const deviceCookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .find((cookie) => cookie.startsWith('newsroom-signin-device='))

describe('one attempt per request', () => {
  it('refuses a GraphQL request with five aliased loginUser attempts, and the editor can still sign in', async () => {
    const base = await startApp()
    const editor = await createUser(ctx.payload, 'editor')
    const aliases = [1, 2, 3, 4, 5].map((n) => `a${n}: loginUser(email: "${editor.email}", password: "guess-${n}") { token }`).join('\n')

    const response = await post(base, { address: newAddress() }, '/api/graphql', { query: `mutation { ${aliases} }` })
    expect(response.status).toBe(400)
    expect((await response.json()).errors[0].message).toMatch(/one sign-in attempt; this one has 5/)

    expect((await restLogin(base, { address: newAddress() }, editor.email, TEST_PASSWORD)).status).toBe(200)
  })

  it('counts sign-in mutations hidden in fragments, given as variables, or mixed with other kinds', async () => {
    const base = await startApp()
    const editor = await createUser(ctx.payload, 'editor')
    const client = { address: newAddress() }
    const inFragments = await post(base, client, '/api/graphql', {
      query: `mutation { ...Guesses } fragment Guesses on Mutation { a: loginUser(email: $e, password: "x") { token } b: loginUser(email: $e, password: "y") { token } }`,
      variables: { e: editor.email },
    })
    expect(inFragments.status).toBe(400)
    const mixed = await post(base, client, '/api/graphql', {
      query: `mutation { loginUser(email: "${editor.email}", password: "x") { token } forgotPasswordUser(email: "${editor.email}") }`,
    })
    expect(mixed.status).toBe(400)
    const twoOperations = await post(base, client, '/api/graphql', {
      query: `mutation A { loginUser(email: "${editor.email}", password: "x") { token } } mutation B { loginUser(email: "${editor.email}", password: "y") { token } }`,
      operationName: 'A',
    })
    expect(twoOperations.status).toBe(400)
  })
})

describe('the per-address budget', () => {
  it('is shared by REST and GraphQL sign-ins: two failures of each, and the fifth attempt of either kind is a 429', async () => {
    const { base, editor, attacker } = await addressBudgetOfFour()

    expect((await restLogin(base, attacker, editor.email, 'wrong-1')).status).toBe(401)
    expect((await restLogin(base, attacker, editor.email, 'wrong-2')).status).toBe(401)
    const graphqlFailure = await gqlLogin(base, attacker, editor.email, 'wrong-3')
    expect((await graphqlFailure.json()).errors[0].message).toMatch(/incorrect/i)
    await gqlLogin(base, attacker, editor.email, 'wrong-4')

    const viaGraphql = await gqlLogin(base, attacker, editor.email, TEST_PASSWORD)
    expect(viaGraphql.status).toBe(429)
    expect(Number(viaGraphql.headers.get('retry-after'))).toBeGreaterThan(0)
    const viaRest = await restLogin(base, attacker, editor.email, TEST_PASSWORD)
    expect(viaRest.status).toBe(429)
    expect((await viaRest.json()).errors[0].message).toMatch(/Too many failed sign-in attempts from this address/)

    // Someone else, elsewhere, is not affected.
    expect((await gqlLogin(base, { address: newAddress() }, editor.email, TEST_PASSWORD)).status).toBe(200)
  })

  it('counts bad reset tokens and forgot-password requests too', async () => {
    const { base, editor, attacker } = await addressBudgetOfFour()
    expect((await post(base, attacker, '/api/users/reset-password', { token: 'guess-1', password: 'a-new-password-1' })).status).toBe(403)
    const graphqlReset = await post(base, attacker, '/api/graphql', { query: 'mutation { resetPasswordUser(token: "guess-2", password: "a-new-password-2") { token } }' })
    expect((await graphqlReset.json()).errors).toBeDefined()
    expect((await post(base, attacker, '/api/users/forgot-password', { email: editor.email })).status).toBe(200)
    expect((await post(base, attacker, '/api/graphql', { query: `mutation { forgotPasswordUser(email: "${editor.email}") }` })).status).toBe(200)

    // A browser front end on an allowed origin can read the refusal (Payload's CORS headers, as on its own answers).
    const refused = await post(base, attacker, '/api/users/forgot-password', { email: editor.email }, { origin: 'http://localhost:3000' })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    expect((await restLogin(base, attacker, editor.email, TEST_PASSWORD)).status).toBe(429)
  })

  it('holds against attempts sent all at once', async () => {
    const { base, editor, attacker } = await addressBudgetOfFour()
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, n) => restLogin(base, attacker, editor.email, `wrong-${n}`).then((r) => r.status)))
    expect(statuses.filter((status) => status === 401)).toHaveLength(4)
    expect(statuses.filter((status) => status === 429)).toHaveLength(16)
  })
})

describe('failures against one account from many addresses', () => {
  it('slow further attempts with a growing wait (429 with Retry-After) but never lock the account', async () => {
    const base = await startApp({ addressLimit: 4, accountFreeFailures: 3, backoffBaseMs: 300, backoffMaxMs: 600 })
    const editor = await createUser(ctx.payload, 'editor')
    const refusals: Response[] = []
    for (let failures = 0; failures < 7; ) {
      const response = await restLogin(base, { address: newAddress() }, editor.email, `wrong-${failures}`)
      if (response.status === 429) {
        refusals.push(response)
        await sleep(Number(response.headers.get('retry-after')) * 1000)
        continue
      }
      expect(response.status).toBe(401)
      failures += 1
    }
    expect(refusals.length).toBeGreaterThan(0)
    expect((await refusals[0].json()).errors[0].message).toMatch(/for this account\. Wait \d+ seconds/)

    // Payload's own lock (5 failures) would answer 401 "locked" here; the wait is all there is.
    await sleep(700)
    expect((await restLogin(base, { address: newAddress() }, editor.email, TEST_PASSWORD)).status).toBe(200)
  })

  it('do not slow the editor’s own browser, which signed in before, while strangers wait', async () => {
    const base = await startApp({ addressLimit: 4, accountFreeFailures: 3, backoffBaseMs: 60_000, backoffMaxMs: 60_000 })
    const editor = await createUser(ctx.payload, 'editor')
    const desk = { address: newAddress(), cookie: undefined as string | undefined }
    const first = await restLogin(base, desk, editor.email, TEST_PASSWORD)
    expect(first.status).toBe(200)
    desk.cookie = deviceCookieOf(first)
    expect(desk.cookie).toBeDefined()

    for (let n = 0; n < 3; n += 1) expect((await gqlLogin(base, { address: newAddress() }, editor.email, `wrong-${n}`)).status).toBe(200)
    const stranger = await restLogin(base, { address: newAddress() }, editor.email, TEST_PASSWORD)
    expect(stranger.status).toBe(429)

    expect((await restLogin(base, desk, editor.email, TEST_PASSWORD)).status).toBe(200)
    const viaGraphql = await gqlLogin(base, desk, editor.email, TEST_PASSWORD)
    expect((await viaGraphql.json()).data.loginUser.token).toEqual(expect.any(String))
    // GraphQL's sign-in marks the browser as known too.
    expect(deviceCookieOf(viaGraphql)).toBeDefined()
    // The cookie speaks for its own account only, and a forged one for nobody.
    const writer = await createUser(ctx.payload, 'writer')
    for (let n = 0; n < 3; n += 1) await restLogin(base, { address: newAddress() }, writer.email, `wrong-${n}`)
    expect((await restLogin(base, desk, writer.email, TEST_PASSWORD)).status).toBe(429)
    const forged = `newsroom-signin-device=abc.${Buffer.from(editor.email).toString('base64url')}.forged-signature`
    expect((await restLogin(base, { address: desk.address, cookie: forged }, editor.email, TEST_PASSWORD)).status).toBe(429)
  })
})

describe('forgot-password', () => {
  const timeOf = async (request: () => Promise<Response>) => {
    const started = performance.now()
    const response = await request()
    await response.arrayBuffer()
    expect(response.status).toBe(200)
    return performance.now() - started
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

  it('answers as fast for an address with an account as for one without, and still sends the e-mail', async () => {
    const base = await startApp({ addressLimit: 1000 })
    const known: number[] = []
    const unknown: number[] = []
    const users = await Promise.all(Array.from({ length: 9 }, () => createUser(ctx.payload, 'writer')))
    const before = capturedEmails().length
    // Interleaved, so that anything else the machine does falls on both alike.
    for (const user of users) {
      known.push(await timeOf(() => post(base, { address: newAddress() }, '/api/users/forgot-password', { email: user.email })))
      unknown.push(await timeOf(() => post(base, { address: newAddress() }, '/api/users/forgot-password', { email: `nobody-${user.id}@newsroom.test` })))
    }
    // Before the work moved off the answer, an account's answer took several times as long (a lookup, a write, an e-mail).
    expect(median(known)).toBeLessThan(median(unknown) * 2 + 5)

    const sentTo = async () => capturedEmails().slice(before).map((message) => message.to)
    for (let waited = 0; (await sentTo()).length < users.length && waited < 10_000; waited += 50) await sleep(50)
    expect((await sentTo()).sort()).toEqual(users.map((user) => user.email).sort())
  })

  it('answers GraphQL’s forgotPasswordUser the same way, and refuses it mixed with other fields', async () => {
    const base = await startApp({ addressLimit: 1000 })
    const writer = await createUser(ctx.payload, 'writer')
    const before = capturedEmails().length
    const alone = await post(base, { address: newAddress() }, '/api/graphql', { query: `mutation { sent: forgotPasswordUser(email: "${writer.email}") }` }, { origin: 'http://localhost:3000' })
    expect(await alone.json()).toEqual({ data: { sent: true } })
    expect(alone.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    for (let waited = 0; capturedEmails().length === before && waited < 10_000; waited += 50) await sleep(50)
    expect(capturedEmails().slice(before).map((message) => message.to)).toEqual([writer.email])

    const mixed = await post(base, { address: newAddress() }, '/api/graphql', { query: `mutation { forgotPasswordUser(email: "${writer.email}") } query { Articles { totalDocs } }` })
    expect(mixed.status).toBe(400)
  })
})

describe('the admin’s own sign-in form (multipart with a `_payload` field)', () => {
  const formPost = (base: string, client: Client, path: string, fields: [string, string][]) => {
    const form = new FormData()
    for (const [name, value] of fields) form.append(name, value)
    return fetch(`${base}${path}`, { method: 'POST', headers: { 'x-forwarded-for': client.address }, body: form })
  }

  it('signs in, and its failures count like any others', async () => {
    const base = await startApp({ addressLimit: 4, accountFreeFailures: 100 })
    const editor = await createUser(ctx.payload, 'editor')
    const signedIn = await formPost(base, { address: newAddress() }, '/api/users/login', [['_payload', JSON.stringify({ email: editor.email, password: TEST_PASSWORD })]])
    expect(signedIn.status).toBe(200)
    expect(deviceCookieOf(signedIn)).toBeDefined()
    expect((await formPost(base, { address: newAddress() }, '/api/users/forgot-password', [['_payload', JSON.stringify({ email: editor.email })]])).status).toBe(200)

    const attacker = { address: newAddress() }
    for (let n = 0; n < 4; n += 1) {
      expect((await formPost(base, attacker, '/api/users/login', [['_payload', JSON.stringify({ email: editor.email, password: `wrong-${n}` })]])).status).toBe(401)
    }
    expect((await restLogin(base, attacker, editor.email, TEST_PASSWORD)).status).toBe(429)
  })

  it('refuses forms that could name one account to the limiter and another to Payload', async () => {
    const base = await startApp()
    const client = { address: newAddress() }
    const twoPayloads = await formPost(base, client, '/api/users/login', [
      ['_payload', JSON.stringify({ email: 'decoy@newsroom.test', password: 'x' })],
      ['_payload', JSON.stringify({ email: 'target@newsroom.test', password: 'x' })],
    ])
    expect(twoPayloads.status).toBe(400)
    expect((await twoPayloads.json()).errors[0].message).toMatch(/one `_payload` field/)
    expect((await formPost(base, client, '/api/users/login', [['_payload', '{"email": "a@b.test"'], ['email', 'b@c.test']])).status).toBe(400)
    expect((await formPost(base, client, '/api/users/login', [['_payload', '{not json']])).status).toBe(400)
    expect((await formPost(base, client, '/api/users/login', [['_payload', '["a@b.test"]']])).status).toBe(400)
    expect((await formPost(base, client, '/api/users/login', [['_payload', JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(70_000) })]])).status).toBe(413)
    const truncated = await fetch(`${base}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz', 'x-forwarded-for': client.address },
      body: '--xyz\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{"email":"a@b.test"',
    })
    expect(truncated.status).toBe(400)
  })
})

describe('hostile sign-in requests', () => {
  it('meet the same limiter under other spellings of the paths', async () => {
    const { base, editor, attacker } = await addressBudgetOfFour()
    expect((await post(base, attacker, '/api/users/login/', { email: editor.email, password: 'wrong-1' })).status).toBe(401)
    expect((await post(base, attacker, '/API/Users/Login', { email: editor.email, password: 'wrong-2' })).status).toBe(404)
    expect((await post(base, attacker, '/api/graphql/', { query: `mutation { loginUser(email: "${editor.email}", password: "wrong-3") { token } }` })).status).toBe(200)
    expect((await post(base, attacker, '/API/GRAPHQL', { query: `mutation { loginUser(email: "${editor.email}", password: "wrong-4") { token } }` })).status).toBe(200)
    expect((await restLogin(base, attacker, editor.email, TEST_PASSWORD)).status).toBe(429)
  })

  it('answer readable 400s, never 500s, for other encodings and wrong types', async () => {
    const base = await startApp()
    const client = { address: newAddress() }
    const form = await post(base, client, '/api/users/login', 'email=a%40b.test&password=x', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(form.status).toBe(400)
    expect((await form.json()).errors[0].message).toMatch(/as a JSON object/)
    expect((await post(base, client, '/api/users/login', { email: ['a@b.test', 'c@d.test'], password: 'x' })).status).toBe(400)
    expect((await post(base, client, '/api/users/forgot-password', { email: { $ne: null } })).status).toBe(400)
    expect((await post(base, client, '/api/users/forgot-password', { email: '   ' })).status).toBe(400)
    expect((await post(base, client, '/api/users/login', '')).status).toBe(400)
    const graphqlNoEmail = await post(base, client, '/api/graphql', { query: 'mutation { forgotPasswordUser(email: "") }' })
    expect(graphqlNoEmail.status).toBe(400)
  })
})
