// The kept count of public stories (src/publicApi/publicStoryCount.ts) against a real COUNT and Payload's own
// answer, after every kind of write: through Payload (create, publish, unpublish, trash, restore, delete, a
// scheduled publication, a licence that ends) and in SQL (every move between states, rolled-back transactions and
// savepoints, several rows at once, two transactions publishing in opposite orders or at once, a truncate), and that a
// statement over many stories updates the count's row once, not once per story.
import type pg from 'pg'

import { databasePool } from '../../src/db/closePayload'
import { PUBLICLY_VISIBLE } from '../../src/publicApi/publicStoriesIndex'
import { findPublishedSummaries } from '../../src/publicApi/storySummaries'
import { creditedStory } from '../helpers/contentApiFixtures'
import { approveStory, deskEditor, publishStory, unpublishStory } from '../helpers/stories'
import { testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()
const pool = () => databasePool(ctx.payload)

async function counts() {
  const one = async (statement: string) => (await pool().query<{ n: number }>(statement)).rows[0].n
  const summaries = await findPublishedSummaries(ctx.payload, { limit: 1, page: 1, orderBy: 'created_at desc' })
  return {
    kept: await one('select n from public_story_count where id = 1'),
    real: await one(`select count(*)::int as n from articles where ${PUBLICLY_VISIBLE}`),
    summaries: summaries.totalDocs,
    // What an anonymous reader's list says (no user: the access rule's published stories, the trash left out).
    payloads: (await ctx.payload.count({ collection: 'articles', overrideAccess: false })).totalDocs,
  }
}

async function expectCountsAgree(step: string) {
  const found = await counts()
  expect({ step, ...found }).toEqual({ step, kept: found.real, real: found.real, summaries: found.real, payloads: found.real })
}

const draftStory = (title: string) => ctx.payload.create({ collection: 'articles', data: { title }, draft: true, overrideAccess: true })

describe('the kept count of public stories', () => {
  it('equals a real count and Payload’s answer after each write through Payload', async () => {
    await expectCountsAgree('at the start')
    const first = await draftStory('Counted draft')
    await expectCountsAgree('a draft created')
    await publishStory(ctx.payload, first.id)
    await expectCountsAgree('published')
    await ctx.payload.update({ collection: 'articles', id: first.id, data: { dek: 'Edited while live' }, overrideAccess: true })
    await expectCountsAgree('a live story edited')
    await ctx.payload.update({ collection: 'articles', id: first.id, data: { dek: 'A draft over a live story' }, draft: true, overrideAccess: true })
    await expectCountsAgree('a draft saved over a live story')
    await unpublishStory(ctx.payload, first.id)
    await expectCountsAgree('unpublished')
    await publishStory(ctx.payload, first.id)
    await ctx.payload.update({ collection: 'articles', id: first.id, data: { deletedAt: new Date().toISOString() }, overrideAccess: true })
    await expectCountsAgree('a live story moved to the trash')
    await ctx.payload.update({ collection: 'articles', id: first.id, data: { deletedAt: null }, trash: true, overrideAccess: true })
    await expectCountsAgree('restored from the trash')
    const second = await draftStory('Counted second')
    await publishStory(ctx.payload, second.id)
    await expectCountsAgree('a second story published')
    await ctx.payload.delete({ collection: 'articles', id: second.id, overrideAccess: true })
    await expectCountsAgree('a live story deleted for good')
    await ctx.payload.delete({ collection: 'articles', id: first.id, trash: true, overrideAccess: true })
    await expectCountsAgree('the first deleted for good')
  })

  it('counts a scheduled publication when the job publishes, not before', async () => {
    const story = await draftStory('Counted on schedule')
    await approveStory(ctx.payload, story.id)
    const before = await counts()
    await ctx.payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'articles', value: story.id }, user: { relationTo: 'users', value: (await deskEditor(ctx.payload)).id } },
      waitUntil: new Date(Date.now() - 1000),
    })
    await expectCountsAgree('scheduled, not yet run')
    expect((await counts()).kept).toBe(before.kept)
    await ctx.payload.jobs.run()
    expect((await ctx.payload.findByID({ collection: 'articles', id: story.id, overrideAccess: true }))._status).toBe('published')
    await expectCountsAgree('published by the job')
    expect((await counts()).kept).toBe(before.kept + 1)
  })

  it('keeps a story counted when a licence of its photos ends (the photo is withheld, the story stays)', async () => {
    const { story, heroCredit } = await creditedStory(ctx.payload, { title: 'Counted with an ended licence' })
    await publishStory(ctx.payload, story.id)
    const before = await counts()
    // Ended behind the API's back (the API refuses a past end for a live credit), then the withdrawal job runs.
    await pool().query(`update photo_credits set license_expires_at = now() - interval '1 minute' where id = $1`, [heroCredit.id])
    await ctx.payload.jobs.queue({ task: 'withdrawExpiredImages', input: {}, queue: 'workflow' })
    await ctx.payload.jobs.run({ queue: 'workflow' })
    await expectCountsAgree('a licence ended and withdrawn')
    expect((await counts()).kept).toBe(before.kept)
  })

  describe('in SQL', () => {
    type State = 'absent' | 'draft' | 'published' | 'draft in the trash' | 'published in the trash'
    const STATES: State[] = ['absent', 'draft', 'published', 'draft in the trash', 'published in the trash']
    const columns = (state: State) => ({
      status: state.startsWith('published') ? 'published' : 'draft',
      deletedAt: state.endsWith('trash') ? new Date().toISOString() : null,
    })

    /** Puts the row into a state: deleted, inserted again from its snapshot, or updated. */
    async function putInto(client: pg.ClientBase | pg.Pool, { id, snapshot, from, to }: { id: number; snapshot: object; from: State; to: State }) {
      if (to === 'absent') return client.query('delete from articles where id = $1', [id])
      const { status, deletedAt } = columns(to)
      if (from === 'absent') {
        return client.query(
          `insert into articles select * from json_populate_record(null::articles, ($1::jsonb || jsonb_build_object('_status', $2::text, 'deleted_at', $3::timestamptz))::json)`,
          [JSON.stringify(snapshot), status, deletedAt],
        )
      }
      return client.query(`update articles set _status = $2, deleted_at = $3 where id = $1`, [id, status, deletedAt])
    }

    let id: number
    let snapshot: object
    beforeAll(async () => {
      id = (await draftStory('Counted in SQL')).id
      snapshot = (await pool().query<{ row: object }>('select row_to_json(a) as row from articles a where id = $1', [id])).rows[0].row
    })

    it('follows every move between absent, draft, published and the trash, committed or rolled back', async () => {
      let current: State = 'draft'
      for (const from of STATES) {
        for (const to of STATES) {
          if (from === to) continue
          await putInto(pool(), { id, snapshot, from: current, to: from })
          // Rolled back: nothing changes.
          const client = await pool().connect()
          try {
            await client.query('begin')
            await putInto(client, { id, snapshot, from, to })
            await client.query('rollback')
          } finally {
            client.release()
          }
          await expectCountsAgree(`${from} → ${to}, rolled back`)
          await putInto(pool(), { id, snapshot, from, to })
          current = to
          await expectCountsAgree(`${from} → ${to}`)
        }
      }
      // The last move was published in the trash → draft in the trash; the next tests start from a draft.
      await putInto(pool(), { id, snapshot, from: 'draft in the trash', to: 'draft' })
    })

    it('counts only what a transaction keeps: a savepoint rolled back, a row moved back and forth, many rows at once', async () => {
      const client = await pool().connect()
      try {
        await client.query('begin')
        await client.query(`update articles set _status = 'published', deleted_at = null where id = $1`, [id])
        await client.query('savepoint inner_change')
        await client.query(`update articles set _status = 'draft' where id = $1`, [id])
        await client.query('rollback to savepoint inner_change')
        await client.query(`update articles set _status = 'draft' where id = $1`, [id])
        await client.query(`update articles set _status = 'published' where id = $1`, [id])
        await client.query('commit')
      } finally {
        client.release()
      }
      await expectCountsAgree('published through a rolled-back savepoint and back and forth')
      await pool().query(`update articles set _status = 'published', deleted_at = null`)
      await expectCountsAgree('every story published by one statement')
      await pool().query(`update articles set _status = 'draft' where id % 2 = 0`)
      await expectCountsAgree('half of them unpublished by one statement')
    })

    it('lets two transactions publish the same two stories in opposite orders without a deadlock', async () => {
      const other = (await draftStory('Counted in SQL, the other')).id
      await pool().query(`update articles set _status = 'draft', deleted_at = null where id in ($1, $2)`, [id, other])
      const [a, b] = [await pool().connect(), await pool().connect()]
      try {
        await a.query('begin')
        await b.query('begin')
        await a.query(`update articles set _status = 'published' where id = $1`, [id])
        await b.query(`update articles set _status = 'published' where id = $1`, [other])
        // a waits for b's row; b commits (its count moves at commit), then a goes on.
        const aGoesOn = a.query(`update articles set dek = 'both' where id = $1`, [other])
        await b.query('commit')
        await aGoesOn
        await a.query('commit')
      } finally {
        a.release()
        b.release()
      }
      await expectCountsAgree('two transactions in opposite orders')
    })

    /** Copies of the SQL story, `count` of them in one statement, in the given state, with slugs `<prefix>-<i>`. */
    const insertCopies = (client: pg.ClientBase | pg.Pool, { count, state, prefix }: { count: number; state: State; prefix: string }) => {
      const { status, deletedAt } = columns(state)
      return client.query(
        // (A function in `from`, not `(f(…)).*`, which PostgreSQL would call once per column.)
        `insert into articles
         select copy.* from jsonb_populate_record(null::articles, $1::jsonb) as story, generate_series(1, $5::int) as i,
           jsonb_populate_record(story, jsonb_build_object('id', nextval(pg_get_serial_sequence('articles', 'id')),
             'slug', $2::text || '-' || i, 'import_hash', null, '_status', $3::text, 'deleted_at', $4::timestamptz)) as copy`,
        [JSON.stringify(snapshot), prefix, status, deletedAt, count],
      )
    }

    /** Runs `work` in a transaction and returns how often it updated the count's row (its own counters, read before commit). */
    async function updatesOfTheCount(work: (client: pg.PoolClient) => Promise<unknown>): Promise<number> {
      const client = await pool().connect()
      // This session's counters not yet flushed to the shared statistics (earlier transactions' too: hence the difference).
      const updatesSoFar = async () =>
        Number((await client.query<{ n: string }>(`select n_tup_upd as n from pg_stat_xact_user_tables where relname = 'public_story_count'`)).rows[0].n)
      try {
        await client.query('begin')
        const before = await updatesSoFar()
        await work(client)
        // The moves wait for the commit: fired here instead, so the transaction can still read its counters.
        await client.query('set constraints all immediate')
        const updates = (await updatesSoFar()) - before
        await client.query('commit')
        return updates
      } catch (error) {
        await client.query('rollback')
        throw error
      } finally {
        client.release()
      }
    }

    const kept = async () => (await counts()).kept

    it('moves the count once for a statement over 30,000 stories, not once per story, and exactly', async () => {
      const before = await kept()
      const updates = await updatesOfTheCount(async (client) => {
        await insertCopies(client, { count: 30_000, state: 'published', prefix: 'bulk-published' })
        await client.query(`update articles set _status = 'draft' where slug like 'bulk-published-%' and id % 10 = 0`)
      })
      // One update of the count's row for the whole transaction: per story (the old row triggers) it was 33,000,
      // each walking the versions the previous ones left (quadratic: 40,000 took 42 s, a million never ended).
      expect(updates).toBe(1)
      await expectCountsAgree('30,000 stories published by one statement, a tenth unpublished by another')
      expect(await kept()).toBe(before + 27_000)

      expect(await updatesOfTheCount((client) => client.query(`delete from articles where slug like 'bulk-published-%'`))).toBe(1)
      await expectCountsAgree('the 30,000 deleted by one statement')
      expect(await kept()).toBe(before)
    })

    it('does not touch the count for statements that leave the public set as it was', async () => {
      const updates = await updatesOfTheCount(async (client) => {
        await insertCopies(client, { count: 50, state: 'draft', prefix: 'bulk-drafts' })
        await client.query(`update articles set dek = 'Edited, still a draft' where slug like 'bulk-drafts-%'`)
        // One in, one out in the same statement (twice, so each goes back): no net change.
        const { rows } = await client.query<{ draft: number; live: number }>(
          `select (select min(id) from articles where slug like 'bulk-drafts-%') as draft, (select min(id) from articles where ${PUBLICLY_VISIBLE}) as live`,
        )
        const swap = `update articles set _status = (case when _status = 'published' then 'draft' else 'published' end)::enum_articles_status where id in ($1, $2)`
        for (let time = 0; time < 2; time++) await client.query(swap, [rows[0].draft, rows[0].live])
        await client.query(`update articles set deleted_at = now() where slug like 'bulk-drafts-%'`)
        await client.query(`delete from articles where slug like 'bulk-drafts-%'`)
      })
      expect(updates).toBe(0)
      await expectCountsAgree('drafts inserted, edited, trashed, swapped with a live story and deleted')
    })

    it('counts only the statements a transaction keeps when a savepoint is rolled back between them', async () => {
      const before = await kept()
      const updates = await updatesOfTheCount(async (client) => {
        await insertCopies(client, { count: 3, state: 'published', prefix: 'kept-by-savepoint' })
        await client.query('savepoint second_statement')
        await insertCopies(client, { count: 5, state: 'published', prefix: 'undone-by-savepoint' })
        await client.query(`update articles set _status = 'draft' where slug like 'kept-by-savepoint-%'`)
        await client.query('rollback to savepoint second_statement')
        await insertCopies(client, { count: 2, state: 'published in the trash', prefix: 'trashed-after-savepoint' })
      })
      expect(updates).toBe(1)
      await expectCountsAgree('three published, five and an unpublish rolled back to a savepoint')
      expect(await kept()).toBe(before + 3)
      await pool().query(`delete from articles where slug like any(array['kept-by-savepoint-%', 'trashed-after-savepoint-%'])`)
      await expectCountsAgree('the savepoint test’s stories deleted')
    })

    it('counts two transactions publishing at once, neither waiting for the other before its commit', async () => {
      const before = await kept()
      const [a, b] = [await pool().connect(), await pool().connect()]
      try {
        // Were the count's row locked before commit, b would wait for a and fail here instead of hanging.
        for (const client of [a, b]) await client.query(`begin; set local lock_timeout = '5s'`)
        await insertCopies(a, { count: 4, state: 'published', prefix: 'published-by-a' })
        await insertCopies(b, { count: 6, state: 'published', prefix: 'published-by-b' })
        await b.query(`update articles set _status = 'draft' where slug = 'published-by-b-1'`)
        await b.query('commit')
        await expectCountsAgree('b committed while a is still open')
        expect(await kept()).toBe(before + 5)
        await a.query('commit')
      } finally {
        a.release()
        b.release()
      }
      await expectCountsAgree('both committed')
      expect(await kept()).toBe(before + 9)

      // Both commit at the same moment.
      const [c, d] = [await pool().connect(), await pool().connect()]
      try {
        await Promise.all([c, d].map((client) => client.query('begin')))
        await Promise.all([
          c.query(`update articles set _status = 'draft' where slug like 'published-by-a-%'`),
          d.query(`update articles set _status = 'draft' where slug like 'published-by-b-%'`),
        ])
        await Promise.all([c.query('commit'), d.query('commit')])
      } finally {
        c.release()
        d.release()
      }
      await expectCountsAgree('two transactions unpublishing at once')
      expect(await kept()).toBe(before)
    })

    it('is 0 after a truncate, whatever the transaction moved before it, and counts what it inserts after', async () => {
      await pool().query(`update articles set _status = 'published', deleted_at = null`)
      const before = await kept()
      expect(before).toBeGreaterThan(0)

      const rolledBack = await pool().connect()
      try {
        await rolledBack.query('begin')
        await rolledBack.query('truncate articles cascade')
        await rolledBack.query('rollback')
      } finally {
        rolledBack.release()
      }
      await expectCountsAgree('a truncate rolled back')
      expect(await kept()).toBe(before)

      const client = await pool().connect()
      try {
        await client.query('begin')
        await insertCopies(client, { count: 7, state: 'published', prefix: 'before-the-truncate' })
        await client.query(`update articles set deleted_at = now() where id % 2 = 0`)
        await client.query('truncate articles cascade')
        await insertCopies(client, { count: 2, state: 'published', prefix: 'after-the-truncate' })
        await insertCopies(client, { count: 1, state: 'draft', prefix: 'a-draft-after-the-truncate' })
        await client.query('commit')
      } finally {
        client.release()
      }
      await expectCountsAgree('moves, a truncate and two published stories in one transaction')
      expect(await kept()).toBe(2)
      expect((await pool().query('select count(*)::int as n from public_story_count_pending')).rows[0].n).toBe(0)

      await pool().query('truncate articles cascade')
      await expectCountsAgree('truncated')
      expect(await kept()).toBe(0)
    })
  })
})
