// npm run backup / restore: a round trip into an empty database brings back every row and every file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { backup, restore } from '../../src/ops/logicalBackup'
import { withDatabase } from '../../src/db/embeddedPostgres'
import { withClient } from '../../src/db/withClient'
import { createCredit, createMedia } from '../helpers/content'
import { adminQuery, testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()
const emptyDatabase = `newsroom_restore_${process.pid}_${Date.now()}`

beforeAll(async () => {
  await adminQuery(`create database ${emptyDatabase} template ${process.env.TEST_TEMPLATE_DATABASE}`)
})

afterAll(async () => {
  await adminQuery(`drop database if exists ${emptyDatabase} with (force)`)
})

it('restores every row and every media file into an empty database, and new ids do not collide', async () => {
  const credit = await createCredit(ctx.payload, { photographer: 'Backed Up Photographer' })
  const image = await createMedia(ctx.payload, { credit: credit.id })
  const story = await ctx.payload.create({ collection: 'articles', data: { title: 'A story worth keeping', heroImage: image.id }, overrideAccess: true })
  await ctx.payload.update({ collection: 'articles', id: story.id, data: { dek: 'A later draft' }, draft: true, overrideAccess: true })

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-backup-'))
  const restoredMedia = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-restored-media-'))
  const manifest = await backup({ databaseUrl: ctx.databaseUrl, mediaDir: ctx.mediaDir, dir })
  expect(manifest.tables.articles).toBe(1)
  expect(manifest.tables._articles_v).toBeGreaterThanOrEqual(2)

  const target = withDatabase(process.env.TEST_PG_SERVER_URL!, emptyDatabase)
  await restore({ databaseUrl: target, mediaDir: restoredMedia, dir })

  await withClient(target, async (client) => {
    for (const [table, count] of Object.entries(manifest.tables)) {
      const { rows } = await client.query(`select count(*)::int as n from "${table}"`)
      expect({ table, rows: rows[0].n }).toEqual({ table, rows: count })
    }
    const { rows } = await client.query('select title from articles where id = $1', [story.id])
    expect(rows[0].title).toBe('A story worth keeping')
    const { rows: drafts } = await client.query('select version_dek from _articles_v where parent_id = $1 and latest', [story.id])
    expect(drafts[0].version_dek).toBe('A later draft')
    // Sequences follow the restored ids: the next story gets a fresh one.
    const { rows: next } = await client.query(`select nextval(pg_get_serial_sequence('articles', 'id'))::int as id`)
    expect(next[0].id).toBeGreaterThan(story.id)
  })
  expect(fs.existsSync(path.join(restoredMedia, image.filename!))).toBe(true)
  expect(fs.readFileSync(path.join(restoredMedia, image.filename!))).toEqual(fs.readFileSync(path.join(ctx.mediaDir, image.filename!)))
  fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(restoredMedia, { recursive: true, force: true })
})
