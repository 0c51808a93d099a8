// npm run backup / restore: a round trip into an empty database brings back every row and every file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { backup, restore } from '../../src/ops/logicalBackup'
import { withDatabase } from '../../src/db/embeddedPostgres'
import { withClient } from '../../src/db/withClient'
import { createCredit, createMedia } from '../helpers/content'
import { publishStory } from '../helpers/stories'
import { paragraph, storyBody } from '../../src/lexical/lexicalBuilders'
import { adminQuery, testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()
const emptyDatabase = `newsroom_restore_${process.pid}_${Date.now()}`
const databaseForAnOldBackup = `${emptyDatabase}_old`

beforeAll(async () => {
  await adminQuery(`create database ${emptyDatabase} template ${process.env.TEST_TEMPLATE_DATABASE}`)
  await adminQuery(`create database ${databaseForAnOldBackup} template ${process.env.TEST_TEMPLATE_DATABASE}`)
})

afterAll(async () => {
  await adminQuery(`drop database if exists ${emptyDatabase} with (force)`)
  await adminQuery(`drop database if exists ${databaseForAnOldBackup} with (force)`)
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

it('restores a backup made before the search words and the public count were kept: both are rebuilt from the restored stories', async () => {
  const live = await ctx.payload.create({
    collection: 'articles',
    data: { title: 'Archived before search existed', body: storyBody(paragraph('The quillbarrow ferry sailed at dawn.')) as never },
    overrideAccess: true,
  })
  await publishStory(ctx.payload, live.id)
  const draft = await ctx.payload.create({ collection: 'articles', data: { title: 'A draft nobody reads', dek: 'The quillbarrow draft.' }, overrideAccess: true })

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-old-backup-'))
  const manifest = await backup({ databaseUrl: ctx.databaseUrl, mediaDir: ctx.mediaDir, dir })
  // As a backup taken before these tables existed: neither in the manifest nor in its files.
  for (const table of ['story_search_live', 'story_search_drafts', 'public_story_count']) {
    expect(manifest.tables).toHaveProperty(table)
    delete manifest.tables[table]
    fs.rmSync(path.join(dir, 'tables', `${table}.jsonl`))
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest))

  const target = withDatabase(process.env.TEST_PG_SERVER_URL!, databaseForAnOldBackup)
  // What the target held before: words of a story the restore replaces, and a count that no longer holds.
  await withClient(target, async (client) => {
    await client.query('set session_replication_role = replica')
    await client.query(`insert into story_search_live (story_id, updated_at, words) values (999999, now(), to_tsvector('english', 'stalewordle'))`)
    await client.query(`update public_story_count set n = 4242 where id = 1`)
  })
  await restore({ databaseUrl: target, mediaDir: fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-old-media-')), dir })

  await withClient(target, async (client) => {
    const found = async (table: string, word: string) =>
      (await client.query(`select story_id from ${table} where words @@ to_tsquery('english', $1) order by story_id`, [word])).rows.map((row) => row.story_id)
    // Every story row (a draft has one too) and every latest version, as the triggers keep them.
    expect(await found('story_search_live', 'quillbarrow')).toEqual([live.id, draft.id])
    expect(await found('story_search_drafts', 'quillbarrow')).toEqual([live.id, draft.id])
    expect(await found('story_search_live', 'stalewordle')).toEqual([])
    const { rows } = await client.query(
      `select (select n from public_story_count where id = 1) as kept, (select count(*)::int from articles where _status = 'published' and deleted_at is null) as counted`,
    )
    expect(rows[0].counted).toBeGreaterThan(0)
    expect(rows[0].kept).toBe(rows[0].counted)
  })
  fs.rmSync(dir, { recursive: true, force: true })
})
