// The read and match of a photo's metadata at upload (issue 17), against a database holding a newsroom's worth of
// credits: run by bench/photoMetadata.ts as its own process (DATABASE_URL, a fresh database the schema is pushed
// to), it makes the organizations and credits, then times `readAndMatchPhotoMetadata` (the upload hook's reading:
// the file's metadata, the turn taken on the credits, the check that the credits on file have not changed, the
// match) in a transaction of its own per upload, as an upload runs it.
// Usage: tsx bench/photoReadAndMatch.ts <24 MP JPEG with wire metadata> <out.json> [credits]
import fs from 'node:fs'

import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'

import { closePayload } from '../src/db/closePayload'
import { executeSql } from '../src/db/execute'
import { readAndMatchPhotoMetadata } from '../src/photoDesk/readMetadata/readAndMatchPhotoMetadata'
import { withExiftool } from '../src/photoDesk/writeBack/writeMetadataIntoFile'
import { median } from './lib/statistics'

const [sourceFile, outFile, creditCountArgument] = process.argv.slice(2)
const CREDITS = Number(creditCountArgument ?? 2000)
const ROUNDS = 21

const round = (value: number) => Math.round(value * 10) / 10

const AGENCIES = ['AFP', 'Getty Images', 'Reuters', 'Associated Press', 'EPA', 'Anadolu', 'Xinhua', 'Agencia EFE', 'ANSA', 'dpa', 'Kyodo News', 'Sipa Press']
const FIRST = ['Alexander', 'Zoé', 'Marta', 'Ivan', 'Oksana', 'Geoffrey', 'Nadia', 'Tomasz', 'Amira', 'Lucas', 'Hélène', 'Kwame', 'Sofia', 'Rahul', 'Mei', 'Jonas', 'Fatima', 'Diego', 'Ingrid', 'Yusuf', 'Ana', 'Pierre', 'Leila', 'Mateo', 'Chiara', 'Olu', 'Svetlana', 'Tariq', 'Emma', 'Kenji', 'Lucía', 'Bogdan', 'Aisha', 'Noah', 'Irena', 'Samuel', 'Dana', 'Farid', 'Greta', 'Hugo']
const LAST = ['Nemenov', 'Lefèvre', 'Kowalczyk', 'Petrenko', 'Melnyk', 'Van Der Hasselt', 'Rahman', 'Wróbel', 'Haddad', 'Moreau', 'Mensah', 'Rossi', 'Sharma', 'Chen', 'Berg', 'Okafor', 'García', 'Larsen', 'Demir', 'Silva', 'Dubois', 'Karimi', 'Fernández', 'Bianchi', 'Adeyemi', 'Ivanova', 'Qureshi', 'Schulz', 'Tanaka', 'Ortiz', 'Popescu', 'Diallo', 'Novak', 'Kaplan', 'Weiss', 'Costa', 'Nilsson', 'Horvat', 'Yilmaz', 'Murphy', 'Abbas', 'Lindqvist', 'Santos', 'Kovač', 'Osei', 'Marino', 'Jansen', 'Farouk', 'Volkov', 'Reyes']

const { getPayload } = await import('payload')
const { default: configPromise } = await import('../payload.config')
const config = await configPromise
config.typescript.autoGenerate = false
const payload: Payload = await getPayload({ config })

