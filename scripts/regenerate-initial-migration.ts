// Throws away src/migrations and regenerates one `initial` migration from the current collections, then
// proves it by applying it, the way production does, to an empty throw-away database.
// Rerun it after schema changes until the first production deploy: `npm run migrate:regenerate`.
// After that deploy, never rewrite applied migrations: add new ones with `npm run migrate:create -- <name>`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

import { startEmbeddedPostgres } from '../src/db/embeddedPostgres'

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

/**
 * SQL the schema cannot declare (drizzle knows tables and indexes, not functions or triggers): the attribution
 * audit's triggers (src/publishGate/auditTriggers.ts), run at the end of `up`; `down` drops them first. Pushed
 * databases get the same SQL on start (payload.config.ts onInit).
 */
function appendHandWrittenSql(file: string): void {
  const source = fs.readFileSync(file, 'utf8')
  const up = /(export async function up\([^)]*\): Promise<void> \{[\s\S]*?)(\n\}\n)/
  const down = /(export async function down\([^)]*\): Promise<void> \{\n)/
  if (!up.test(source) || !down.test(source)) throw new Error(`${file} does not have the up and down functions this script expects.`)
  const written = source
    .replace(/^(import .*\n)/, `$1import { ATTRIBUTION_AUDIT_SQL, DROP_ATTRIBUTION_AUDIT_SQL } from '../publishGate/auditTriggers'\n`)
    .replace(up, `$1\n  await db.execute(sql.raw(ATTRIBUTION_AUDIT_SQL))$2`)
    .replace(down, `$1  await db.execute(sql.raw(DROP_ATTRIBUTION_AUDIT_SQL))\n`)
  fs.writeFileSync(file, written)
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

  appendHandWrittenSql(path.join(migrationsDir, created[0]))

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
