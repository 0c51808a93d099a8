// A JPEG's metadata is written by merging its own XMP and IIM segments with the house fields in Node and splicing
// them back (src/photoDesk/writeBack), instead of exiftool rewriting the whole picture; PNG and WebP chunks likewise. These tests hold it to what
// exiftool's own rewrite gives, read back by two readers independent of that writer (exiftool and exifreader), and
// to the picture's bytes staying as they were.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import ExifReader from 'exifreader'
import sharp from 'sharp'

import { readEmbeddedMetadata } from '../../src/photoDesk/readMetadata/readEmbeddedMetadata'
import { IIM_MAX_BYTES, exiftoolTagsFor, fitBytes, houseMetadataOf } from '../../src/photoDesk/writeBack/houseMetadata'
import { pngWithHouseMetadata } from '../../src/photoDesk/writeBack/pngMetadataChunks'
import { webpWithHouseMetadata } from '../../src/photoDesk/writeBack/webpMetadataChunks'
import { houseMetadataSegmentsOf, ownMetadataSegmentsOf } from '../../src/photoDesk/writeBack/jpegMetadataSegments'
import { endExiftool, withExiftool, writeHouseMetadataIntoJpeg, writeMetadataIntoFile, writeMetadataIntoPhotoFiles } from '../../src/photoDesk/writeBack/writeMetadataIntoFile'

let dir: string
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'newsroom-splice-'))
})
afterAll(async () => {
  await endExiftool()
  await fs.rm(dir, { recursive: true, force: true })
})

const houseMetadata = (photographer: string) =>
  houseMetadataOf({ credit: { photographer, agencies: ['AFP', 'Getty Images'], license: 'agency' }, houseName: 'The Newsroom', webStatementUrl: 'https://news.example/photo-rights' })
const houseTags = (photographer: string) => exiftoolTagsFor(houseMetadata(photographer), 'image/jpeg')

let files = 0
/** A wire photo: Exif and a colour profile from the camera, and the agency's XMP and IIM. */
async function wirePhoto(agencyTags: Record<string, unknown>, { width = 320, height = 240 } = {}): Promise<string> {
  files += 1
  const file = path.join(dir, `wire-${files}.jpg`)
  await sharp({ create: { width, height, channels: 3, background: '#4a6b8a', noise: { type: 'gaussian', mean: 0, sigma: 20 } } })
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Artist: 'Camera owner', Make: 'Nikon' } })
    .withIccProfile('srgb')
    .toFile(file)
  await withExiftool((exiftool) => exiftool.write(file, agencyTags as never, { writeArgs: ['-overwrite_original', '-codedcharacterset=utf8'] }))
  return file
}

const copyOf = async (file: string, name: string) => {
  const copy = path.join(dir, name)
  await fs.copyFile(file, copy)
  return copy
}

/** Every XMP, IPTC, Exif and ICC value exiftool reads, by group (the file's own facts left out). */
const exiftoolReading = (file: string) =>
  withExiftool(async (exiftool) => {
    const raw = (await exiftool.readRaw(file, ['-G1', '-XMP:all', '-IPTC:all', '-EXIF:all', '-ICC_Profile:all', '-struct'])) as Record<string, unknown>
    // The toolkit names the writer (exiftool's rewrite says "Image::ExifTool"), not the photo.
    const { SourceFile: _source, 'XMP-x:XMPToolkit': _toolkit, ...tags } = raw
    return tags
  })

/** exiftool's warnings about a file (a packet it could not parse, a chunk out of place). */
const warningsOf = (read: Record<string, unknown>) =>
  Object.entries(read).filter(([key, value]) => /warning/i.test(key) && !(Array.isArray(value) && value.length === 0))

/** What exifreader reads from the XMP and IPTC-IIM (descriptions, as the upload reads them). */
async function exifreaderReading(file: string) {
  const tags = (await ExifReader.load(await fs.readFile(file), { expanded: true })) as unknown as Record<string, Record<string, { description?: unknown }>>
  const described = (group: Record<string, { description?: unknown }> | undefined) =>
    Object.fromEntries(Object.entries(group ?? {}).filter(([key]) => key !== '_raw').map(([key, tag]) => [key, tag.description]))
  return { xmp: described(tags.xmp), iptc: described(tags.iptc), exif: described(tags.exif) }
}

/** The compressed picture: from the start of scan to the end. */
async function pictureBytes(file: string): Promise<Buffer> {
  const bytes = await fs.readFile(file)
  let at = 2
  while (bytes[at + 1] !== 0xda) at += 2 + bytes.readUInt16BE(at + 2)
  return bytes.subarray(at)
}

