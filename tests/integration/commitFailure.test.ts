// A write whose COMMIT fails (the database went away after its last statement) must fail, not be answered
// as saved: @payloadcms/drizzle swallows that error (src/db/surfaceCommitFailures.ts replaces it).
import { sql } from '@payloadcms/db-postgres'
import pg from 'pg'

import { testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()

type Sessions = Record<string, { db: { execute: (query: unknown) => Promise<{ rows: { pid: number }[] }> } }>

it('reports a COMMIT that never happened as a failure, and the story is not stored', async () => {
  const { payload } = ctx
  const transactionID = (await payload.db.beginTransaction())!
  const req = { transactionID } as never
  const story = await payload.create({ collection: 'articles', data: { title: 'Written just before the database went away' }, draft: true, overrideAccess: true, req })
  const session = (payload.db as unknown as { sessions: Sessions }).sessions[String(transactionID)]
  const { rows } = await session.db.execute(sql`select pg_backend_pid() as pid`)

  // Only this transaction's own connection, in this file's own database, is cut.
  const maintenance = new pg.Client({ connectionString: ctx.databaseUrl })
  await maintenance.connect()
  try {
    await maintenance.query('select pg_terminate_backend($1)', [rows[0].pid])
  } finally {
    await maintenance.end()
  }

  await expect(payload.db.commitTransaction(transactionID)).rejects.toBeDefined()
  expect(await payload.find({ collection: 'articles', where: { id: { equals: story.id } }, draft: true, overrideAccess: true })).toMatchObject({ totalDocs: 0 })
  // The pool discarded the dead connection: the next write goes through.
  expect((await payload.create({ collection: 'articles', data: { title: 'Written once it was back' }, draft: true, overrideAccess: true })).id).toBeDefined()
})
