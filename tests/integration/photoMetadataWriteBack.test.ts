// Every file the site serves for a photo (the original and every size) carries the house credit, creator, copyright
// notice, usage terms and web statement, written by a job when the photo or its credit changes. Verified on the
// served bytes, over HTTP, with a reader independent of the writer (exifreader; exiftool writes).
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

import ExifReader from 'exifreader'
import sharp from 'sharp'

import { IIM_MAX_BYTES, fitBytes, oneLine } from '../../src/photoDesk/writeBack/houseMetadata'
import { createOrganization } from '../helpers/content'
import { signedInHeadersOfThisFile } from '../helpers/http'
import { testServerOfThisFile } from '../helpers/testPayload'

// Not imported from the job's module: that would read the settings (MEDIA_DIR) before the test server sets them.
const WRITE_PHOTO_METADATA_TASK = 'writePhotoMetadata'

const ctx = testServerOfThisFile()
const editorHeaders = signedInHeadersOfThisFile(ctx, 'editor')

const FORMATS = [
  { format: 'jpeg', mimeType: 'image/jpeg', hasIim: true },
  { format: 'png', mimeType: 'image/png', hasIim: true },
  { format: 'webp', mimeType: 'image/webp', hasIim: false },
  { format: 'avif', mimeType: 'image/avif', hasIim: false },
] as const

type Format = (typeof FORMATS)[number]

let counter = 0
const unique = () => `${Date.now()}-${++counter}`

/** Wide enough for Payload to make every size (the largest is 1600 px). */
async function uploadPhoto({ format, mimeType }: Format, credit: number | null, width = 1800) {
  const data = await sharp({ create: { width, height: Math.round(width / 1.5), channels: 3, background: '#5a7d9a' } })
    .toFormat(format)
    .toBuffer()
  return ctx.payload.create({
    collection: 'media',
    data: { alt: `A harbour at dawn (${unique()})`, credit: credit ?? undefined },
    file: { data, mimetype: mimeType, name: `harbour-${unique()}.${format === 'jpeg' ? 'jpg' : format}`, size: data.length },
    overrideAccess: true,
  })
}

const servedFilesOf = (photo: { filename?: string | null; sizes?: Record<string, { filename?: string | null } | undefined> | null }) => [
  photo.filename!,
  ...Object.values(photo.sizes ?? {}).flatMap((size) => (size?.filename ? [size.filename] : [])),
]

async function served(filename: string): Promise<Buffer> {
  const response = await fetch(`${ctx.baseUrl}/api/media/file/${encodeURIComponent(filename)}`, { headers: { authorization: editorHeaders.authorization } })
  expect({ filename, status: response.status }).toEqual({ filename, status: 200 })
  return Buffer.from(await response.arrayBuffer())
}

/**
 * IIM in a PNG sits hex-encoded in a compressed "Raw profile type iptc" text chunk (ImageMagick's convention), as a
 * Photoshop resource block. exifreader decodes IIM only in JPEG (and inflates that chunk only where the runtime has
 * DecompressionStream, which jest's sandbox lacks): the chunk is inflated here and the block placed in a JPEG's
 * APP13 segment, where exifreader reads it as it would any wire photo's.
 */
function rawIptcProfileOfPng(bytes: Buffer): string | null {
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    const data = bytes.subarray(at + 8, at + 8 + length)
    if (type === 'zTXt' || type === 'tEXt') {
      const keywordEnd = data.indexOf(0)
      if (data.toString('latin1', 0, keywordEnd) === 'Raw profile type iptc') {
        return type === 'zTXt' ? zlib.inflateSync(data.subarray(keywordEnd + 2)).toString('latin1') : data.toString('latin1', keywordEnd + 1)
      }
    }
    at += 12 + length
  }
  return null
}