const AGENCY = {
  'XMP-dc:Creator': ['Alexander Nemenov'],
  'XMP-photoshop:Credit': 'AFP/Getty Images',
  'XMP-dc:Description': 'Chechen leader Ramzan Kadyrov at a rally in Grozny.',
  'XMP-iptcCore:AltTextAccessibility': 'A man in a dark suit speaks into a microphone.',
  'XMP-xmpRights:UsageTerms': 'Editorial use only.',
  'XMP-plus:LicensorName': 'Getty Images',
  'IPTC:By-line': 'Alexander Nemenov',
  'IPTC:Credit': 'AFP/Getty Images',
  'IPTC:Caption-Abstract': 'Chechen leader Ramzan Kadyrov at a rally in Grozny.',
  'IPTC:Keywords': ['politics', 'rally'],
  'IPTC:ExpirationDate': '2027:01:31',
}

describe('writing a JPEG original’s metadata by splicing its segments', () => {
  it.each([
    ['an agency’s XMP and IIM', 'in Node', AGENCY],
    ['no metadata of its own', 'in Node', {}],
    ['XMP only', 'in Node', { 'XMP-dc:Creator': ['Zoé Lefèvre'], 'XMP-photoshop:Credit': 'Reuters' }],
    ['a 100 KB caption (extended XMP)', 'by exiftool', { ...AGENCY, 'XMP-dc:Description': 'Wire caption, long. '.repeat(5000) }],
    ['hostile strings', 'in Node', { 'XMP-dc:Description': '</x:xmpmeta><script>alert(1)</script> "quoted" & \'single\'\n\u202Eevil', 'IPTC:Caption-Abstract': '<b>bold</b> & \u0007 bell' }],
  ])('reads the same as exiftool’s rewrite, to exiftool and exifreader, for a file with %s (merged %s); the picture is untouched', async (_label, mergedBy, agencyTags) => {
    const original = await wirePhoto(agencyTags)
    // Which way the write goes: extended XMP is left to exiftool, the rest merged in this process.
    const own = ownMetadataSegmentsOf(await fs.readFile(original))!
    expect(houseMetadataSegmentsOf(own, houseMetadata('Alexander Nemenov')) ? 'in Node' : 'by exiftool').toBe(mergedBy)
    const [byExiftool, bySplice] = await Promise.all([copyOf(original, `exiftool-${files}.jpg`), copyOf(original, `splice-${files}.jpg`)])
    const photographer = 'Alexander Nemenov <script>&"\''
    await withExiftool((exiftool) => writeMetadataIntoFile({ exiftool, file: byExiftool, tags: houseTags(photographer) }))
    await writeHouseMetadataIntoJpeg({ file: bySplice, metadata: houseMetadata(photographer) })

    const [expected, actual] = await Promise.all([exiftoolReading(byExiftool), exiftoolReading(bySplice)])
    expect(actual).toEqual(expected)
    // The house fields are there, and the agency's kept (exiftool's view of both files is the same, above).
    expect(actual).toMatchObject({ 'XMP-photoshop:Credit': 'Photo by Alexander Nemenov <script>&"\'/AFP/Getty Images.', 'IFD0:Artist': 'Camera owner' })
    expect(await exifreaderReading(bySplice)).toEqual(await exifreaderReading(byExiftool))
    expect((await pictureBytes(bySplice)).equals(await pictureBytes(original))).toBe(true)
    expect((await sharp(bySplice).stats()).channels.map((channel) => channel.mean)).toEqual((await sharp(original).stats()).channels.map((channel) => channel.mean))
  })

  it('leaves a broken JPEG as it was and reports it, rather than writing half a file', async () => {
    const original = await wirePhoto(AGENCY)
    const whole = await fs.readFile(original)
    // Cut inside the metadata segments: they no longer add up, and exiftool cannot read the file either.
    const broken = path.join(dir, 'broken.jpg')
    await fs.writeFile(broken, whole.subarray(0, 200))
    await expect(writeHouseMetadataIntoJpeg({ file: broken, metadata: houseMetadata('Alexander Nemenov') })).rejects.toThrow()
    expect((await fs.readFile(broken)).equals(whole.subarray(0, 200))).toBe(true)
    expect((await fs.readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([])
  })

  it('writes one file twice at once (two jobs for one photo) one after the other: both succeed, the second’s fields win', async () => {
    const original = await wirePhoto(AGENCY)
    const picture = await pictureBytes(original)
    const writes = ['Maria Quintero', 'Maria Quintero-Lopez'].map((photographer) =>
      withExiftool((exiftool) => writeMetadataIntoFile({ exiftool, file: original, tags: houseTags(photographer) })),
    )
    await expect(Promise.all(writes)).resolves.toHaveLength(2)
    const spliced = ['Ana Ruiz', 'Ana Ruiz-Diaz'].map((photographer) => writeHouseMetadataIntoJpeg({ file: original, metadata: houseMetadata(photographer) }))
    await expect(Promise.all(spliced)).resolves.toHaveLength(2)
    expect(await exiftoolReading(original)).toMatchObject({ 'XMP-photoshop:Credit': 'Photo by Ana Ruiz-Diaz/AFP/Getty Images.', 'XMP-dc:Description': AGENCY['XMP-dc:Description'] })
    expect((await pictureBytes(original)).equals(picture)).toBe(true)
  })

  it('keeps the agency’s caption, keywords, alt text, licensor and expiry, as both readers see them, after the house’s fields are written', async () => {
    const file = await wirePhoto(AGENCY)
    await writeHouseMetadataIntoJpeg({ file, metadata: houseMetadata('Alexander Nemenov') })
    expect(await exiftoolReading(file)).toMatchObject({
      'XMP-dc:Description': AGENCY['XMP-dc:Description'],
      'XMP-iptcCore:AltTextAccessibility': AGENCY['XMP-iptcCore:AltTextAccessibility'],
      'XMP-plus:Licensor': [{ LicensorName: 'Getty Images' }],
      'IPTC:Caption-Abstract': AGENCY['IPTC:Caption-Abstract'],
      'IPTC:Keywords': ['politics', 'rally'],
      'IPTC:ExpirationDate': '2027:01:31',
      // The house's, in place of the agency's.
      'XMP-photoshop:Credit': 'Photo by Alexander Nemenov/AFP/Getty Images.',
      'XMP-xmpRights:UsageTerms': 'Licensed to The Newsroom for editorial use only. No reuse without a licence from AFP/Getty Images.',
      'IPTC:Credit': fitBytes('Photo by Alexander Nemenov/AFP/Getty Images.', IIM_MAX_BYTES.credit),
    })
    const { xmp, iptc } = await exifreaderReading(file)
    expect(xmp).toMatchObject({ description: AGENCY['XMP-dc:Description'], Credit: 'Photo by Alexander Nemenov/AFP/Getty Images.' })
    expect(iptc).toMatchObject({ 'Caption/Abstract': AGENCY['IPTC:Caption-Abstract'], 'Expiration Date': '20270131', 'Coded Character Set': 'UTF-8' })
  })

  it('writes the photo’s own licensor in place of the agency’s, as exiftool and the upload’s own reader see it', async () => {
    const file = await wirePhoto(AGENCY)
    await writeHouseMetadataIntoJpeg({ file, metadata: { ...houseMetadata('Alexander Nemenov'), licensor: 'AFP Licensing <desk>' } })
    expect(await exiftoolReading(file)).toMatchObject({ 'XMP-plus:Licensor': [{ LicensorName: 'AFP Licensing <desk>' }], 'XMP-dc:Description': AGENCY['XMP-dc:Description'] })
    const read = await readEmbeddedMetadata(await fs.readFile(file))
    expect(read).toMatchObject({ licensor: 'AFP Licensing <desk>', creator: 'Alexander Nemenov', caption: AGENCY['XMP-dc:Description'] })
  })

  it('writes hostile house text (`]]>`, markup, quotes, bidi controls, non-Latin scripts) as data that both readers get back, and the picture still decodes', async () => {
    const photographer = 'Ана ]]> <script>alert(1)</script> "Q" \'s\' \u202Egnp.exe 東京 & Co'
    const file = await wirePhoto(AGENCY)
    await writeHouseMetadataIntoJpeg({ file, metadata: houseMetadata(photographer) })
    const metadata = houseMetadata(photographer)
    const byExiftool = await exiftoolReading(file)
    expect(byExiftool).toMatchObject({
      'XMP-dc:Creator': [photographer],
      'XMP-photoshop:Credit': metadata.creditLine,
      // IIM: UTF-8 (1:90 ESC % G), cut within its dataset's bytes at a character.
      'IPTC:CodedCharacterSet': 'UTF8',
      'IPTC:By-line': fitBytes(photographer, IIM_MAX_BYTES.byLine),
      'IPTC:Credit': fitBytes(metadata.creditLine!, IIM_MAX_BYTES.credit),
    })
    const { xmp, iptc } = await exifreaderReading(file)
    expect(xmp.creator).toBe(photographer)
    expect(iptc['By-line']).toBe(fitBytes(photographer, IIM_MAX_BYTES.byLine))
    expect((await sharp(file).metadata()).width).toBe(320)
    await sharp(file).raw().toBuffer()
  })

  it('carries an agency’s Latin-1 IIM caption over into the UTF-8 the house declares', async () => {
    const file = await wirePhoto({})
    // A wire photo of old: IIM with no character set declared, its caption in Latin-1.
    const caption = Buffer.from('Zoé à Grozny, Mäßig', 'latin1')
    const iim = Buffer.concat([Buffer.from([0x1c, 2, 120, 0, caption.length]), caption])
    const resource = Buffer.concat([Buffer.from('8BIM\u0004\u0004\u0000\u0000', 'latin1'), Buffer.from([0, 0, 0, iim.length]), iim, Buffer.alloc(iim.length % 2)])
    const body = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource])
    const jpeg = await fs.readFile(file)
    await fs.writeFile(file, Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xed, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body, jpeg.subarray(2)]))
    await writeHouseMetadataIntoJpeg({ file, metadata: houseMetadata('Zoé Lefèvre') })
    expect(await exiftoolReading(file)).toMatchObject({ 'IPTC:Caption-Abstract': 'Zoé à Grozny, Mäßig', 'IPTC:By-line': 'Zoé Lefèvre', 'IPTC:CodedCharacterSet': 'UTF8' })
  })

  it('replaces house properties an agency wrote as attributes or under another prefix, and keeps its other properties', async () => {
    const packet =
      `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
      `<rdf:Description rdf:about="" xmlns:ps="http://ns.adobe.com/photoshop/1.0/" ps:Credit="Old credit" ps:City="Grozny"/>` +
      `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Old creator</rdf:li></rdf:Seq></dc:creator><dc:subject><rdf:Bag><rdf:li>rally</rdf:li></rdf:Bag></dc:subject></rdf:Description>` +
      `</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
    files += 1
    const file = path.join(dir, `attributes-${files}.jpg`)
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).jpeg().withXmp(packet).toFile(file)
    expect(await exiftoolReading(file)).toMatchObject({ 'XMP-photoshop:Credit': 'Old credit' })
    await writeHouseMetadataIntoJpeg({ file, metadata: houseMetadata('Ana Ruiz') })
    const read = await exiftoolReading(file)
    expect(read).toMatchObject({ 'XMP-photoshop:Credit': 'Photo by Ana Ruiz/AFP/Getty Images.', 'XMP-dc:Creator': ['Ana Ruiz'], 'XMP-photoshop:City': 'Grozny', 'XMP-dc:Subject': ['rally'] })
    expect(warningsOf(read)).toEqual([])
  })

  it('hands a packet it does not fully understand (a DOCTYPE with an entity) to exiftool, and the file still gets the credit and decodes', async () => {
    files += 1
    const file = path.join(dir, `doctype-${files}.jpg`)
    const packet =
      `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><!DOCTYPE x [<!ENTITY boom "boom">]><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
      `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>&boom;</dc:format></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).jpeg().withXmp(packet).toFile(file)
    const own = ownMetadataSegmentsOf(await fs.readFile(file))!
    expect(houseMetadataSegmentsOf(own, houseMetadata('Ana Ruiz'))).toBeNull()
    await writeHouseMetadataIntoJpeg({ file, metadata: houseMetadata('Ana Ruiz') })
    expect(await exiftoolReading(file)).toMatchObject({ 'XMP-photoshop:Credit': 'Photo by Ana Ruiz/AFP/Getty Images.' })
    expect((await sharp(file).metadata()).width).toBe(64)
  })

  // Larger than the head read first (256 KB): the kernel copies the file and only its head is written.
  const LARGE = { width: 1600, height: 1200 }

  it('writes a later credit where the first one was (the packet’s padding): the file keeps its length and picture, and a credit too long for the room still gets written', async () => {
    const file = await wirePhoto(AGENCY, LARGE)
    expect((await fs.stat(file)).size).toBeGreaterThan(256 * 1024)
    const picture = await pictureBytes(file)
    await writeHouseMetadataIntoJpeg({ file, metadata: houseMetadata('Ana Ruiz') })
    const { size } = await fs.stat(file)
    await writeHouseMetadataIntoJpeg({ file, metadata: houseMetadata('Ana Ruiz-Díaz de la Fuente') })
    expect((await fs.stat(file)).size).toBe(size)
    expect(await exiftoolReading(file)).toMatchObject({ 'XMP-dc:Creator': ['Ana Ruiz-Díaz de la Fuente'], 'IPTC:By-line': 'Ana Ruiz-Díaz de la Fuente', 'IPTC:Keywords': ['politics', 'rally'] })
    // Longer than the room the padding leaves: the file grows, and still reads whole.
    const long = 'Ж'.repeat(1900)
    await writeHouseMetadataIntoJpeg({ file, metadata: { ...houseMetadata('Ana Ruiz'), usageTerms: long } })
    expect((await fs.stat(file)).size).toBeGreaterThan(size)
    expect(await exiftoolReading(file)).toMatchObject({ 'XMP-xmpRights:UsageTerms': long, 'XMP-dc:Creator': ['Ana Ruiz'] })
    expect((await pictureBytes(file)).equals(picture)).toBe(true)
  })

  it('drops the copy and reports it when the file is replaced while its metadata is written, leaving the new file as it came', async () => {
    const file = await wirePhoto(AGENCY, LARGE)
    await writeHouseMetadataIntoJpeg({ file, metadata: houseMetadata('Ana Ruiz') })
    const replacement = await fs.readFile(await wirePhoto({ 'XMP-photoshop:Credit': 'The newer upload' }))
    // The new upload lands just after the copy is made (the kernel's copy of a file whose credit fits its padding).
    const copyFile = fs.copyFile
    fs.copyFile = async (...args: Parameters<typeof copyFile>) => {
      await copyFile(...args)
      await fs.writeFile(`${file}.new`, replacement)
      await fs.rename(`${file}.new`, file)
    }
    try {
      await expect(writeHouseMetadataIntoJpeg({ file, metadata: houseMetadata('Ana Ruiz-Díaz') })).rejects.toThrow(/was replaced while its metadata was being written/)
    } finally {
      fs.copyFile = copyFile
    }
    expect((await fs.readFile(file)).equals(replacement)).toBe(true)
    expect((await fs.readdir(dir)).filter((name) => name.includes('.metadata-'))).toEqual([])
  })
})