try {
  // The organizations: the agencies above and regional services, as a newsroom's directory grows.
  const organizationNames = [...AGENCIES, ...Array.from({ length: 188 }, (_, index) => `Regional Photo Service ${index + 1}`)]
  const system = await createLocalReq({}, payload)
  await executeSql(
    system,
    `insert into organizations (name, name_key, slug, kind)
     select name, lower(name), 'bench-' || ordinality, 'news-agency' from unnest(array[${organizationNames.map((name) => `'${name.replace(/'/g, "''")}'`).join(',')}]) with ordinality as name`,
  )
  // The credits: a photographer (names folded apart) with one or two agencies; one in ten an agency alone.
  const photographers = FIRST.flatMap((first) => LAST.map((last) => `${first} ${last}`))
  await executeSql(
    system,
    `with made as (
       insert into photo_credits (photographer, license)
       select case when n % 10 = 0 then null else (array[${photographers.map((name) => `'${name.replace(/'/g, "''")}'`).join(',')}])[1 + (n % ${photographers.length})] end, 'agency'
       from generate_series(1, ${CREDITS}) as n
       returning id
     )
     insert into photo_credits_rels (parent_id, path, "order", organizations_id)
     select made.id, 'agencies', part, (select id from organizations order by id offset ((made.id * 7 + part * 13) % 200) limit 1)
     from made, generate_series(1, 1 + (made.id % 2)) as part`,
  )
  await executeSql(system, 'analyze photo_credits; analyze photo_credits_rels; analyze organizations')
  const [sample] = await executeSql<{ photographer: string; agencies: string[] }>(
    system,
    `select c.photographer, array(select o.name from photo_credits_rels r join organizations o on o.id = r.organizations_id
                                  where r.parent_id = c.id order by r."order") as agencies
     from photo_credits c where c.photographer is not null order by c.id desc limit 1`,
  )
  // The 24 MP wire photo, naming that credit as an agency's tools write it (creator, credit line, source).
  const named = `${sourceFile}.named.jpg`
  fs.copyFileSync(sourceFile, named)
  await withExiftool((exiftool) =>
    exiftool.write(
      named,
      { 'XMP-dc:Creator': [sample.photographer], 'IPTC:By-line': sample.photographer, 'XMP-photoshop:Credit': sample.agencies.join('/'), 'IPTC:Credit': sample.agencies.join('/') } as never,
      { writeArgs: ['-overwrite_original', '-codedcharacterset=utf8'] },
    ),
  )
  const file = fs.readFileSync(named)
  const unknown = `${sourceFile}.unknown.jpg`
  fs.copyFileSync(sourceFile, unknown)
  await withExiftool((exiftool) =>
    exiftool.write(unknown, { 'XMP-dc:Creator': ['Wanjiru Kamau'], 'XMP-photoshop:Credit': 'Wanjiru Kamau/Nation Media' } as never, { writeArgs: ['-overwrite_original'] }),
  )
  const unknownFile = fs.readFileSync(unknown)

  /** One upload's reading, in a transaction of its own as an upload has; `before` runs in it, untimed. */
  const timedReading = async (bytes: Buffer, before?: (req: PayloadRequest) => Promise<unknown>) => {
    const req = await createLocalReq({}, payload)
    await initTransaction(req)
    try {
      if (before) await before(req)
      const started = performance.now()
      const reading = await readAndMatchPhotoMetadata({ file: bytes, req })
      const ms = performance.now() - started
      await commitTransaction(req)
      return { ms, reading }
    } catch (error) {
      await killTransaction(req)
      throw error
    }
  }

  const first = await timedReading(file)
  if (first.reading.match.status !== 'matched') throw new Error(`The bench photo did not match its credit: ${JSON.stringify(first.reading.match)}`)
  const steady: number[] = []
  const afterChange: number[] = []
  const newCredit: number[] = []
  for (let attempt = 0; attempt < ROUNDS; attempt += 1) {
    steady.push((await timedReading(file)).ms)
    // A credit saved since the last upload (an editor's fix): this upload reads the credits on file again.
    afterChange.push((await timedReading(file, (req) => executeSql(req, `update photo_credits set updated_at = now() where id = (select min(id) from photo_credits)`))).ms)
    // A photographer not on file: the match compares the name with every photographer's for near misses.
    const { ms, reading } = await timedReading(unknownFile)
    if (reading.match.status !== 'create') throw new Error(`The unknown photographer was not for creation: ${JSON.stringify(reading.match)}`)
    newCredit.push(ms)
  }
  // Where a re-read of the credits goes: the statement, then the index of folded names.
  const { loadCreditsOnFile } = await import('../src/photoDesk/readMetadata/readAndMatchPhotoMetadata')
  const { indexCreditsOnFile } = await import('../src/photoDesk/readMetadata/matchCredit')
  const loadTimes: number[] = []
  const indexTimes: number[] = []
  for (let attempt = 0; attempt < 5; attempt += 1) {
    let started = performance.now()
    const loaded = await loadCreditsOnFile(system)
    loadTimes.push(performance.now() - started)
    started = performance.now()
    indexCreditsOnFile(loaded)
    indexTimes.push(performance.now() - started)
  }
  // The read alone (the file already in memory), for comparison with bench/photoMetadataReaders.ts.
  const { readEmbeddedMetadata } = await import('../src/photoDesk/readMetadata/readEmbeddedMetadata')
  const readOnly: number[] = []
  for (let attempt = 0; attempt < ROUNDS; attempt += 1) {
    const started = performance.now()
    await readEmbeddedMetadata(file)
    readOnly.push(performance.now() - started)
  }
  const [{ credits, organizations }] = await executeSql<{ credits: number; organizations: number }>(
    system,
    'select (select count(*)::int from photo_credits) as credits, (select count(*)::int from organizations) as organizations',
  )
  fs.writeFileSync(
    outFile,
    JSON.stringify({
      credits,
      organizations,
      fileMb: round(file.length / 1024 ** 2),
      firstMs: round(first.ms),
      matchedMs: round(median(steady)),
      afterCreditChangeMs: round(median(afterChange)),
      newCreditMs: round(median(newCredit)),
      readOnlyMs: round(median(readOnly)),
      loadCreditsMs: round(median(loadTimes)),
      indexCreditsMs: round(median(indexTimes)),
      rounds: { steady, afterChange, newCredit },
    }),
  )
  fs.rmSync(named, { force: true })
  fs.rmSync(unknown, { force: true })
} finally {
  await closePayload(payload)
}
process.exit()
