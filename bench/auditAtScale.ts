// How the attribution audit's answer grows (issue 20): over archives made in SQL with generate_series, the same
// number of findings, more and more live stories. The incremental answer must stay flat; the scan (the reference
// the tests compare it with) grows with the archive.
// Run: NODE_ENV=test node_modules/.bin/tsx bench/auditAtScale.ts 100000 1000000   (sizes in live stories)
// Options (env): AUDIT_SCALE_FINDINGS (broken stories, default 20), AUDIT_SCALE_SCAN=false skips the scan.
import pg from 'pg'
import { createLocalReq, getPayload } from 'payload'

import { startEmbeddedPostgres } from '../src/db/embeddedPostgres'

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
if (!sizes.length) throw new Error('Give the archive sizes to measure, e.g. 100000 1000000.')
const findings = Number(process.env.AUDIT_SCALE_FINDINGS ?? 20)
const withScan = process.env.AUDIT_SCALE_SCAN !== 'false'
const PHOTOS = 10_000
const SPECIAL = 30 // the last 30 photos: 10 with invisible alt text, 10 with an ended licence, 10 ending in 10 days

const postgres = await startEmbeddedPostgres({ settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } })
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
try {
  const databaseUrl = await postgres.createDatabase('audit_at_scale')
  process.env.DATABASE_URL = databaseUrl
  const { default: configPromise } = await import('../payload.config')
  const payload = await getPayload({ config: await configPromise })
  const req = await createLocalReq({}, payload)
  const { runAttributionAudit, scanAttributionAudit } = await import('../src/publishGate/audit')
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const q = (statement: string) => client.query(statement)

  await q(`insert into organizations (name, kind) select 'Agency ' || i, 'news-agency' from generate_series(1, 100) i`)
  await q(`insert into photo_credits (photographer, courtesy_of_id, license_expires_at)
           select 'Photographer ' || i, 1 + i % 100,
                  case when i > ${PHOTOS - 20} and i <= ${PHOTOS - 10} then now() - interval '1 day'
                       when i > ${PHOTOS - 10} then now() + interval '10 days' end
           from generate_series(1, ${PHOTOS}) i`)
  await q(`insert into media (filename, alt, credit_id)
           select 'photo-' || i || '.jpg', case when i > ${PHOTOS - SPECIAL} and i <= ${PHOTOS - 20} then '\u200b' else 'A described photo ' || i end, i
           from generate_series(1, ${PHOTOS}) i`)

  let made = 0
  for (const size of sizes) {
    let started = performance.now()
    // Stories 1..findings show one of the 30 special photos; every other story a good one.
    await q(`insert into articles (id, title, slug, _status, hero_image_id)
             select i, 'Story ' || i, 'story-' || i, 'published',
                    case when i <= ${findings} then ${PHOTOS - SPECIAL} + 1 + i % ${SPECIAL} else 1 + i % ${PHOTOS - SPECIAL} end
             from generate_series(${made + 1}, ${size}) i`)
    await q(`insert into articles_rels ("order", parent_id, path, media_id) select 1, id, 'images', hero_image_id from articles where id > ${made}`)
    await q(`insert into articles_rels ("order", parent_id, path, organizations_id) select 1, id, 'organizations', 1 + id % 100 from articles where id > ${made}`)
    await q('analyze')
    made = size
    const loadSeconds = (performance.now() - started) / 1000

    started = performance.now()
    const first = await runAttributionAudit(req)
    const firstMs = performance.now() - started
    const times: number[] = []
    for (let round = 0; round < 5; round++) {
      started = performance.now()
      await runAttributionAudit(req)
      times.push(performance.now() - started)
    }
    let scanMs: number | null = null
    let isEqual: boolean | null = null
    if (withScan) {
      const now = new Date()
      started = performance.now()
      const scan = await scanAttributionAudit(req, now)
      scanMs = performance.now() - started
      isEqual = JSON.stringify(scan) === JSON.stringify(await runAttributionAudit(req, now))
    }
    console.log(
      JSON.stringify({
        liveStories: size,
        loadSeconds: Math.round(loadSeconds),
        brokenStories: first.brokenStories.length,
        withheldImages: first.withheldImages.length,
        expiringLicenses: first.expiringLicenses.length,
        firstAnswerMs: Math.round(firstMs),
        answerMedianMs: Math.round(median(times) * 10) / 10,
        answerMaxMs: Math.round(Math.max(...times) * 10) / 10,
        scanMs: scanMs === null ? null : Math.round(scanMs),
        isEqualToScan: isEqual,
      }),
    )
  }
  await client.end()
  await payload.destroy?.()
} finally {
  await postgres.stop()
}
process.exit(0)
