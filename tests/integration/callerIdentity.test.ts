// Callers are classified by the identity their credentials prove, never by a header's presence: a junk cookie or
// token is anonymous for the rate limit and the query caps, on REST and GraphQL alike.

import { apiKeyCaller, callerFor, graphql, rest, type Caller } from '../helpers/http'
import { listenApp, startTestPayload, type ListeningApp, type TestContext } from '../helpers/testPayload'
import { verifiedUser } from '../../src/access/requestIdentity'
import { createUser } from '../helpers/users'

let ctx: TestContext
let base: string
let limitedBase: string
let editor: Caller
const servers: ListeningApp[] = []

async function startApp(apiRateLimit?: { limit: number; windowSeconds: number }): Promise<string> {
  const started = await listenApp(ctx, { apiRateLimit })
  servers.push(started)
  return started.baseUrl
}

beforeAll(async () => {
  ctx = await startTestPayload()
  base = await startApp()
  limitedBase = await startApp({ limit: 3, windowSeconds: 60 })
  editor = await callerFor(base, await createUser(ctx.payload, 'editor'))
})

afterAll(async () => {
  for (const { stop } of servers) await stop()
  await ctx?.close()
})

const JUNK: Record<string, Record<string, string>> = {
  'a junk session cookie': { cookie: 'payload-token=x' },
  'a junk bearer token': { authorization: 'Bearer x' },
  'a junk JWT': { authorization: 'JWT eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' },
  'a session cookie beside other cookies': { cookie: 'theme=dark; payload-token=not-a-token; lang=en' },
}

let addressCounter = 0
const newAddress = () => `203.0.113.${++addressCounter}`

describe('REST reads with a credential that proves nothing', () => {
  for (const [label, headers] of Object.entries(JUNK)) {
    it(`get the anonymous caps with ${label}`, async () => {
      const caller = { name: label, headers }
      const everything = await rest(base, caller, 'GET', '/api/articles?limit=0&depth=10')
      expect(everything.status).toBe(400)
      expect(everything.body.errors[0].message).toMatch(/depth must be a whole number from 0 to 3/)
      expect((await rest(base, caller, 'GET', '/api/articles?limit=0')).status).toBe(400)
      expect((await rest(base, caller, 'GET', '/api/articles?draft=true')).status).toBe(401)
    })
  }

  it('are counted by the anonymous rate limit, whatever junk each one carries', async () => {
    const address = newAddress()
    const statuses: number[] = []
    for (let n = 0; n < 4; n += 1) {
      const response = await rest(limitedBase, { name: 'junk', headers: { cookie: `payload-token=junk-${n}` } }, 'GET', '/api/articles?limit=5', undefined, { 'x-forwarded-for': address })
      statuses.push(response.status)
    }
    expect(statuses).toEqual([200, 200, 200, 429])
  })

  it('are still never served as shared, public responses', async () => {
    const response = await rest(base, { name: 'junk', headers: JUNK['a junk session cookie'] }, 'GET', '/api/articles?limit=5')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('private, no-store')
  })

  it('leave a signed-in editor uncapped and unlimited', async () => {
    expect((await rest(base, editor, 'GET', '/api/articles?limit=0&depth=5')).status).toBe(200)
    const address = newAddress()
    for (let n = 0; n < 5; n += 1) {
      expect((await rest(limitedBase, editor, 'GET', '/api/articles?limit=5', undefined, { 'x-forwarded-for': address })).status).toBe(200)
    }
  })
})