// PNG and WebP: the house's fields merged in Node too (src/photoDesk/writeBack/pngMetadataChunks.ts,
// webpMetadataChunks.ts), read back by exiftool and decoded by sharp.
async function picture(format: 'png' | 'webp', { alpha = false, lossless = false, tags }: { alpha?: boolean; lossless?: boolean; tags?: Record<string, unknown> } = {}) {
  files += 1
  const file = path.join(dir, `picture-${files}.${format}`)
  await sharp({ create: { width: 120, height: 80, channels: alpha ? 4 : 3, background: alpha ? { r: 40, g: 90, b: 140, alpha: 0.5 } : '#285a8c' } })
    .toFormat(format, format === 'webp' ? { lossless } : {})
    .toFile(file)
  if (tags) await withExiftool((exiftool) => exiftool.write(file, tags as never, { writeArgs: ['-overwrite_original', '-codedcharacterset=utf8'] }))
  return file
}

const write = (file: string, mimeType: string, photographer: string) =>
  writeMetadataIntoPhotoFiles({ metadata: houseMetadata(photographer), files: [{ name: path.basename(file), location: file, mimeType }] })

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
    expect(splice(bytes, houseMetadata('Zoë Dubois'))).not.toBeNull()
    const { failure } = await write(file, `image/${format}`, 'Zoë Dubois')
    expect(failure).toBeNull()
    const read = await exiftoolReading(file)
    expect(read).toMatchObject({
      'XMP-photoshop:Credit': 'Photo by Zoë Dubois/AFP/Getty Images.',
      'XMP-dc:Creator': ['Zoë Dubois'],
      'XMP-dc:Rights': '© AFP/Getty Images',
      'XMP-xmpRights:WebStatement': 'https://news.example/photo-rights',
    })
    expect(warningsOf(read)).toEqual([])
    if (format === 'png') {
      expect(read).toMatchObject({ 'IPTC:By-line': 'Zoë Dubois', 'IPTC:Credit': fitBytes('Photo by Zoë Dubois/AFP/Getty Images.', IIM_MAX_BYTES.credit), 'IPTC:CodedCharacterSet': 'UTF8' })
    }
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
    expect(pngWithHouseMetadata(broken, houseMetadata('Ana'))).toBeNull()
    const { failure } = await write(file, 'image/png', 'Ana')
    expect(failure?.name).toBe(path.basename(file))
    expect((await fs.readFile(file)).equals(broken)).toBe(true)
  })
})
