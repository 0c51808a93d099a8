// The photo desk's cost per upload (issue 17): Payload's renditions of a 24-megapixel JPEG with the house credit
// written into the original and every size, against the same renditions without (same run, medians), and the same
// for a bulk of 200 photos written by one job; and the read and match of a 24 MP JPEG's metadata at upload against
// 2,000 credits (bench/photoReadAndMatch.ts, in a process of its own with a database). Part of `npm run bench`; the
// photo rows alone: `npm run bench -- --only=photo`, or `npx tsx bench/photoMetadata.ts [--quick] [--only=single,bulk,match]`
// (quick: fewer rounds, a bulk of 20, 500 credits). The write rows have no database: the job's database work is four
// reads whatever the number of photos; what grows with photos and pixels is the file work measured here.
import fs from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'

import { runTypeScript } from '../tests/helpers/typeScriptChild'
import { type BenchPostgres, startBenchPostgres } from './lib/postgres'

import { houseMetadataOf } from '../src/photoDesk/writeBack/houseMetadata'
import { jpegWithRoomForMetadata, spliceJpegMetadata } from '../src/photoDesk/writeBack/jpegMetadataSegments'
import {
  endExiftool,
  withExiftool,
  writeHouseMetadataIntoJpeg,
  writeMetadataIntoPhotos,
} from '../src/photoDesk/writeBack/writeMetadataIntoFile'
import { median } from './lib/statistics'

type Target = { scenario: string; baseline: string; measured: string; target: string; isPassed: boolean }

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits

/** The widths of Media's image sizes (src/collections/Media: thumbnail, card, hero), as Payload makes them. */
const SIZE_WIDTHS = [320, 768, 1600]

const METADATA = houseMetadataOf({
  credit: { photographer: 'Alexander Nemenov', agencies: ['AFP', 'Getty Images'], license: 'agency' },
  houseName: 'The Newsroom',
  webStatementUrl: 'https://news.example/photo-rights',
})

/** A photo-like JPEG: a gradient with grain, so it compresses as a photo does rather than as a flat colour. */
async function makeJpeg(file: string, width: number, height: number) {
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x2="1" y2="1">` +
      `<stop offset="0" stop-color="#2b4c6f"/><stop offset="1" stop-color="#e0a96d"/></linearGradient></defs>` +
      `<rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  )
  const grain = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 0, sigma: 18 } } }).png().toBuffer()
  await sharp(gradient).composite([{ input: grain, blend: 'add' }]).jpeg({ quality: 88 }).toFile(file)
  // As a wire photo arrives: the agency's own IPTC and XMP, which the original keeps (the write merges with it).
  await withExiftool((exiftool) =>
    exiftool.write(file, { 'IPTC:Caption-Abstract': 'Wire caption '.repeat(20), 'IPTC:Keywords': ['news', 'wire'], 'XMP-dc:Description': 'Wire caption' } as never, { writeArgs: ['-overwrite_original'] }),
  )
}

/** Payload's renditions: one resize per image size, written beside the original. */
async function renditions(original: string): Promise<string[]> {
  const base = original.replace(/\.jpg$/, '')
  return Promise.all(
    SIZE_WIDTHS.map(async (width) => {
      const file = `${base}-${width}w.jpg`
      await sharp(original).resize({ width, withoutEnlargement: true }).jpeg().toFile(file)
      return file
    }),
  )
}

const asPhotoFile = (location: string) => ({ name: path.basename(location), location, mimeType: 'image/jpeg' })

/** Runs bench/photoReadAndMatch.ts on a fresh database of its own (the schema pushed as in development). */
async function measureReadAndMatch({ source, dir, credits, pg }: { source: string; dir: string; credits: number; pg?: BenchPostgres }) {
  const postgres = pg ?? (await startBenchPostgres())
  try {
    // Without pg_stat_statements (createDatabase adds it), whose views the schema push would try to drop.
    const databaseUrl = await postgres.cloneDatabase('bench_photo_match', 'template1')
    const out = path.join(dir, 'read-and-match.json')
    await runTypeScript(path.join(import.meta.dirname, 'photoReadAndMatch.ts'), {
      args: [source, out, String(credits)],
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, NODE_ENV: 'development', NODE_OPTIONS: '--no-deprecation', DATABASE_URL: databaseUrl, PAYLOAD_SECRET: 'bench-payload-secret', JOBS_AUTORUN: 'false', LOG_LEVEL: 'warn', MEDIA_DIR: path.join(dir, 'media'), NEXT_TELEMETRY_DISABLED: '1' },
      maxBuffer: 16 * 1024 * 1024,
    })
    return JSON.parse(fs.readFileSync(out, 'utf8')) as {
      credits: number
      organizations: number
      fileMb: number
      firstMs: number
      matchedMs: number
      afterCreditChangeMs: number
      newCreditMs: number
      readOnlyMs: number
    }
  } finally {
    if (!pg) await postgres.stop()
  }
}

