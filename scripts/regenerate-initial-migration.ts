// Throws away src/migrations and regenerates one `initial` migration from the current collections, then
// proves it by applying it, the way production does, to an empty throw-away database.
// Rerun it after schema changes until the first production deploy: `npm run migrate:regenerate`.
// After that deploy, never rewrite applied migrations: add new ones with `npm run migrate:create -- <name>`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

import { startEmbeddedPostgres } from '../src/db/embeddedPostgres'
import { withHandWrittenSchema } from '../src/db/handWrittenSchema'

const root = path.resolve(import.meta.dirname, '..')
const migrationsDir = path.join(root, 'src/migrations')
const payloadBin = path.join(root, 'node_modules/payload/bin.js')
const log = (message: string) => console.log(`[migrations] ${message}`)

// What payload.config.ts imports before any migration exists; `migrate:create` then rewrites it.
const EMPTY_INDEX = `import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

export const migrations: { name: string; up: (args: MigrateUpArgs) => Promise<void>; down: (args: MigrateDownArgs) => Promise<void> }[] = []
`

function payloadCli(args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(process.execPath, [payloadBin, ...args], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '--no-deprecation', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 180_000,
  })
  if (result.status !== 0) {
    throw new Error(`payload ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`)
  }
}

// A throw-away server (no data folder given): deleted on stop.
const postgres = await startEmbeddedPostgres({ log })
try {
  const databaseUrl = await postgres.createDatabase('newsroom_migrations')

  log('Deleting src/migrations/* …')
  fs.rmSync(migrationsDir, { recursive: true, force: true })
  fs.mkdirSync(migrationsDir, { recursive: true })
  fs.writeFileSync(path.join(migrationsDir, 'index.ts'), EMPTY_INDEX)

  log('Generating the initial migration …')
  payloadCli(['migrate:create', 'initial', '--skip-empty'], {
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    // Pushing would make this database look dev-migrated; migrate:create reads only the config anyway.
    DB_PUSH: 'false',
  })
  const created = fs.readdirSync(migrationsDir).filter((file) => file.endsWith('_initial.ts'))
  if (created.length !== 1) throw new Error(`Expected one *_initial.ts in src/migrations, found: ${created.join(', ') || 'none'}.`)

  // Functions and triggers drizzle cannot declare (the search words', the public stories' count's and the attribution audit's triggers): added to the migration's text.
  const migrationFile = path.join(migrationsDir, created[0])
  fs.writeFileSync(migrationFile, withHandWrittenSchema(fs.readFileSync(migrationFile, 'utf8')))

  log(`Applying ${created[0]} to an empty database as production does …`)
  payloadCli(['migrate'], { NODE_ENV: 'production', DATABASE_URL: databaseUrl, PAYLOAD_SECRET: 'regenerate-initial-migration' })

  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const { rows } = await client.query<{ name: string }>('select name from payload_migrations where batch > 0')
  await client.end()
  const applied = rows.map((row) => row.name)
  const expected = created[0].replace(/\.ts$/, '')
  if (!applied.includes(expected)) throw new Error(`The migration did not record itself: payload_migrations has ${applied.join(', ') || 'nothing'}.`)

  log(`Done: src/migrations now holds ${fs.readdirSync(migrationsDir).join(', ')}. Commit them.`)
} finally {
  await postgres.stop()
}