describe('GraphQL reads', () => {
  const anonymous = { name: 'anonymous', headers: {} }
  const junk = { name: 'junk', headers: JUNK['a junk session cookie'] }

  for (const caller of [anonymous, junk]) {
    it(`refuse REST’s out-of-bounds values for ${caller.name} callers, literal or in variables`, async () => {
      const literal = await graphql(base, caller, '{ Articles(limit: 0) { docs { id } } }')
      expect(literal.status).toBe(400)
      expect(literal.body.errors[0].message).toMatch(/limit must be a whole number from 1 to 100/)
      expect((await graphql(base, caller, 'query ($limit: Int) { Articles(limit: $limit) { docs { id } } }', { limit: 0 })).status).toBe(400)
      expect((await graphql(base, caller, '{ Articles(limit: 101) { totalDocs } }')).status).toBe(400)
      expect((await graphql(base, caller, '{ Articles(page: 0) { totalDocs } }')).status).toBe(400)
      expect((await graphql(base, caller, '{ Articles(pagination: false) { totalDocs } }')).status).toBe(400)
      expect((await graphql(base, caller, '{ Articles(draft: true) { totalDocs } }')).status).toBe(401)
      expect((await graphql(base, caller, '{ Articles(limit: 5) { totalDocs } }')).status).toBe(200)
    })
  }

  it('refuse anonymous queries nested deeper than the cap, also through fragments and their cycles', async () => {
    const deep = '{ Articles { docs { heroImage { credit { courtesyOf { name } } } } } }'
    expect((await graphql(base, anonymous, deep)).status).toBe(200)
    // A photo's stories, their photos, their stories…: twelve levels.
    const tooDeep = `{ Articles { docs { ${'heroImage { usedIn { docs { '.repeat(3)}id${' } } }'.repeat(3)} } } }`
    const refused = await graphql(base, anonymous, tooDeep)
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toMatch(/more than 10 levels deep/)
    const cycle = await graphql(base, anonymous, '{ Articles { docs { ...A } } } fragment A on Article { id ...B } fragment B on Article { id ...A }')
    expect(cycle.status).toBe(400)
    // Introspection is not a read of content; tools ask for deep type references.
    const introspection = await graphql(base, anonymous, '{ __schema { types { name fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }')
    expect(introspection.status).toBe(200)
  })

  it('refuse a document too long or malformed to read, rather than let Payload run it unread', async () => {
    // Five aliased sign-ins behind more tokens than the reader takes: refused, not run.
    const padding = Array.from({ length: 7000 }, (_, n) => `f${n}: __typename`).join(' ')
    const logins = [1, 2, 3, 4, 5].map((n) => `l${n}: loginUser(email: "nobody@newsroom.test", password: "x") { token }`).join(' ')
    const huge = await graphql(base, anonymous, `mutation { ${padding} ${logins} }`)
    expect(huge.status).toBe(400)
    expect(huge.body.errors[0].message).toMatch(/could not be read .*tokens/i)
    const broken = await graphql(base, anonymous, '{ Articles(limit: ) { totalDocs }')
    expect(broken.status).toBe(400)
    expect(broken.body.errors[0].message).toMatch(/could not be read \(Syntax Error/)
  })

  it('let a signed-in editor ask for everything', async () => {
    const everything = await graphql(base, editor, '{ Articles(limit: 0, draft: true) { totalDocs } }')
    expect(everything.status).toBe(200)
    expect(everything.body.errors).toBeUndefined()
  })

  it('are counted by the anonymous rate limit, as REST reads are', async () => {
    const address = newAddress()
    const statuses: number[] = []
    for (let n = 0; n < 4; n += 1) {
      statuses.push((await rest(limitedBase, junk, 'POST', '/api/graphql', { query: '{ Articles(limit: 1) { totalDocs } }' }, { 'x-forwarded-for': address })).status)
    }
    expect(statuses).toEqual([200, 200, 200, 429])
  })
})

describe('a credential checked across a database restart', () => {
  it('is looked up again once the database answers, so a front end’s key is not refused as anonymous', async () => {
    // The database restart test met this race: the account lookup failed while PostgreSQL was down, Payload's
    // strategy swallowed the error and answered "nobody", and PostgreSQL was back by the time anything looked.
    const user = await createUser(ctx.payload, 'api')
    const caller = await apiKeyCaller(ctx.payload, user)
    const realFind = ctx.payload.find.bind(ctx.payload)
    let failedLookups = 0
    ctx.payload.find = (async (args: Parameters<typeof realFind>[0]) => {
      if (args.collection === 'users' && failedLookups === 0) {
        failedLookups += 1
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' })
      }
      return realFind(args)
    }) as typeof ctx.payload.find
    try {
      const identified = await verifiedUser({ headers: caller.headers }, ctx.payload)
      expect(failedLookups).toBe(1)
      expect(identified?.id).toBe(user.id)
    } finally {
      ctx.payload.find = realFind
    }
  })

  it('still says "nobody" for a key no account holds', async () => {
    await expect(verifiedUser({ headers: { authorization: 'users API-Key 00000000-0000-0000-0000-000000000000' } }, ctx.payload)).resolves.toBeNull()
  })
})
