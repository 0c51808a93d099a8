// A JPEG's metadata is written by merging its own XMP and IIM segments with the house fields in Node and splicing
// them back (src/photoDesk/writeBack), instead of exiftool rewriting the whole picture. These tests hold it to what
// exiftool's own rewrite gives, read back by two readers independent of that writer (exiftool and exifreader), and
// to the picture's bytes staying as they were.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import ExifReader from 'exifreader'
import sharp from 'sharp'

import { exiftoolTagsFor, houseMetadataOf } from '../../src/photoDesk/writeBack/houseMetadata'
import { houseMetadataSegmentsOf, ownMetadataSegmentsOf } from '../../src/photoDesk/writeBack/jpegMetadataSegments'
import { endExiftool, withExiftool, writeHouseMetadataIntoJpeg, writeMetadataIntoFile } from '../../src/photoDesk/writeBack/writeMetadataIntoFile'

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
async function wirePhoto(agencyTags: Record<string, unknown>): Promise<string> {
  files += 1
  const file = path.join(dir, `wire-${files}.jpg`)
  await sharp({ create: { width: 320, height: 240, channels: 3, background: '#4a6b8a', noise: { type: 'gaussian', mean: 0, sigma: 20 } } })
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
})
