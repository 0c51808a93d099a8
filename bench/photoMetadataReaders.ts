// Which library reads photo metadata at upload: coverage (JPEG, PNG, WebP, AVIF; XMP and IPTC-IIM; the fields the
// photo desk needs) and time per photo on a 24-megapixel JPEG, plus the matching of its credit against 2,000 credits.
// Run: npx tsx bench/photoMetadataReaders.ts [--runs 20]. Files are written with ExifTool, an independent writer.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

import exifr from 'exifr'
import { ExifTool } from 'exiftool-vendored'
import sharp from 'sharp'

import { matchCredit, wantedCreditFrom, type KnownCredit, type KnownOrganization } from '../src/photoDesk/readMetadata/matchCredit'
import { readEmbeddedMetadata } from '../src/photoDesk/readMetadata/readEmbeddedMetadata'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } })
const runs = Math.max(3, Number(values.runs) || 20)

const exiftool = new ExifTool({ maxProcs: 1 })
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'photo-metadata-bench-'))

const TAGS = {
  'XMP-dc:Creator': ['Alexander Nemenov'],
  'XMP-photoshop:Credit': 'AFP/Getty Images',
  'XMP-dc:Description': 'Chechen leader Ramzan Kadyrov at a rally in Grozny.',
  'XMP-iptcCore:AltTextAccessibility': 'A man in a dark suit speaks into a microphone.',
  'XMP-iptcExt:DigitalSourceType': 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
  'XMP-xmpRights:UsageTerms': 'Editorial use only',
  'IPTC:By-line': 'Alexander Nemenov',
  'IPTC:Credit': 'AFP/Getty Images',
  'IPTC:Caption-Abstract': 'Chechen leader Ramzan Kadyrov at a rally in Grozny.',
}

async function photo({ format, width, height, noise }: { format: 'jpeg' | 'png' | 'webp' | 'avif'; width: number; height: number; noise: boolean }) {
  const base = noise
    ? sharp({ create: { width, height, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    : sharp({ create: { width, height, channels: 3, background: '#557799' } })
  const file = path.join(dir, `${width}x${height}.${format}`)
  await fs.writeFile(file, await base.toFormat(format, format === 'jpeg' ? { quality: 90 } : {}).toBuffer())
  await exiftool.write(file, TAGS as never, { writeArgs: ['-overwrite_original', '-codedcharacterset=utf8'] })
  return { file, data: await fs.readFile(file) }
}

type Reader = { name: string; read: (data: Buffer, file: string) => Promise<{ creator?: unknown; alt?: unknown; iimCaption?: unknown }> }

const readers: Reader[] = [
  {
    name: 'exifreader (chosen; as used at upload)',
    read: async (data) => {
      const metadata = await readEmbeddedMetadata(data)
      return { creator: metadata.creator, alt: metadata.altText, iimCaption: metadata.foundIn.includes('IPTC-IIM') ? metadata.caption : undefined }
    },
  },
  {
    name: 'exifr 7',
    read: async (data) => {
      const tags = (await exifr.parse(data, { xmp: true, iptc: true, tiff: false, exif: false, gps: false, mergeOutput: false })) ?? {}
      return { creator: tags.dc?.creator, alt: tags.Iptc4xmpCore?.AltTextAccessibility, iimCaption: tags.iptc?.Caption }
    },
  },
  {
    name: 'exiftool-vendored (temp file + stay_open perl)',
    read: async (data, file) => {
      const copy = `${file}.copy${path.extname(file)}`
      await fs.writeFile(copy, data)
      const tags = (await exiftool.read(copy, { readArgs: ['-G1'] })) as Record<string, unknown>
      await fs.rm(copy, { force: true })
      return { creator: tags['XMP-dc:Creator'] ?? tags.Creator, alt: tags['XMP-iptcCore:AltTextAccessibility'] ?? tags.AltTextAccessibility, iimCaption: tags['IPTC:Caption-Abstract'] }
    },
  },
  {
    name: 'sharp metadata() (raw buffers, unparsed)',
    read: async (data) => {
      const { xmp, iptc } = await sharp(data).metadata()
      // sharp hands back the packets; a parser for XMP and IIM would still be needed.
      return { creator: xmp ? '(raw XMP buffer)' : undefined, alt: undefined, iimCaption: iptc ? '(raw IIM buffer)' : undefined }
    },
  },
]

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]

async function timeIt(run: () => Promise<unknown>) {
  await run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await run()
    times.push(performance.now() - started)
  }
  return median(times)
}

try {
  console.log('Coverage (creator from XMP / alt text from XMP / caption from IPTC-IIM):')
  const small = { jpeg: await photo({ format: 'jpeg', width: 64, height: 48, noise: false }), png: await photo({ format: 'png', width: 64, height: 48, noise: false }), webp: await photo({ format: 'webp', width: 64, height: 48, noise: false }), avif: await photo({ format: 'avif', width: 64, height: 48, noise: false }) }
  for (const reader of readers) {
    const cells: string[] = []
    for (const [format, { data, file }] of Object.entries(small)) {
      const found = await reader.read(data, file).catch((error: Error) => ({ error: error.message }))
      const mark = (value: unknown) => (value ? 'yes' : 'no')
      cells.push('error' in found ? `${format}: error (${String(found.error).slice(0, 40)})` : `${format}: ${mark(found.creator)}/${mark(found.alt)}/${mark(found.iimCaption)}`)
    }
    console.log(`  ${reader.name.padEnd(48)} ${cells.join('  ')}`)
  }

  console.log(`\nTime per photo, 24-megapixel JPEG (median of ${runs}):`)
  const big = await photo({ format: 'jpeg', width: 6000, height: 4000, noise: true })
  console.log(`  file: ${(big.data.length / 1024 / 1024).toFixed(1)} MB`)
  for (const reader of readers) console.log(`  ${reader.name.padEnd(48)} ${(await timeIt(() => reader.read(big.data, big.file))).toFixed(2)} ms`)

  // Matching against a newsroom's worth of credits (pure; the upload adds two SELECTs of these rows).
  const organizations: KnownOrganization[] = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, name: i === 0 ? 'AFP' : i === 1 ? 'Getty Images' : `Agency ${i}` }))
  const credits: KnownCredit[] = Array.from({ length: 2000 }, (_, i) => ({ id: i + 1, photographer: `Photographer Number${i}`, isPool: false, agencies: ['AFP', 'Getty Images'], courtesyOf: null }))
  credits.push({ id: 9999, photographer: 'Alexander Nemenov', isPool: false, agencies: ['AFP', 'Getty Images'], courtesyOf: null })
  const matchOnce = async () => {
    const metadata = await readEmbeddedMetadata(big.data)
    return matchCredit({ wanted: wantedCreditFrom({ ...metadata, organizations }), credits, organizations })
  }
  console.log(`  read + match against 2,000 credits (no database)        ${(await timeIt(matchOnce)).toFixed(2)} ms → ${(await matchOnce()).status}`)
} finally {
  await exiftool.end()
  await fs.rm(dir, { recursive: true, force: true })
}