async function iimOfPngProfile(raw: string) {
  const hex = raw.split('\n').slice(3).join('').replace(/\s+/g, '')
  const resources = Buffer.from(hex, 'hex')
  const body = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resources])
  const header = Buffer.from([0xff, 0xed, (body.length + 2) >> 8, (body.length + 2) & 0xff])
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toBuffer()
  const withIim = Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)])
  return (ExifReader.load(withIim, { expanded: true }) as Record<string, any>).iptc
}

type ReadBack = { xmp: Record<string, string | undefined>; iim: Record<string, string | undefined> | null; width: number | undefined }

async function readBack(bytes: Buffer): Promise<ReadBack> {
  const tags = (await ExifReader.load(bytes, { expanded: true, async: true })) as Record<string, any>
  const xmp = tags.xmp ?? {}
  const rawIim = bytes.subarray(1, 4).toString('latin1') === 'PNG' ? rawIptcProfileOfPng(bytes) : null
  const iptc = tags.iptc ?? (rawIim ? await iimOfPngProfile(rawIim) : null)
  return {
    xmp: {
      credit: xmp.Credit?.description,
      creator: xmp.creator?.description,
      rights: xmp.rights?.description,
      usageTerms: xmp.UsageTerms?.description,
      webStatement: xmp.WebStatement?.description,
    },
    iim: iptc
      ? { credit: iptc.Credit?.description, byLine: iptc['By-line']?.description, copyright: iptc['Copyright Notice']?.description, instructions: iptc['Special Instructions']?.description }
      : null,
    // The bytes are still a whole image.
    width: (await sharp(bytes).metadata()).width,
  }
}

const runWriteBack = () => ctx.payload.jobs.run({ queue: 'photo-desk' })

const pendingWriteBacks = async () =>
  (
    await ctx.payload.find({
      collection: 'payload-jobs',
      where: { and: [{ taskSlug: { equals: WRITE_PHOTO_METADATA_TASK } }, { completedAt: { exists: false } }] },
      overrideAccess: true,
      pagination: false,
    })
  ).docs

const recordOf = async (mediaId: number | string) =>
  (await ctx.payload.find({ collection: 'photo-metadata-writes', where: { media: { equals: mediaId } }, overrideAccess: true })).docs[0]

async function patch(pathname: string, body: unknown) {
  const response = await fetch(`${ctx.baseUrl}${pathname}`, { method: 'PATCH', headers: editorHeaders, body: JSON.stringify(body) })
  expect({ pathname, status: response.status, text: response.status === 200 ? '' : await response.text() }).toEqual({ pathname, status: 200, text: '' })
}

let afp: { id: number; name: string }
let getty: { id: number; name: string }

beforeAll(async () => {
  afp = await createOrganization(ctx.payload, `AFP ${unique()}`, 'news-agency')
  getty = await createOrganization(ctx.payload, `Getty Images ${unique()}`, 'news-agency')
})

