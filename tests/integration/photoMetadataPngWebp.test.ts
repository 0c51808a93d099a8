// A PNG's and a WebP's metadata is merged with the house fields in Node (src/photoDesk/writeBack/pngMetadataChunks.ts,
// webpMetadataChunks.ts) instead of exiftool rewriting the file. These tests read the result back with exiftool
// (independent of that writer) and decode it with sharp: the house's fields are there, the file's own kept, hostile
// text is data, and what the merge does not understand is left to exiftool.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import sharp from 'sharp'

import { IIM_MAX_BYTES, fitBytes, houseMetadataOf } from '../../src/photoDesk/writeBack/houseMetadata'
import { pngWithHouseMetadata } from '../../src/photoDesk/writeBack/pngMetadataChunks'
import { webpWithHouseMetadata } from '../../src/photoDesk/writeBack/webpMetadataChunks'
import { endExiftool, withExiftool, writeMetadataIntoPhotoFiles } from '../../src/photoDesk/writeBack/writeMetadataIntoFile'

let dir: string
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'newsroom-png-webp-'))
})
afterAll(async () => {
  await endExiftool()
  await fs.rm(dir, { recursive: true, force: true })
})

const metadataFor = (photographer: string) =>
  houseMetadataOf({ credit: { photographer, agencies: ['AFP'], license: 'agency' }, houseName: 'The Newsroom', webStatementUrl: 'https://news.example/photo-rights' })

let files = 0
async function picture(format: 'png' | 'webp', { alpha = false, lossless = false, tags }: { alpha?: boolean; lossless?: boolean; tags?: Record<string, unknown> } = {}) {
  files += 1
  const file = path.join(dir, `picture-${files}.${format}`)
  await sharp({ create: { width: 120, height: 80, channels: alpha ? 4 : 3, background: alpha ? { r: 40, g: 90, b: 140, alpha: 0.5 } : '#285a8c' } })
    .toFormat(format, format === 'webp' ? { lossless } : {})
    .toFile(file)
  if (tags) await withExiftool((exiftool) => exiftool.write(file, tags as never, { writeArgs: ['-overwrite_original', '-codedcharacterset=utf8'] }))
  return file
}

/** exiftool's warnings about a file (a packet it could not parse, a chunk out of place). */
const warningsOf = (read: Record<string, unknown>) =>
  Object.entries(read).filter(([key, value]) => /warning/i.test(key) && !(Array.isArray(value) && value.length === 0))

const exiftoolReading = (file: string) =>
  withExiftool(async (exiftool) => (await exiftool.readRaw(file, ['-G1', '-XMP:all', '-IPTC:all', '-struct'])) as Record<string, unknown>)

const write = (file: string, mimeType: string, photographer: string) =>
  writeMetadataIntoPhotoFiles({ metadata: metadataFor(photographer), files: [{ name: path.basename(file), location: file, mimeType }] })

describe('writing the house fields into PNG and WebP files in Node', () => {
  it.each([
    ['a bare PNG', 'png', {}],
    ['a PNG with an agency’s XMP and IIM', 'png', { tags: { 'XMP-dc:Description': 'Agency caption', 'IPTC:Keywords': ['rally', 'politics'], 'XMP-photoshop:Credit': 'Old credit', 'IPTC:By-line': 'Old by-line' } }],
    ['a lossy WebP', 'webp', {}],
    ['a lossless WebP with alpha', 'webp', { alpha: true, lossless: true }],
    ['a WebP with an agency’s XMP', 'webp', { tags: { 'XMP-dc:Description': 'Agency caption', 'XMP-photoshop:Credit': 'Old credit' } }],
  ] as const)('writes into %s: both the house’s fields and the file’s own read back, and the picture decodes as before', async (_label, format, options) => {
    const file = await picture(format, options)
    const pixels = await sharp(file).raw().toBuffer()
    const bytes = await fs.readFile(file)
    const splice = format === 'png' ? pngWithHouseMetadata : webpWithHouseMetadata
    // Merged in Node, not by exiftool.
    expect(splice(bytes, metadataFor('Zoë Dubois'))).not.toBeNull()
    const { failure } = await write(file, `image/${format}`, 'Zoë Dubois')
    expect(failure).toBeNull()
    const read = await exiftoolReading(file)
    expect(read).toMatchObject({
      'XMP-photoshop:Credit': 'Photo by Zoë Dubois/AFP.',
      'XMP-dc:Creator': ['Zoë Dubois'],
      'XMP-dc:Rights': '© AFP',
      'XMP-xmpRights:WebStatement': 'https://news.example/photo-rights',
    })
    expect(warningsOf(read)).toEqual([])
    if (format === 'png') expect(read).toMatchObject({ 'IPTC:By-line': 'Zoë Dubois', 'IPTC:Credit': 'Photo by Zoë Dubois/AFP.', 'IPTC:CodedCharacterSet': 'UTF8' })
    if ('tags' in options) expect(read).toMatchObject({ 'XMP-dc:Description': 'Agency caption', ...(format === 'png' ? { 'IPTC:Keywords': ['rally', 'politics'] } : {}) })
    expect((await sharp(file).raw().toBuffer()).equals(pixels)).toBe(true)
  })

  it('writes hostile text as data into a PNG and a WebP, and writes them a second time without doubling anything', async () => {
    const hostile = 'Ана ]]> <script>alert(1)</script> "Q" & 東京 \u202Egnp.exe'
    for (const [format, mimeType] of [['png', 'image/png'], ['webp', 'image/webp']] as const) {
      const file = await picture(format)
      await write(file, mimeType, 'First Photographer')
      await write(file, mimeType, hostile)
      const read = await exiftoolReading(file)
      expect(read).toMatchObject({ 'XMP-dc:Creator': [hostile] })
      if (format === 'png') expect(read['IPTC:By-line']).toBe(fitBytes(hostile, IIM_MAX_BYTES.byLine))
      expect(JSON.stringify(read)).not.toContain('First Photographer')
      expect((await sharp(file).metadata()).width).toBe(120)
    }
  })

  it('leaves a file whose chunks do not add up to exiftool, which reports it: the file stays as it was', async () => {
    const file = await picture('png')
    const whole = await fs.readFile(file)
    const broken = whole.subarray(0, 60)
    await fs.writeFile(file, broken)
    expect(pngWithHouseMetadata(broken, metadataFor('Ana'))).toBeNull()
    const { failure } = await write(file, 'image/png', 'Ana')
    expect(failure?.name).toBe(path.basename(file))
    expect((await fs.readFile(file)).equals(broken)).toBe(true)
  })
})
