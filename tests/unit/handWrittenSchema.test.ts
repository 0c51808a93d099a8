// The regenerated initial migration carries the schema drizzle cannot declare (the search tables' triggers): added
// at the end of `up` and at the start of `down`, as text frozen at generation.
import fs from 'node:fs'
import path from 'node:path'

import { HAND_WRITTEN_SCHEMA, withHandWrittenSchema } from '../../src/db/handWrittenSchema'

const generated = `import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql\`
   CREATE TABLE "articles" ("id" serial PRIMARY KEY NOT NULL);\`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql\`
   DROP TABLE "articles" CASCADE;\`)
}
`

describe('the hand-written schema in a generated migration', () => {
  it('runs the hand-written SQL after the generated tables in `up`, and undoes it before they are dropped in `down`', () => {
    const migration = withHandWrittenSchema(generated)
    const up = migration.slice(migration.indexOf('export async function up('), migration.indexOf('export async function down('))
    const down = migration.slice(migration.indexOf('export async function down('))
    expect(up.indexOf('CREATE TABLE "articles"')).toBeLessThan(up.indexOf('create trigger story_search_live_on_insert'))
    expect(up.trimEnd().endsWith('}')).toBe(true)
    expect(down.indexOf('drop function if exists story_search_live_follow()')).toBeLessThan(down.indexOf('DROP TABLE "articles"'))
    // The SQL is a string literal in the file, exactly as written.
    expect(migration).toContain(`sql.raw(${JSON.stringify(HAND_WRITTEN_SCHEMA[0].sql)})`)
  })

  it('works on the committed initial migration as generated, and refuses a file of another shape with a readable error', () => {
    const dir = path.resolve(import.meta.dirname, '../../src/migrations')
    const initial = fs.readdirSync(dir).find((file) => file.endsWith('_initial.ts'))!
    const text = fs.readFileSync(path.join(dir, initial), 'utf8')
    expect(withHandWrittenSchema(text).length).toBeGreaterThan(text.length)
    expect(() => withHandWrittenSchema('export const nothing = 1')).toThrow(/add the hand-written schema by hand/)
  })
})
