import { parse } from 'graphql'

import { publicGraphqlProblem, selectionDepth, signInFields } from '../../src/server/requestGuards/graphqlGuards'
import { verifiedUser } from '../../src/access/requestIdentity'
import { deviceCookieFor, trustedDeviceOf } from '../../src/signIn/signInDevice'
import { accountBackoffMs, accountKey, createSignInThrottle, type SignInLimits } from '../../src/signIn/signInThrottle'

const LIMITS: SignInLimits = { addressLimit: 4, windowMs: 15 * 60_000, accountFreeFailures: 3, backoffBaseMs: 1000, backoffMaxMs: 8000 }

function clock() {
  let now = 1_000_000
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

/** Makes one attempt and settles it; returns the refusal, if any. */
function attempt(throttle: ReturnType<typeof createSignInThrottle>, who: { address: string; account: string | null; trustedDevice?: string }, outcome: 'success' | 'failure' | 'not-counted' = 'failure') {
  const started = throttle.begin(who)
  if (started.refused) return started.refused
  started.settle(outcome)
  return null
}

describe('the account backoff', () => {
  it('starts after the free failures, doubles, and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 1000].map((failures) => accountBackoffMs(failures, LIMITS))).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000, 8000])
    expect(Number.isFinite(accountBackoffMs(Number.MAX_SAFE_INTEGER, { ...LIMITS, backoffMaxMs: Infinity }))).toBe(true)
  })

  it('refuses a stranger until the wait is over, without counting the refused attempts', () => {
    const time = clock()
    const throttle = createSignInThrottle(LIMITS, time.now)
    for (let n = 0; n < 3; n += 1) expect(attempt(throttle, { address: `10.0.0.${n}`, account: 'editor@x' })).toBeNull()
    const refused = attempt(throttle, { address: '10.0.0.9', account: 'editor@x' })
    expect(refused?.retryAfterSeconds).toBe(1)
    for (let n = 0; n < 50; n += 1) attempt(throttle, { address: '10.0.0.9', account: 'editor@x' })
    time.advance(1000)
    // Still the fourth failure's wait (2 s), not fifty more doublings.
    expect(attempt(throttle, { address: '10.0.0.9', account: 'editor@x' })).toBeNull()
    expect(attempt(throttle, { address: '10.0.0.10', account: 'editor@x' })?.retryAfterSeconds).toBe(2)
  })

  it('lets a known device through while strangers wait, until the device itself fails too often', () => {
    const time = clock()
    const throttle = createSignInThrottle(LIMITS, time.now)
    for (let n = 0; n < 3; n += 1) attempt(throttle, { address: `10.0.1.${n}`, account: 'editor@x' })
    expect(attempt(throttle, { address: '10.0.1.50', account: 'editor@x' })).not.toBeNull()
    expect(attempt(throttle, { address: '10.0.1.60', account: 'editor@x', trustedDevice: 'desk' }, 'success')).toBeNull()
    // The desk's success does not lift the strangers' wait.
    expect(attempt(throttle, { address: '10.0.1.50', account: 'editor@x' })).not.toBeNull()
    for (let n = 0; n < 3; n += 1) expect(attempt(throttle, { address: `10.0.2.${n}`, account: 'editor@x', trustedDevice: 'stolen' })).toBeNull()
    expect(attempt(throttle, { address: '10.0.2.9', account: 'editor@x', trustedDevice: 'stolen' })).not.toBeNull()
  })

  it('is ended by the right password from anywhere, and not started by server errors', () => {
    const time = clock()
    const throttle = createSignInThrottle(LIMITS, time.now)
    for (let n = 0; n < 3; n += 1) attempt(throttle, { address: `10.0.3.${n}`, account: 'writer@x' }, 'not-counted')
    expect(attempt(throttle, { address: '10.0.3.9', account: 'writer@x' })).toBeNull()
    for (let n = 0; n < 2; n += 1) attempt(throttle, { address: `10.0.4.${n}`, account: 'writer@x' })
    time.advance(1000)
    expect(attempt(throttle, { address: '10.0.4.9', account: 'writer@x' }, 'success')).toBeNull()
    expect(attempt(throttle, { address: '10.0.4.10', account: 'writer@x' })).toBeNull()
  })
})

