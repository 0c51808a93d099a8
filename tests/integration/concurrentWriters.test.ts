// Many writers at once: every acknowledged story is stored, whole, by its author; nothing deadlocks.
import { callerFor, rest, type Caller } from '../helpers/http'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser } from '../helpers/users'

const WRITERS = 50

let ctx: TestServer
let writers: { id: number; caller: Caller }[]

beforeAll(async () => {
  ctx = await startTestServer()
  writers = []
  for (let index = 0; index < WRITERS; index += 1) {
    const user = await createUser(ctx.payload, 'writer', `Concurrent writer ${index}`)
    writers.push({ id: user.id, caller: await callerFor(ctx.baseUrl, user) })
  }
}, 180_000)

afterAll(async () => {
  await ctx?.close()
})

it(`stores every story from ${WRITERS} writers creating at once, then every edit they make at once`, async () => {
  const created = await Promise.all(
    writers.map(({ caller }, index) =>
      rest(ctx.baseUrl, caller, 'POST', '/api/articles?draft=true', { title: `Story ${index} by writer ${index}`, dek: `First draft ${index}` }),
    ),
  )
  expect(created.map((result) => result.status)).toEqual(Array(WRITERS).fill(201))

  const ids = created.map((result) => result.body.doc.id as number)
  const edited = await Promise.all(
    writers.map(({ caller }, index) =>
      rest(ctx.baseUrl, caller, 'PATCH', `/api/articles/${ids[index]}?draft=true`, { dek: `Second draft ${index}` }, { 'x-expected-updated-at': created[index].body.doc.updatedAt }),
    ),
  )
  expect(edited.map((result) => result.status)).toEqual(Array(WRITERS).fill(200))

  const stored = await ctx.payload.find({ collection: 'articles', where: { id: { in: ids } }, draft: true, limit: WRITERS, depth: 0, overrideAccess: true })
  expect(stored.totalDocs).toBe(WRITERS)
  for (const story of stored.docs) {
    const index = ids.indexOf(story.id)
    expect(story.title).toBe(`Story ${index} by writer ${index}`)
    expect(story.dek).toBe(`Second draft ${index}`)
    expect(story.authors).toEqual([writers[index].id])
  }
})

it('lets only one of many editors who read the same version save, and deadlocks on nothing', async () => {
  const story = await ctx.payload.create({ collection: 'articles', data: { title: 'Everyone edits this one' }, overrideAccess: true })
  const editors = await Promise.all(Array.from({ length: 10 }, (_, index) => createUser(ctx.payload, 'editor', `Racing editor ${index}`)))
  const callers = await Promise.all(editors.map((editor) => callerFor(ctx.baseUrl, editor)))
  const results = await Promise.all(
    callers.map((caller, index) => rest(ctx.baseUrl, caller, 'PATCH', `/api/articles/${story.id}?draft=true`, { dek: `Editor ${index}` }, { 'x-expected-updated-at': story.updatedAt })),
  )
  const statuses = results.map((result) => result.status)
  expect(statuses.filter((status) => status === 200)).toHaveLength(1)
  expect(statuses.filter((status) => status === 409)).toHaveLength(callers.length - 1)
  const winner = statuses.indexOf(200)
  const stored = await ctx.payload.findByID({ collection: 'articles', id: story.id, draft: true, overrideAccess: true })
  expect(stored.dek).toBe(`Editor ${winner}`)
})
