// The attribution audit answers from findings kept up to date by triggers (src/publishGate/auditTriggers.ts), not
// from a scan of every live story. The scan stays as the reference: after every change, through the application
// or in SQL behind its back, the incremental answer must equal the scan's, to the message.
import pg from 'pg'
import { createLocalReq, type PayloadRequest } from 'payload'

import { runAttributionAudit, scanAttributionAudit } from '../../src/publishGate/audit'
import { creditedStory } from '../helpers/contentApiFixtures'
import { createCredit, createMedia, createOrganization } from '../helpers/content'
import { publishStory, unpublishStory } from '../helpers/stories'
import { testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()
let client: pg.Client
let req: PayloadRequest

beforeAll(async () => {
  client = new pg.Client({ connectionString: ctx.databaseUrl })
  // The file's database is dropped (with force) when its Payload closes, which may come before this client ends.
  client.on('error', () => {})
  await client.connect()
  req = await createLocalReq({}, ctx.payload)
})
afterAll(async () => {
  await client?.end()
})

const sql = (statement: string, values: unknown[] = []) => client.query(statement, values)

/** Both answers at the same instant; returns the scan's so a step can also check what it expects to see. */
async function expectIncrementalEqualsScan(step: string, now = new Date()) {
  const incremental = await runAttributionAudit(req, now)
  const scan = await scanAttributionAudit(req, now)
  expect({ step, answer: incremental }).toEqual({ step, answer: scan })
  return scan
}

const brokenIds = (audit: Awaited<ReturnType<typeof scanAttributionAudit>>) => audit.brokenStories.map((story) => story.id)
const day = 24 * 60 * 60 * 1000

/** Alt texts and names as older rows or hand-typed SQL may hold them: invisible, blank, file names, real. */
const HOSTILE_TEXTS = [
  'A crowd gathers outside the court at dawn',
  '\u200b',
  '',
  '   ',
  '\u3164\u200b',
  '\t\u180e',
  '\u2060\u200b\ufeff',
  'IMG_2041.JPG',
  'a\u0301',
  'Élodie Marchand',
  null,
]

describe('the incremental attribution audit', () => {
  it('installs its triggers in pushed databases, enabled even with replication-role loads', async () => {
    const { rows } = await sql(
      `select tgname, tgenabled from pg_trigger where tgname like 'attribution_audit_%' order by tgname`,
    )
    expect(rows.map((row) => row.tgname)).toEqual([
      'attribution_audit_credit_added',
      'attribution_audit_credit_edited',
      'attribution_audit_credit_parts_changed',
      'attribution_audit_credit_parts_emptied',
      'attribution_audit_media_added',
      'attribution_audit_media_edited',
      'attribution_audit_organization_added',
      'attribution_audit_organization_renamed',
      'attribution_audit_organizations_emptied',
      'attribution_audit_story_image_added',
    ])
    expect(new Set(rows.map((row) => row.tgenabled))).toEqual(new Set(['A']))
  })

  it('answers exactly what the scan answers after every change, in the application or in SQL behind its back', async () => {
    const { payload } = ctx
    const first = await creditedStory(payload, { title: 'Incremental audit one' })
    const second = await creditedStory(payload, { title: 'Incremental audit two' })
    const third = await creditedStory(payload, { title: 'Incremental audit three' })
    for (const fixture of [first, second, third]) await publishStory(payload, fixture.story.id)
    const spare = await createMedia(payload, { credit: first.bodyCredit.id, alt: 'A spare photo of a river' })

    let audit = await expectIncrementalEqualsScan('three live, well-credited stories')
    expect(brokenIds(audit)).toEqual([])
    expect(await sql(`select count(*)::int as n from attribution_audit_recheck`)).toMatchObject({ rows: [{ n: 0 }] })

    await sql('update media set alt = $1 where id = $2', ['\u200b', first.hero.id])
    audit = await expectIncrementalEqualsScan('SQL: invisible alt text on a live hero image')
    expect(brokenIds(audit)).toEqual([first.story.id])

    // Each step below changes one table, so each trigger must do its part alone.
    await sql('update photo_credits set photographer = $1 where id = $2', ['\u2060\u200b', second.heroCredit.id])
    audit = await expectIncrementalEqualsScan('SQL: a credit’s photographer blanked (its agencies still name someone)')
    expect(brokenIds(audit)).toEqual([first.story.id])
    await sql('update organizations set name = $1 where id in ($2, $3)', ['\t\u180e', second.afp.id, second.getty.id])
    audit = await expectIncrementalEqualsScan('SQL: the agencies renamed to nothing visible')
    expect(brokenIds(audit)).toEqual([first.story.id, second.story.id])

    await payload.update({ collection: 'organizations', id: second.getty.id, data: { name: 'Getty Images again' }, overrideAccess: true })
    audit = await expectIncrementalEqualsScan('application: an agency renamed to a real name')
    expect(brokenIds(audit)).toEqual([first.story.id])

    await payload.update({ collection: 'media', id: first.hero.id, data: { alt: 'Protesters march past the parliament again' }, overrideAccess: true })
    audit = await expectIncrementalEqualsScan('application: the alt text written again')
    expect(brokenIds(audit)).toEqual([])

    await sql('update photo_credits set photographer = null where id = $1', [third.heroCredit.id])
    audit = await expectIncrementalEqualsScan('SQL: a credit’s photographer removed (its agencies still name someone)')
    expect(brokenIds(audit)).toEqual([])
    await sql(`delete from photo_credits_rels where parent_id = $1 and path = 'agencies'`, [third.heroCredit.id])
    audit = await expectIncrementalEqualsScan('SQL: the credit’s agencies removed')
    expect(brokenIds(audit)).toEqual([third.story.id])

    await sql('update media set credit_id = null where id = $1', [second.bodyImage.id])
    audit = await expectIncrementalEqualsScan('SQL: a photo’s credit unset')
    expect(brokenIds(audit)).toEqual([second.story.id, third.story.id])

    await sql('update photo_credits set license_expires_at = $1 where id = $2', [new Date(Date.now() - day), first.bodyCredit.id])
    audit = await expectIncrementalEqualsScan('SQL: a licence that ended yesterday')
    expect(audit.withheldImages.map((image) => image.mediaId)).toEqual([first.bodyImage.id])

    await sql('update photo_credits set license_expires_at = $1 where id = $2', [new Date(Date.now() + 5 * day), first.bodyCredit.id])
    audit = await expectIncrementalEqualsScan('SQL: a licence ending in five days')
    expect(audit.expiringLicenses.map((licence) => licence.creditId)).toEqual([first.bodyCredit.id])
    // Time passes: the same rows, judged at a later instant, with no write in between.
    audit = await expectIncrementalEqualsScan('six days later', new Date(Date.now() + 6 * day))
    expect(audit.withheldImages.map((image) => image.mediaId)).toEqual([first.bodyImage.id])

    await sql(`update articles_rels set media_id = $1 where parent_id = $2 and path = 'images' and media_id = $3`, [second.bodyImage.id, first.story.id, first.hero.id])
    audit = await expectIncrementalEqualsScan('SQL: a live story pointed at a photo with no credit')
    expect(brokenIds(audit)).toContain(first.story.id)

    await unpublishStory(payload, third.story.id)
    await sql(`update articles set _status = 'draft' where id = $1`, [second.story.id])
    audit = await expectIncrementalEqualsScan('application and SQL: two stories taken down')
    expect(brokenIds(audit)).toEqual([first.story.id])

    await sql(`update articles set _status = 'published' where id in ($1, $2)`, [second.story.id, third.story.id])
    await sql('delete from media where id = $1', [spare.id])
    await sql('delete from photo_credits where id = $1', [second.heroCredit.id])
    audit = await expectIncrementalEqualsScan('SQL: stories put back live, a credit and a photo deleted')
    expect(brokenIds(audit)).toEqual([first.story.id, second.story.id, third.story.id])

    // Foreign keys (and ordinary triggers) off, as a restore or a bulk load runs: image rows pointing at nothing.
    await sql('begin')
    await sql('set local session_replication_role = replica')
    await sql(`insert into articles_rels ("order", parent_id, path, media_id) values (90, $1, 'images', 2147480000), (91, $1, 'images', null)`, [first.story.id])
    await sql('commit')
    audit = await expectIncrementalEqualsScan('SQL with the foreign keys off: a story showing photos that do not exist')
    expect(audit.brokenStories.find((story) => story.id === first.story.id)!.problems.map((problem) => problem.message).join(' ')).toMatch(/no longer exists/)
  })

  it('stays equal to the scan over a long run of random edits with hostile text', async () => {
    const { payload } = ctx
    const fixtures = [await creditedStory(payload, { title: 'Random edits one' }), await creditedStory(payload, { title: 'Random edits two' })]
    for (const fixture of fixtures) await publishStory(payload, fixture.story.id)
    const extraAgency = await createOrganization(payload, 'Reuters random', 'news-agency')
    const extraCredit = await createCredit(payload, { photographer: 'Spare Photographer' })
    const photos = fixtures.flatMap((fixture) => [fixture.hero.id, fixture.bodyImage.id])
    const credits = [...fixtures.flatMap((fixture) => [fixture.heroCredit.id, fixture.bodyCredit.id]), extraCredit.id]
    const organizations = [...fixtures.flatMap((fixture) => [fixture.afp.id, fixture.getty.id, fixture.advocacy.id]), extraAgency.id]
    const stories = fixtures.map((fixture) => fixture.story.id)

    // A fixed sequence (a small linear congruential generator), so a failure replays the same way.
    let seed = 20_2026
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return Math.floor(seed / 65_536) % n // the high bits: the low ones of such a generator repeat quickly
    }
    const pick = <T,>(items: T[]) => items[next(items.length)]
    const licenceEnds = [null, -3 * day, -1, 60_000, 10 * day, 29 * day, 31 * day, 400 * day]
    const endALicence = () => {
      const end = pick(licenceEnds)
      return sql('update photo_credits set license_expires_at = $1 where id = $2', [end === null ? null : new Date(Date.now() + end), pick(credits)])
    }
    const edits: (() => Promise<unknown>)[] = [
      endALicence,
      endALicence,
      () => sql('update media set alt = $1 where id = $2', [pick(HOSTILE_TEXTS), pick(photos)]),
      () => sql('update media set alt = filename where id = $1', [pick(photos)]),
      () => sql('update media set credit_id = $1 where id = $2', [pick([...credits, null]), pick(photos)]),
      () => sql('update photo_credits set photographer = $1 where id = $2', [pick(HOSTILE_TEXTS), pick(credits)]),
      () => sql('update photo_credits set pool = not coalesce(pool, false) where id = $1', [pick(credits)]),
      () => sql('update photo_credits set courtesy_of_id = $1 where id = $2', [pick([...organizations, null]), pick(credits)]),
      () => sql('update organizations set name = $1 where id = $2', [pick(HOSTILE_TEXTS) ?? 'Renamed', pick(organizations)]),
      () => sql(`delete from photo_credits_rels where id = (select id from photo_credits_rels where parent_id = $1 and path = 'agencies' limit 1)`, [pick(credits)]),
      () =>
        sql(`insert into photo_credits_rels ("order", parent_id, path, organizations_id) values (9, $1, 'agencies', $2)`, [pick(credits), pick(organizations)]),
      () => sql(`update articles set _status = case when _status = 'published' then 'draft' else 'published' end::enum_articles_status where id = $1`, [pick(stories)]),
      () => sql(`update articles_rels set media_id = $1 where id = (select id from articles_rels where parent_id = $2 and path = 'images' limit 1)`, [pick(photos), pick(stories)]),
      () => payload.update({ collection: 'organizations', id: pick(organizations), data: { name: `Agency ${next(1000)}` }, overrideAccess: true }),
    ]
    let sawBroken = false
    let sawWithheld = false
    const kinds = new Set<number>()
    for (let step = 0; step < 100; step++) {
      const edit = next(edits.length)
      kinds.add(edit)
      await edits[edit]()
      const audit = await expectIncrementalEqualsScan(`random edit ${step} (kind ${edit})`)
      sawBroken ||= audit.brokenStories.length > 0
      sawWithheld ||= audit.withheldImages.length > 0
    }
    // The run met broken stories and withheld images, not only clean answers.
    expect({ sawBroken, sawWithheld, kinds: kinds.size }).toEqual({ sawBroken: true, sawWithheld: true, kinds: edits.length })
  })

  it('judges again only the photos that changed: the queue of marks empties after an answer', async () => {
    const { payload } = ctx
    const credit = await createCredit(payload, { photographer: 'Queue Photographer' })
    const photo = await createMedia(payload, { credit: credit.id, alt: 'A queue of voters in the snow' })
    await runAttributionAudit(req)
    await sql('update photo_credits set photographer = $1 where id = $2', ['\u200b', credit.id])
    const { rows: marked } = await sql('select media_id from attribution_audit_recheck')
    expect(marked.map((row) => row.media_id)).toEqual([photo.id])
    await runAttributionAudit(req)
    expect((await sql('select media_id from attribution_audit_recheck')).rows).toEqual([])
    expect((await sql('select media_id from attribution_audit_suspects where media_id = $1', [photo.id])).rows).toEqual([{ media_id: photo.id }])
    // An edit that changes nothing the rule reads (the caption) marks nothing.
    await payload.update({ collection: 'media', id: photo.id, data: { caption: 'A new caption' }, overrideAccess: true })
    expect((await sql('select media_id from attribution_audit_recheck')).rows).toEqual([])
  })

  it('stays equal to the scan when the credits’ agencies are emptied with TRUNCATE (no row trigger fires)', async () => {
    const { payload } = ctx
    const fixture = await creditedStory(payload, { title: 'Agencies truncated' })
    await publishStory(payload, fixture.story.id)
    await sql('update photo_credits set photographer = null where id = $1', [fixture.heroCredit.id])
    let audit = await expectIncrementalEqualsScan('SQL: the hero credit names only its agencies')
    expect(brokenIds(audit)).not.toContain(fixture.story.id)
    await sql('truncate photo_credits_rels')
    audit = await expectIncrementalEqualsScan('SQL: every credit’s agencies truncated')
    expect(brokenIds(audit)).toContain(fixture.story.id)
  })
})
