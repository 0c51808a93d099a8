// Two editors on one story: a write based on a stale read is refused with a 409, never silently lost.
import { rest, signedInCallerOfThisFile, type Caller } from '../helpers/http'
import { testServerOfThisFile } from '../helpers/testPayload'

const ctx = testServerOfThisFile()
const alice = signedInCallerOfThisFile(ctx, 'editor', 'Alice')
const bob = signedInCallerOfThisFile(ctx, 'editor', 'Bob')

const newStory = async () => (await ctx.payload.create({ collection: 'articles', data: { title: `Contested story ${Date.now()} ${Math.random()}`, dek: 'Original' }, overrideAccess: true })).id
const readDraft = async (caller: Caller, id: number) => (await rest(ctx.baseUrl, caller, 'GET', `/api/articles/${id}?draft=true&depth=0`)).body
const save = (caller: Caller, id: number, data: Record<string, unknown>, expected?: string) =>
  rest(ctx.baseUrl, caller, 'PATCH', `/api/articles/${id}?draft=true`, data, expected ? { 'x-expected-updated-at': expected } : {})

describe('optimistic concurrency on stories', () => {
  it('refuses the second of two editors who opened the same version, with a 409 that says why', async () => {
    const id = await newStory()
    const aliceRead = await readDraft(alice, id)
    const bobRead = await readDraft(bob, id)
    expect((await save(alice, id, { dek: 'Alice’s dek' }, aliceRead.updatedAt)).status).toBe(200)
    const stale = await save(bob, id, { dek: 'Bob’s dek' }, bobRead.updatedAt)
    expect(stale.status).toBe(409)
    expect(stale.body.errors[0].message).toMatch(/^Someone else changed this story since you opened it/)
    expect((await readDraft(alice, id)).dek).toBe('Alice’s dek')

    // Bob reloads and saves again: now it goes through.
    const fresh = await readDraft(bob, id)
    expect((await save(bob, id, { dek: 'Bob’s dek, after reading Alice’s' }, fresh.updatedAt)).status).toBe(200)
  })

  it('accepts the expected version in the body too (`expectedUpdatedAt`), and answers with the next one', async () => {
    const id = await newStory()
    const read = await readDraft(alice, id)
    const saved = await save(alice, id, { dek: 'Via the body', expectedUpdatedAt: read.updatedAt })
    expect(saved.status).toBe(200)
    expect(saved.body.doc.expectedUpdatedAt).toBe(saved.body.doc.updatedAt)
    expect(saved.body.doc.updatedAt).not.toBe(read.updatedAt)
    expect((await save(bob, id, { dek: 'Stale', expectedUpdatedAt: read.updatedAt })).status).toBe(409)
  })

  it('lets exactly one of two racing writers win, whatever the timing', async () => {
    for (let round = 0; round < 5; round += 1) {
      const id = await newStory()
      const { updatedAt } = await readDraft(alice, id)
      const results = await Promise.all([save(alice, id, { dek: `Alice ${round}` }, updatedAt), save(bob, id, { dek: `Bob ${round}` }, updatedAt)])
      expect(results.map((result) => result.status).sort()).toEqual([200, 409])
      const winner = results[0].status === 200 ? `Alice ${round}` : `Bob ${round}`
      expect((await readDraft(alice, id)).dek).toBe(winner)
    }
  })

  it('leaves writes that send no version alone (the admin’s autosave): last write wins', async () => {
    const id = await newStory()
    expect((await save(alice, id, { dek: 'Autosave 1' })).status).toBe(200)
    expect((await save(bob, id, { dek: 'Autosave 2' })).status).toBe(200)
  })

  it('answers a version that is not a time with a 400', async () => {
    const id = await newStory()
    expect((await save(alice, id, { dek: 'x' }, 'yesterday-ish')).status).toBe(400)
  })
})