describe('the address budget', () => {
  it('counts attempts when they start, so a burst cannot pass before the first one fails', () => {
    const throttle = createSignInThrottle(LIMITS, clock().now)
    const started = Array.from({ length: 10 }, (_, n) => throttle.begin({ address: '10.1.0.1', account: `user-${n}@x` }))
    expect(started.filter((one) => !one.refused)).toHaveLength(4)
  })

  it('gives successes back, and forgets after the window', () => {
    const time = clock()
    const throttle = createSignInThrottle(LIMITS, time.now)
    for (let n = 0; n < 10; n += 1) expect(attempt(throttle, { address: '10.1.0.2', account: `user-${n}@x` }, 'success')).toBeNull()
    for (let n = 0; n < 4; n += 1) attempt(throttle, { address: '10.1.0.2', account: null })
    expect(attempt(throttle, { address: '10.1.0.2', account: null })?.message).toMatch(/from this address/)
    time.advance(LIMITS.windowMs)
    expect(attempt(throttle, { address: '10.1.0.2', account: null })).toBeNull()
  })

  it('remembers a bounded number of addresses and accounts', () => {
    const throttle = createSignInThrottle({ ...LIMITS, maxEntries: 100 }, clock().now)
    for (let n = 0; n < 4; n += 1) attempt(throttle, { address: 'first', account: null })
    expect(attempt(throttle, { address: 'first', account: null })).not.toBeNull()
    for (let n = 0; n < 200; n += 1) attempt(throttle, { address: `flood-${n}`, account: `flood-${n}@x` })
    // The oldest entry was dropped rather than memory growing without end.
    expect(attempt(throttle, { address: 'first', account: null })).toBeNull()
  })
})

describe('account keys and device cookies', () => {
  it('compares e-mails as Payload does, and names no account for blanks or other types', () => {
    expect(accountKey('  Editor@Example.COM ')).toBe('editor@example.com')
    expect([accountKey(''), accountKey('   '), accountKey(['a@b']), accountKey({ $ne: null }), accountKey(undefined)]).toEqual([null, null, null, null, null])
  })

  it('trusts a device cookie only for its own account and only with a valid signature', () => {
    const cookie = deviceCookieFor({ account: 'editor@x', secret: 's3cret', isSecure: true }).split(';')[0]
    expect(cookie).toMatch(/^newsroom-signin-device=/)
    expect(trustedDeviceOf({ cookieHeader: `a=b; ${cookie}`, account: 'editor@x', secret: 's3cret' })).toEqual(expect.any(String))
    expect(trustedDeviceOf({ cookieHeader: cookie, account: 'writer@x', secret: 's3cret' })).toBeNull()
    expect(trustedDeviceOf({ cookieHeader: cookie, account: 'editor@x', secret: 'another' })).toBeNull()
    expect(trustedDeviceOf({ cookieHeader: `${cookie.slice(0, -2)}xx`, account: 'editor@x', secret: 's3cret' })).toBeNull()
    expect(trustedDeviceOf({ cookieHeader: 'newsroom-signin-device=garbage', account: 'editor@x', secret: 's3cret' })).toBeNull()
  })
})

describe('reading a GraphQL document', () => {
  it('finds every sign-in mutation: aliases, fragments, other operations, variables', () => {
    const document = parse(`
      mutation A($e: String!) { one: loginUser(email: $e, password: "x") { token } ...More }
      mutation B { resetPasswordUser(token: "t", password: "p") { token } }
      fragment More on Mutation { two: loginUser(email: "b@x", password: "y") { token } }`)
    const fields = signInFields(document, { e: 'a@x' })
    expect(fields.map((field) => [field.name, field.responseKey, field.args.email])).toEqual([
      ['loginUser', 'one', 'a@x'],
      ['resetPasswordUser', 'resetPasswordUser', undefined],
      ['loginUser', 'two', 'b@x'],
    ])
  })

  it('measures nesting through fragments, skips introspection, and calls a fragment cycle too deep', () => {
    expect(selectionDepth(parse('{ a { b { c } } }'))).toBe(3)
    expect(selectionDepth(parse('{ a { ...F } } fragment F on T { b { c { d } } }'))).toBe(4)
    expect(selectionDepth(parse('{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }'))).toBe(0)
    expect(selectionDepth(parse('{ a { ...F } } fragment F on T { b { ...F } }'))).toBeGreaterThan(10)
  })

  it('refuses what REST refuses anonymous callers, wherever the argument sits', () => {
    const problem = (query: string, variables = {}) => publicGraphqlProblem(parse(query), variables)?.status ?? null
    expect(problem('{ Articles(limit: 0) { totalDocs } }')).toBe(400)
    expect(problem('query ($l: Int) { Articles(limit: $l) { totalDocs } }', { l: 0 })).toBe(400)
    expect(problem('{ Media(id: 1) { usedIn(limit: 0) { totalDocs } } }')).toBe(400)
    expect(problem('{ Articles(limit: 2.5) { totalDocs } }')).toBe(400)
    expect(problem('{ Articles(page: -1) { totalDocs } }')).toBe(400)
    expect(problem('{ Articles(pagination: false) { totalDocs } }')).toBe(400)
    expect(problem('{ Articles(draft: true) { totalDocs } }')).toBe(401)
    expect(problem('{ Articles(limit: 100, page: 3, draft: false) { totalDocs } }')).toBeNull()
    expect(problem('query ($l: Int) { Articles(limit: $l) { totalDocs } }')).toBeNull()
  })
})

describe('verified identity', () => {
  it('costs nothing for a request without credential headers: no auth strategy runs', async () => {
    // A payload whose strategies would throw: only reached if verification ran.
    const payload = new Proxy({}, { get: () => { throw new Error('verification ran') } }) as never
    await expect(verifiedUser({ headers: { accept: 'application/json', cookie: 'theme=dark' } }, payload)).resolves.toBeNull()
  })
})