export const PHOTO_BENCH_PARTS = ['single', 'bulk', 'match'] as const
export type PhotoBenchPart = (typeof PHOTO_BENCH_PARTS)[number]

export async function measurePhotoMetadata({
  isQuick,
  workDir,
  log = console.log,
  pg,
  parts,
}: {
  isQuick: boolean
  workDir: string
  log?: (message: string) => void
  /** The bench's PostgreSQL server, for the read-and-match row's database; started for the row when not given. */
  pg?: BenchPostgres
  /** Which rows to measure (all by default): `--only=single,bulk,match` when run alone, `--only=photo` in `npm run bench`. */
  parts?: PhotoBenchPart[]
}) {
  const isMeasured = (part: PhotoBenchPart) => !parts || parts.includes(part)
  const targets: Target[] = []
  const results: Record<string, unknown> = {}
  const r = (value: number) => `${round(value)}×`
  const rounds = isQuick ? 3 : 5
  const bulkCount = isQuick ? 20 : 200
  const dir = path.join(workDir, 'photo-metadata')
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  try {
    // ------------------------------------------------------------ one 24-megapixel JPEG
    const source = path.join(dir, 'source-24mp.jpg')
    log('photo metadata: making a 6000×4000 JPEG …')
    await makeJpeg(source, 6000, 4000)
    const sourceBytes = fs.statSync(source).size
    let started = 0
    if (isMeasured('single')) {
      const without: number[] = []
      const withMetadata: number[] = []
      const sizesWrite: number[] = []
      const originalWrite: number[] = []
      const originalWriteWithoutRoom: number[] = []
      // The same photo without XMP or IIM of its own, as a camera makes it: the upload gives it room in an XMP packet
      // (src/photoDesk/writeBack/roomForHouseMetadata.ts), so the write is a kernel copy here too.
      const bare = path.join(dir, 'source-bare.jpg')
      fs.writeFileSync(bare, spliceJpegMetadata(fs.readFileSync(source), []))
      // The first write of the process (its code compiled, its buffers first allocated), once per server process.
      const first = path.join(dir, 'first.jpg')
      fs.copyFileSync(source, first)
      started = performance.now()
      await writeHouseMetadataIntoJpeg({ file: first, metadata: METADATA })
      const firstWriteMs = performance.now() - started
      // Alternating, so a slower moment of the machine hits both alike.
      for (let round = 0; round < rounds; round += 1) {
        const plain = path.join(dir, `plain-${round}.jpg`)
        fs.copyFileSync(source, plain)
        started = performance.now()
        await renditions(plain)
        without.push(performance.now() - started)

        const written = path.join(dir, `written-${round}.jpg`)
        fs.copyFileSync(source, written)
        started = performance.now()
        const sizes = await renditions(written)
        const sizesStarted = performance.now()
        // The sizes and the original as the job writes them (src/photoDesk/writeBack/writeMetadataIntoFile.ts): each
        // file read once, its own XMP and IIM merged with the house fields in this process, spliced, written once.
        for (const size of sizes) await writeHouseMetadataIntoJpeg({ file: size, metadata: METADATA })
        const sizesDone = performance.now()
        withMetadata.push(sizesDone - started)
        sizesWrite.push(sizesDone - sizesStarted)
        await writeHouseMetadataIntoJpeg({ file: written, metadata: METADATA })
        originalWrite.push(performance.now() - sizesDone)
        // A camera JPEG as the server takes it: room made in its XMP in the upload's bytes (in memory, timed), the
        // original written by Payload as it is in any case (not timed), then the job's write (timed).
        const bareCopy = path.join(dir, `bare-${round}.jpg`)
        const uploaded = fs.readFileSync(bare)
        started = performance.now()
        const withRoom = jpegWithRoomForMetadata(uploaded) ?? uploaded
        const roomMs = performance.now() - started
        fs.writeFileSync(bareCopy, withRoom)
        started = performance.now()
        await writeHouseMetadataIntoJpeg({ file: bareCopy, metadata: METADATA })
        originalWriteWithoutRoom.push(roomMs + performance.now() - started)
      }
      const single = {
        megapixels: 24,
        sourceMb: round(sourceBytes / 1024 ** 2, 1),
        renditionsMs: round(median(without), 0),
        renditionsWithMetadataMs: round(median(withMetadata), 0),
        sizesWriteMs: round(median(sizesWrite), 0),
        originalWriteMs: round(median(originalWrite), 0),
        originalWriteWithoutRoomMs: round(median(originalWriteWithoutRoom), 0),
        firstWriteMs: round(firstWriteMs, 0),
        rounds: { without, withMetadata, sizesWrite, originalWrite, originalWriteWithoutRoom },
      }
      // The renditions are the same work in both runs; on shared cores their time swings by more than the whole write,
      // so the ratio adds the write's median to the renditions' median rather than dividing two noisy totals.
      const singleRatio = 1 + single.sizesWriteMs / single.renditionsMs
      // Judged on the slower of the two photos: the wire photo (the agency's XMP, with its padding, and IIM) and the
      // camera JPEG (no XMP: room made at upload).
      const wireRatio = 1 + (single.sizesWriteMs + single.originalWriteMs) / single.renditionsMs
      const withoutRoomRatio = 1 + (single.sizesWriteMs + single.originalWriteWithoutRoomMs) / single.renditionsMs
      const uploadRatio = Math.max(wireRatio, withoutRoomRatio)
      log(`photo metadata: 24 MP renditions ${single.renditionsMs} ms, with metadata ${single.renditionsWithMetadataMs} ms; original's write ${single.originalWriteMs} ms (without room ${single.originalWriteWithoutRoomMs} ms)`)
      results.single = single
      targets.push({
        scenario: 'photo renditions with the credit written in, 24 MP JPEG (original + 3 sizes)',
        baseline: `renditions alone ${single.renditionsMs} ms, median (${single.sourceMb} MB file)`,
        measured:
          `+ the sizes' write ${single.sizesWriteMs} ms and the original's ${single.originalWriteMs} ms (the agency's fields merged in Node and spliced into its packet's padding: the kernel copies the picture) = ${r(wireRatio)}; ` +
          `a camera JPEG without XMP: room made at upload in memory, then the same write, ${single.originalWriteWithoutRoomMs} ms = ${r(withoutRoomRatio)} ` +
          `(sizes alone ${r(singleRatio)}; renditions and the sizes' write in one run: ${single.renditionsWithMetadataMs} ms); no exiftool process: the first write of a server process ${single.firstWriteMs} ms`,
        target: '≤ 1.2×',
        isPassed: uploadRatio <= 1.2,
      })
    }

    // ------------------------------------------------------------ a bulk of photos, one job
    if (isMeasured('bulk')) {
      const bulkSource = path.join(dir, 'bulk-source.jpg')
      // A wire photo as agencies send them for the web: 12 megapixels.
      await makeJpeg(bulkSource, 4200, 2800)
      const names = Array.from({ length: bulkCount }, (_, index) => index)
      const copies = (prefix: string) =>
        names.map((index) => {
          const file = path.join(dir, `${prefix}-${index}.jpg`)
          fs.copyFileSync(bulkSource, file)
          return file
        })
      log(`photo metadata: a bulk of ${bulkCount} 12 MP photos, without and with written metadata …`)
      const plainBulk = copies('bulk-plain')
      started = performance.now()
      for (const file of plainBulk) await renditions(file)
      const bulkWithoutMs = performance.now() - started
      plainBulk.forEach((file) => fs.rmSync(file, { force: true }))

      const writtenBulk = copies('bulk-written')
      started = performance.now()
      const photos: string[][] = []
      for (const file of writtenBulk) photos.push([file, ...(await renditions(file))])
      const bulkWriteStarted = performance.now()
      // The job for a bulk upload (or a rename touching every photo): two photos at a time, no exiftool for JPEG.
      const written = await writeMetadataIntoPhotos({ photos: photos.map((files) => ({ metadata: METADATA, files: files.map(asPhotoFile) })) })
      const failed = written.find((result) => result.failure)
      if (failed) throw failed.failure!.error
      const bulkWithMs = performance.now() - started
      const bulkWriteMs = performance.now() - bulkWriteStarted
      const bulk = {
        photos: bulkCount,
        megapixels: 12,
        renditionsSeconds: round(bulkWithoutMs / 1000, 1),
        withMetadataSeconds: round(bulkWithMs / 1000, 1),
        metadataWriteSeconds: round(bulkWriteMs / 1000, 1),
        metadataWriteMsPerPhoto: round(bulkWriteMs / bulkCount, 0),
      }
      // As above: the write added to the renditions (each measured once, in the same run).
      const bulkRatio = 1 + bulkWriteMs / bulkWithoutMs
      results.bulk = bulk
      targets.push({
        scenario: `bulk of ${bulkCount} 12 MP photos, one write-back job${isQuick ? ' (quick: scaled down)' : ''}`,
        baseline: `renditions alone ${bulk.renditionsSeconds} s`,
        measured: `+ the write ${bulk.metadataWriteSeconds} s (${bulk.metadataWriteMsPerPhoto} ms per photo, two at a time) = ${r(bulkRatio)}`,
        target: '≤ 1.2×',
        isPassed: bulkRatio <= 1.2,
      })
    }

    // ------------------------------------------------------------ read and match at upload (issue 17, "Read at upload")
    if (isMeasured('match')) {
      // In a process of its own against a database with a newsroom's worth of credits (bench/photoReadAndMatch.ts).
      log(`photo metadata: read and match a 24 MP JPEG against ${isQuick ? 500 : 2000} credits …`)
      const readAndMatch = await measureReadAndMatch({ source, dir, credits: isQuick ? 500 : 2000, pg })
      const readAndMatchWorstMs = Math.max(readAndMatch.matchedMs, readAndMatch.afterCreditChangeMs, readAndMatch.newCreditMs)
      results.readAndMatch = { ...readAndMatch, rounds: undefined }
      targets.push({
        scenario: `read and match a 24 MP JPEG’s metadata at upload, against ${readAndMatch.credits} credits and ${readAndMatch.organizations} organizations`,
        baseline: `the read alone ${readAndMatch.readOnlyMs} ms (${readAndMatch.fileMb} MB file in memory)`,
        measured:
          `${readAndMatch.matchedMs} ms when the file names a credit on file; ${readAndMatch.afterCreditChangeMs} ms for the first upload after a credit changed ` +
          `(the credits read again); ${readAndMatch.newCreditMs} ms for a photographer not on file (near misses checked); medians of 21, each upload in its own transaction`,
        target: '≤ 50 ms',
        isPassed: readAndMatchWorstMs <= 50,
      })
    }
    return { targets, results }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
    await endExiftool()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const isQuick = process.argv.includes('--quick')
  const only = process.argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length).split(',')
  const unknown = only?.filter((part) => !(PHOTO_BENCH_PARTS as readonly string[]).includes(part))
  if (unknown?.length) throw new Error(`Unknown part ${unknown.join(', ')}: choose among ${PHOTO_BENCH_PARTS.join(', ')} (e.g. --only=bulk,match).`)
  const { targets, results } = await measurePhotoMetadata({ isQuick, workDir: path.resolve(import.meta.dirname, '.work'), parts: only as PhotoBenchPart[] | undefined })
  // --out=<file>: the targets and results as JSON, for `npm run bench`, which runs the file rows in this process of their own.
  const out = process.argv.find((argument) => argument.startsWith('--out='))?.slice('--out='.length)
  if (out) fs.writeFileSync(out, JSON.stringify({ targets, results }))
  const single = results.single as { rounds?: unknown } | undefined
  console.log(JSON.stringify({ ...results, single: single && { ...single, rounds: undefined } }, null, 2))
  console.log(['| scenario | baseline (same run) | measured | target | result |', '|---|---|---|---|---|', ...targets.map((t) => `| ${t.scenario} | ${t.baseline} | ${t.measured} | ${t.target} | ${t.isPassed ? 'PASS' : '**FAIL**'} |`)].join('\n'))
}
