// Proves the committed migrations build the same schema that the collections push: a collection changed
// without a migration fails here, with the difference spelled out, instead of in production.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'

import { typeScriptArgs } from '../helpers/typeScriptChild'
import { withDatabase } from '../../src/db/embeddedPostgres'
import { withClient } from '../../src/db/withClient'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')
const migrationsDir = path.join(root, 'src/migrations')

/**
 * One line per schema fact (column, index, constraint, enum, and the hand-written triggers and functions, such as
 * the attribution audit's), so two schemas compare as two sets of lines.
 */
async function describeSchema(url: string): Promise<Set<string>> {
  return withClient(url, async (client) => {
    const queries = [
      `select format('column %s.%s %s%s null=%s default=%s', table_name, column_name, udt_name,
              coalesce('(' || character_maximum_length || ')', ''), is_nullable, coalesce(column_default, '-')) as line
         from information_schema.columns where table_schema = 'public'`,
      `select format('index %s.%s: %s', tablename, indexname, indexdef) as line from pg_indexes where schemaname = 'public'`,
      `select format('constraint %s.%s: %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) as line
         from pg_constraint where connamespace = 'public'::regnamespace`,
      `select format('enum %s: %s', t.typname, string_agg(e.enumlabel, ', ' order by e.enumsortorder)) as line
         from pg_type t join pg_enum e on e.enumtypid = t.oid
        where t.typnamespace = 'public'::regnamespace group by t.typname`,
      `select format('trigger %s enabled=%s', pg_get_triggerdef(oid), tgenabled) as line from pg_trigger
        where not tgisinternal and tgrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)`,
      `select format('function %s: %s', p.oid::regprocedure, md5(p.prosrc)) as line from pg_proc p
        where p.pronamespace = 'public'::regnamespace`,
    ]
    const lines = new Set<string>()
    for (const sql of queries) {
      for (const row of (await client.query<{ line: string }>(sql)).rows) lines.add(row.line)
    }
    return lines
  })
}

function differences(pushed: Set<string>, migrated: Set<string>): string {
  const missing = [...pushed].filter((line) => !migrated.has(line)).sort()
  const extra = [...migrated].filter((line) => !pushed.has(line)).sort()
  if (!missing.length && !extra.length) return ''
  return [
    'The committed migrations do not build the schema the collections define.',
    ...(missing.length ? ['In the collections but not in the migrations:', ...missing.map((line) => `  + ${line}`)] : []),
    ...(extra.length ? ['In the migrations but no longer in the collections:', ...extra.map((line) => `  - ${line}`)] : []),
    'Create a migration (`npm run migrate:create -- <name>`; before the first production deploy,',
    '`npm run migrate:regenerate` rewrites the initial one) and commit src/migrations.',
  ].join('\n')
}

const serverUrl = process.env.TEST_PG_SERVER_URL as string
const templateUrl = withDatabase(serverUrl, process.env.TEST_TEMPLATE_DATABASE as string)
const databaseName = `newsroom_migrated_${process.pid}_${Date.now()}`
const databaseUrl = withDatabase(serverUrl, databaseName)

beforeAll(async () => {
  await withClient(serverUrl, (client) => client.query(`create database ${databaseName}`))
  // As production does: NODE_ENV=production applies the committed migrations (prodMigrations) and never
  // pushes. No stdin, so a prompt would end the run instead of hanging it.
  // The same script as `npm run migrate` (scripts/migrate.ts), run once: a failure exits non-zero and fails here.
  await run(process.execPath, typeScriptArgs('scripts/migrate.ts'), {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NODE_OPTIONS: '--no-deprecation',
      DATABASE_URL: databaseUrl,
      PAYLOAD_SECRET: 'migrations-test',
      SERVER_URL: 'http://localhost',
      LOG_LEVEL: 'warn',
    },
    timeout: 50_000,
  })
}, 150_000)

afterAll(async () => {
  await withClient(serverUrl, (client) => client.query(`drop database if exists ${databaseName} with (force)`))
})

describe('committed migrations', () => {
  it('apply to an empty database and record themselves', async () => {
    const committed = fs
      .readdirSync(migrationsDir)
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.replace(/\.ts$/, ''))
      .sort()
    const applied = await withClient(databaseUrl, async (client) =>
      (await client.query<{ name: string }>('select name from payload_migrations where batch > 0 order by name')).rows.map(
        (row) => row.name,
      ),
    )
    expect(committed.length).toBeGreaterThan(0)
    expect(applied).toEqual(committed)
  })

  it('build exactly the schema that the collections push', async () => {
    const report = differences(await describeSchema(templateUrl), await describeSchema(databaseUrl))
    if (report) throw new Error(report)
  })
})