describe('the house credit written into every served file', () => {
  it.each(FORMATS)('writes credit, creator, copyright, usage terms and web statement into a $format original and every size, as XMP and (where the format has room) IIM', async (format) => {
    const credit = await ctx.payload.create({
      collection: 'photo-credits',
      data: { photographer: 'Zoë Dubois', agencies: [afp.id, getty.id], license: 'agency' },
      overrideAccess: true,
    })
    const photo = await uploadPhoto(format, credit.id)
    expect(await pendingWriteBacks()).toHaveLength(1)
    await runWriteBack()
    expect(await pendingWriteBacks()).toHaveLength(0)

    const files = servedFilesOf(photo)
    expect(files).toHaveLength(4)
    const creditLine = `Photo by Zoë Dubois/${afp.name}/${getty.name}.`
    expect(credit.creditLine).toBe(creditLine)
    for (const file of files) {
      const read = await readBack(await served(file))
      expect({ file, xmp: read.xmp }).toEqual({
        file,
        xmp: {
          credit: creditLine,
          creator: 'Zoë Dubois',
          rights: `© ${afp.name}/${getty.name}`,
          usageTerms: `Licensed to The Newsroom for editorial use only. No reuse without a licence from ${afp.name}/${getty.name}.`,
          webStatement: expect.stringMatching(/^https?:\/\/.+\/photo-rights$/),
        },
      })
      expect(read.width).toBeGreaterThan(0)
      if (format.hasIim) {
        // 2:110 Credit holds 32 bytes: the credit line is cut there, at a character, with an ellipsis; XMP has it all.
        expect({ file, iim: read.iim }).toEqual({
          file,
          iim: {
            credit: fitBytes(creditLine, IIM_MAX_BYTES.credit),
            byLine: 'Zoë Dubois',
            copyright: `© ${afp.name}/${getty.name}`,
            instructions: expect.stringContaining('Licensed to The Newsroom for editorial use only.'),
          },
        })
        expect(Buffer.byteLength(read.iim!.credit!)).toBeLessThanOrEqual(32)
      } else {
        // WebP and AVIF have no container for IIM (exiftool writes none there): XMP only.
        expect(read.iim).toBeNull()
      }
    }
    expect(await recordOf(photo.id)).toMatchObject({ status: 'written', problem: null })
  })

  it('rewrites the files when the credit changes, and writes nothing when the job runs again with nothing new', async () => {
    const credit = await ctx.payload.create({ collection: 'photo-credits', data: { photographer: 'Geoffrey Hale', agencies: [afp.id] }, overrideAccess: true })
    const photo = await uploadPhoto(FORMATS[0], credit.id)
    await runWriteBack()
    expect((await readBack(await served(photo.filename!))).xmp.creator).toBe('Geoffrey Hale')

    await patch(`/api/photo-credits/${credit.id}`, { photographer: 'Geoffroy Hale' })
    expect(await pendingWriteBacks()).toHaveLength(1)
    await runWriteBack()
    for (const file of servedFilesOf(photo)) {
      const read = await readBack(await served(file))
      expect({ file, creator: read.xmp.creator, credit: read.xmp.credit, byLine: read.iim?.byLine }).toEqual({
        file,
        creator: 'Geoffroy Hale',
        credit: `Photo by Geoffroy Hale/${afp.name}.`,
        byLine: 'Geoffroy Hale',
      })
    }

    // Idempotent: the same metadata is not written again (the files keep their size and time).
    const stamps = servedFilesOf(photo).map((file) => fs.statSync(path.join(ctx.mediaDir, file)).mtimeMs)
    const writtenAt = (await recordOf(photo.id)).writtenAt
    await ctx.payload.jobs.queue({ task: WRITE_PHOTO_METADATA_TASK, input: { creditIds: [credit.id], mediaIds: [photo.id] }, queue: 'photo-desk' } as never)
    await runWriteBack()
    expect(servedFilesOf(photo).map((file) => fs.statSync(path.join(ctx.mediaDir, file)).mtimeMs)).toEqual(stamps)
    expect((await recordOf(photo.id)).writtenAt).toBe(writtenAt)

    // A change that the files do not carry (the editors' notes) queues nothing.
    await patch(`/api/photo-credits/${credit.id}`, { notes: 'Checked with the agency.' })
    expect(await pendingWriteBacks()).toHaveLength(0)
  })

  it('renaming an organization queues one write for every photo whose credit names it, and rewrites their files', async () => {
    const reuters = await createOrganization(ctx.payload, `Reuters ${unique()}`, 'news-agency')
    const credits = await Promise.all(
      ['Ana Ruiz', 'Ben Okafor', 'Chen Wei'].map((photographer) =>
        ctx.payload.create({ collection: 'photo-credits', data: { photographer, agencies: [reuters.id] }, overrideAccess: true }),
      ),
    )
    const photos = []
    for (const credit of credits) photos.push(await uploadPhoto(FORMATS[0], credit.id, 400))
    await runWriteBack()

    const renamed = `Thomson Reuters ${unique()}`
    await patch(`/api/organizations/${reuters.id}`, { name: renamed })
    // One job for the three credits the rename re-rendered, not one per credit or photo.
    const pending = await pendingWriteBacks()
    expect(pending).toHaveLength(1)
    expect((pending[0].input as { creditIds: number[] }).creditIds.sort()).toEqual(credits.map((credit) => credit.id).sort())
    await runWriteBack()
    for (const [index, photo] of photos.entries()) {
      for (const file of servedFilesOf(photo)) {
        const read = await readBack(await served(file))
        expect({ file, credit: read.xmp.credit, rights: read.xmp.rights }).toEqual({
          file,
          credit: `Photo by ${credits[index].photographer}/${renamed}.`,
          rights: `© ${renamed}`,
        })
      }
    }
  })

  it('writes hostile credit text as data: quotes, newlines, markup, unicode and a very long name', async () => {
    const hostile = `Zoë "the lens" O'Brien <script>alert(1)</script>\n& Co. 👩🏽‍💻 ‮gnp.exe ${'Ж'.repeat(900)}`
    const credit = await ctx.payload.create({ collection: 'photo-credits', data: { photographer: hostile }, overrideAccess: true })
    for (const format of [FORMATS[0], FORMATS[1]]) {
      const photo = await uploadPhoto(format, credit.id, 400)
      await runWriteBack()
      for (const file of servedFilesOf(photo)) {
        const read = await readBack(await served(file))
        const expected = oneLine(hostile)!
        expect(read.xmp.creator).toBe(expected)
        expect(read.xmp.creator).toContain('<script>alert(1)</script>')
        expect(read.xmp.creator).not.toContain('\n')
        // IIM: cut to its dataset's length without splitting a character.
        expect(read.iim?.byLine).toBe(fitBytes(expected, IIM_MAX_BYTES.byLine))
        expect(Buffer.byteLength(read.iim!.byLine!)).toBeLessThanOrEqual(IIM_MAX_BYTES.byLine)
        expect(Buffer.byteLength(read.iim!.credit!)).toBeLessThanOrEqual(IIM_MAX_BYTES.credit)
        expect(read.width).toBeGreaterThan(0)
      }
    }
  })

  it('reports a file whose metadata cannot be written, answers no 500, and serves the file unchanged', async () => {
    const credit = await ctx.payload.create({ collection: 'photo-credits', data: { photographer: 'Dana Fox', agencies: [afp.id] }, overrideAccess: true })
    const photo = await uploadPhoto(FORMATS[0], credit.id, 800)
    // The thumbnail on disk is not an image exiftool can write (a broken copy): its write must fail.
    const thumbnail = photo.sizes!.thumbnail!.filename!
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]), Buffer.from('a corrupted jpeg')])
    fs.writeFileSync(path.join(ctx.mediaDir, thumbnail), broken)

    await runWriteBack()
    // The job finished (it reports, it does not throw; finished jobs are deleted, failed ones stay) ...
    const jobs = await ctx.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: WRITE_PHOTO_METADATA_TASK } }, overrideAccess: true })
    expect(jobs.docs.map((job) => ({ hasError: job.hasError, log: job.log }))).toEqual([])
    // ... and the photo's row says which file, in words, over the API to staff.
    const response = await fetch(`${ctx.baseUrl}/api/photo-metadata-writes?where[media][equals]=${photo.id}`, { headers: editorHeaders })
    expect(response.status).toBe(200)
    const [record] = (await response.json()).docs
    expect(record.status).toBe('failed')
    expect(record.problem).toContain(`The credit could not be written into the file ${thumbnail}`)
    expect(record.problem).toMatch(/replace the file, or save the photo again to retry\.$/)

    // The broken file is served as it was, byte for byte; no temporary copy is left beside it.
    expect((await served(thumbnail)).equals(broken)).toBe(true)
    expect(fs.readdirSync(ctx.mediaDir).filter((name) => name.includes('.metadata-'))).toEqual([])
    // The photo's own document still reads fine.
    const photoResponse = await fetch(`${ctx.baseUrl}/api/media/${photo.id}`, { headers: editorHeaders })
    expect(photoResponse.status).toBe(200)
  })

  it('retries a failed write when the photo is saved again with only its caption changed, as the problem’s words promise', async () => {
    const credit = await ctx.payload.create({ collection: 'photo-credits', data: { photographer: 'Eli Stone', agencies: [afp.id] }, overrideAccess: true })
    const photo = await uploadPhoto(FORMATS[0], credit.id, 800)
    const thumbnail = photo.sizes!.thumbnail!.filename!
    const onDisk = path.join(ctx.mediaDir, thumbnail)
    const good = fs.readFileSync(onDisk)
    fs.writeFileSync(onDisk, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]), Buffer.from('a corrupted jpeg')]))
    await runWriteBack()
    expect((await recordOf(photo.id)).status).toBe('failed')

    // Someone puts the file right (from a backup), then saves the photo with a new caption only.
    fs.writeFileSync(onDisk, good)
    await patch(`/api/media/${photo.id}`, { caption: 'A harbour at dawn, the fishing fleet out.' })
    expect(await pendingWriteBacks()).toHaveLength(1)
    await runWriteBack()
    expect(await recordOf(photo.id)).toMatchObject({ status: 'written', problem: null })
    expect((await readBack(await served(thumbnail))).xmp.creator).toBe('Eli Stone')

    // Written now: another caption-only save queues nothing.
    await patch(`/api/media/${photo.id}`, { caption: 'A harbour at dawn.' })
    expect(await pendingWriteBacks()).toHaveLength(0)
  })

  it('leaves room in a camera JPEG’s XMP at upload, so the first write keeps the original’s length and its picture bytes', async () => {
    const credit = await ctx.payload.create({ collection: 'photo-credits', data: { photographer: 'Femi Adeyemi', agencies: [afp.id] }, overrideAccess: true })
    // A camera's file: Exif, no XMP, no IIM.
    const uploaded = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#4b6a2d', noise: { type: 'gaussian', mean: 0, sigma: 20 } } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Nikon', Artist: 'Femi Adeyemi' } })
      .toBuffer()
    const photo = await ctx.payload.create({
      collection: 'media',
      data: { alt: `A market at noon (${unique()})`, credit: credit.id },
      file: { data: uploaded, mimetype: 'image/jpeg', name: `market-${unique()}.jpg`, size: uploaded.length },
      overrideAccess: true,
    })
    const original = path.join(ctx.mediaDir, photo.filename!)
    const stored = fs.readFileSync(original)
    expect(stored.length).toBeGreaterThan(uploaded.length)
    expect(photo.filesize).toBe(stored.length)
    await runWriteBack()
    const written = fs.readFileSync(original)
    expect(written.length).toBe(stored.length)
    const pictureOf = (bytes: Buffer) => bytes.subarray(bytes.indexOf(Buffer.from([0xff, 0xda])))
    expect(pictureOf(written).equals(pictureOf(uploaded))).toBe(true)
    const read = await readBack(await served(photo.filename!))
    expect(read.xmp.creator).toBe('Femi Adeyemi')
    expect(read.iim?.byLine).toBe('Femi Adeyemi')
    expect(((await ExifReader.load(written, { expanded: true })) as Record<string, any>).exif?.Make?.description).toBe('Nikon')
  })

  it('leaves a photo without a credit alone: nothing is queued and its file is served as uploaded', async () => {
    const photo = await uploadPhoto(FORMATS[0], null, 400)
    expect(await pendingWriteBacks()).toHaveLength(0)
    const read = await readBack(await served(photo.filename!))
    expect(read.xmp.credit).toBeUndefined()
  })
})
