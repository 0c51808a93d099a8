// With S3_* set, photos and every size live in an S3-compatible bucket (here a real s3rver process, reached through a
// proxy that can cut uploads off), and everything that held for the media folder holds for the bucket: uploads land
// there, readers get a published story's photo through /api/media/file with the same bytes, a photo only a draft uses
// is refused, a store that does not answer is a 503 sentence that changes nothing, and the operations tools (backup
// and restore, the orphan report, the photo desk's metadata write-back) work on the bucket.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import ExifReader from 'exifreader'
import sharp from 'sharp'

import { idOf } from '../../src/fields/relationIds'
import { storyBody, uploadNode } from '../../src/lexical/lexicalBuilders'
import { createCredit, createOrganization } from '../helpers/content'
import { forTheseTests } from '../helpers/forTheseTests'
import { signedInHeadersOfThisFile } from '../helpers/http'
import { type FlakyProxy, s3ServerOfThisFile, startFlakyProxy } from '../helpers/s3Server'
import { publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'

const s3 = s3ServerOfThisFile()
// The app talks to the bucket through the proxy; the tests read the bucket directly.
const proxy: FlakyProxy = forTheseTests({
  start: async () => {
    const started = await startFlakyProxy(s3.endpoint)
    Object.assign(process.env, s3.env, { S3_ENDPOINT: started.endpoint })
    return started
  },
  stop: async (started) => {
    for (const name of Object.keys(s3.env)) delete process.env[name]
    await started.close()
  },
})
const ctx = testServerOfThisFile()
const writerHeaders = signedInHeadersOfThisFile(ctx, 'writer')

let counter = 0
const unique = () => `${Date.now()}-${++counter}`

/** Wide enough for Payload to make every size (the largest is 1600 px). */
const photoBytes = (width = 1800) =>
  sharp({ create: { width, height: Math.round(width / 1.5), channels: 3, background: '#7a5c3e' } }).jpeg().toBuffer()

async function uploadOverHttp({ name = `harbour-${unique()}.jpg`, bytes }: { name?: string; bytes?: Buffer } = {}) {
  const form = new FormData()
  form.append('_payload', JSON.stringify({ alt: `Boats in a harbour at dawn (${unique()})` }))
  form.append('file', new Blob([new Uint8Array(bytes ?? (await photoBytes()))], { type: 'image/jpeg' }), name)
  const { 'content-type': _json, ...headers } = writerHeaders
  const response = await fetch(`${ctx.baseUrl}/api/media`, { method: 'POST', headers, body: form })
  return { status: response.status, body: (await response.json()) as any }
}

const filesOf = (photo: { filename?: string | null; sizes?: Record<string, { filename?: string | null } | null | undefined> | null }) => [
  photo.filename!,
  ...Object.values(photo.sizes ?? {}).flatMap((size) => (size?.filename ? [size.filename] : [])),
]

async function objectBytes(key: string): Promise<Buffer> {
  const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))
  return Buffer.from(await object.Body!.transformToByteArray())
}

const anonymousFile = (name: string) => fetch(`${ctx.baseUrl}/api/media/file/${encodeURIComponent(name)}`)

async function photoInStory({ isPublished }: { isPublished: boolean }) {
  const agency = await createOrganization(ctx.payload, `Harbour Agency ${unique()}`, 'news-agency')
  const credit = await createCredit(ctx.payload, { photographer: 'Ana Harbour', agencies: [agency.id] })
  const bytes = await photoBytes()
  const photo = await ctx.payload.create({
    collection: 'media',
    data: { alt: `A ferry leaves the harbour (${unique()})`, credit: credit.id },
    file: { data: bytes, mimetype: 'image/jpeg', name: `ferry-${unique()}.jpg`, size: bytes.length },
    overrideAccess: true,
  })
  const story = await ctx.payload.create({
    collection: 'articles',
    data: { title: `Harbour story ${unique()}`, heroImage: photo.id, body: storyBody(uploadNode(photo.id)) as never },
  })
  if (isPublished) await publishStory(ctx.payload, story.id)
  return { photo, story }
}

const mediaCount = async () => (await ctx.payload.count({ collection: 'media', overrideAccess: true })).totalDocs

describe('photos in an S3-compatible bucket', () => {
  it('stores an upload through the API, the original and every size, in the bucket and nothing in the media folder', async () => {
    const { status, body } = await uploadOverHttp()
    expect(status).toBe(201)
    const files = filesOf(body.doc)
    expect(Object.keys(body.doc.sizes).sort()).toEqual(['card', 'hero', 'thumbnail'])
    expect(files).toHaveLength(4)
    expect(await s3.keys()).toEqual(expect.arrayContaining(files))
    expect(fs.readdirSync(ctx.mediaDir)).toEqual([])
    // Readers and staff keep the same addresses: Payload's file route, never the bucket's.
    expect(body.doc.url).toBe(`/api/media/file/${body.doc.filename}`)
  })

  it('serves a published story’s photo and each of its sizes to anonymous readers, byte for byte as stored', async () => {
    const { photo } = await photoInStory({ isPublished: true })
    for (const name of filesOf(photo)) {
      const response = await anonymousFile(name)
      expect({ name, status: response.status }).toEqual({ name, status: 200 })
      expect(response.headers.get('content-type')).toBe('image/jpeg')
      expect(Buffer.from(await response.arrayBuffer()).equals(await objectBytes(name))).toBe(true)
    }
    // The storage's bookkeeping is staff-only: readers see the photo's fields as with the media folder.
    const doc = await (await fetch(`${ctx.baseUrl}/api/media/${photo.id}`)).json()
    expect(doc.url).toBe(`/api/media/file/${photo.filename}`)
    expect(Object.keys(doc)).not.toEqual(expect.arrayContaining(['prefix']))
    expect(Object.keys(doc)).not.toEqual(expect.arrayContaining(['_objectKey']))
  })

  it('refuses a photo only a draft uses, and each of its sizes, to anonymous readers, while staff get it', async () => {
    const { photo } = await photoInStory({ isPublished: false })
    for (const name of filesOf(photo)) {
      const response = await anonymousFile(name)
      expect({ name, status: response.status >= 400 && response.status < 500 }).toEqual({ name, status: true })
      expect(response.headers.get('content-type')).not.toBe('image/jpeg')
    }
    const staff = await fetch(`${ctx.baseUrl}/api/media/file/${photo.filename}`, { headers: { authorization: writerHeaders.authorization } })
    expect(staff.status).toBe(200)
    expect(Buffer.from(await staff.arrayBuffer()).equals(await objectBytes(photo.filename!))).toBe(true)
  })

  it('answers a file name the bucket does not hold with a 404, never a 500', async () => {
    const staff = await fetch(`${ctx.baseUrl}/api/media/file/never-uploaded-${unique()}.jpg`, { headers: { authorization: writerHeaders.authorization } })
    expect(staff.status).toBeGreaterThanOrEqual(400)
    expect(staff.status).toBeLessThan(500)
  })

  describe('refused and replaced uploads', () => {
    const replacementFile = async () => {
      const data = await photoBytes(1700)
      return { data, mimetype: 'image/jpeg', name: `replacement-${unique()}.jpg`, size: data.length }
    }

    it('leaves no object behind when an upload is refused (original and every size)', async () => {
      const keysBefore = await s3.keys()
      const before = await mediaCount()
      await expect(
        ctx.payload.create({ collection: 'media', data: { alt: `A flooded street (${unique()})`, credit: 999_999 }, file: await replacementFile(), overrideAccess: true }),
      ).rejects.toThrow()
      expect(await mediaCount()).toBe(before)
      expect(await s3.keys()).toEqual(keysBefore)
    })

    it('keeps the photo’s own objects, and stores none of the new ones, when a replacement is refused', async () => {
      const { photo } = await photoInStory({ isPublished: true })
      const keysBefore = await s3.keys()
      await expect(
        ctx.payload.update({ collection: 'media', id: photo.id, data: { credit: 999_999 }, file: await replacementFile(), overrideAccess: true }),
      ).rejects.toThrow()
      expect(await s3.keys()).toEqual(keysBefore)
      expect((await anonymousFile(photo.filename!)).status).toBe(200)
    })

    it('replaces the objects when a replacement is accepted, and removes the old ones', async () => {
      const { photo } = await photoInStory({ isPublished: true })
      const replaced = await ctx.payload.update({ collection: 'media', id: photo.id, data: {}, file: await replacementFile(), overrideAccess: true })
      const keys = await s3.keys()
      expect(keys).toEqual(expect.arrayContaining(filesOf(replaced)))
      for (const old of filesOf(photo)) expect(keys).not.toContain(old)
      const served = await anonymousFile(replaced.filename!)
      expect(served.status).toBe(200)
      expect(Buffer.from(await served.arrayBuffer()).equals(await objectBytes(replaced.filename!))).toBe(true)
    })
  })

  describe('when the bucket does not answer', () => {
    afterEach(async () => {
      proxy.heal()
      await s3.start().catch(() => {})
    })

    it('refuses an upload with a 503 sentence and keeps no photo row', async () => {
      const before = await mediaCount()
      await s3.stop()
      const { status, body } = await uploadOverHttp()
      expect(status).toBe(503)
      expect(body.errors[0].message).toMatch(/photo store .* not answering.*nothing changed/i)
      expect(await mediaCount()).toBe(before)
    })

    it('refuses an upload cut off after the original was stored with a 503, and leaves no row and no stored file of it', async () => {
      const before = await mediaCount()
      const keysBefore = await s3.keys()
      proxy.failUploadsAfter(1)
      const { status, body } = await uploadOverHttp()
      expect(status).toBe(503)
      expect(body.errors[0].message).toMatch(/not answering/)
      expect(await mediaCount()).toBe(before)
      proxy.heal()
      expect(await s3.keys()).toEqual(keysBefore)
    })

    it('answers a reader with a 503 sentence, and the same photo again once the bucket is back', async () => {
      const { photo } = await photoInStory({ isPublished: true })
      await s3.stop()
      const down = await anonymousFile(photo.filename!)
      expect(down.status).toBe(503)
      expect(down.headers.get('retry-after')).toBeTruthy()
      expect((await down.json()).errors[0].message).toMatch(/photo store .* not answering/i)
      await s3.start()
      const back = await anonymousFile(photo.filename!)
      expect(back.status).toBe(200)
    })
  })

  it('reports a bucket object no photo refers to as an orphan, and removes only it on request', async () => {
    const { findOrphanFiles, removeFiles } = await import('../../src/ops/orphanFiles')
    const { photo } = await photoInStory({ isPublished: false })
    const stray = `left-by-a-crash-${unique()}.jpg`
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: stray, Body: Buffer.from('half an upload') }))
    const orphans = await findOrphanFiles({ payload: ctx.payload, mediaDir: ctx.mediaDir })
    expect(orphans).toContain(stray)
    for (const name of filesOf(photo)) expect(orphans).not.toContain(name)
    await removeFiles({ payload: ctx.payload, mediaDir: ctx.mediaDir, files: [stray] })
    expect(await s3.keys()).not.toContain(stray)
    expect(await s3.keys()).toEqual(expect.arrayContaining(filesOf(photo)))
  })

  it('backs up the bucket’s objects with the database and restores them into an emptied bucket, byte for byte', async () => {
    const { backup, restore } = await import('../../src/ops/logicalBackup')
    const { configSettingsFrom } = await import('../../src/env')
    const objectStorage = { ...configSettingsFrom().objectStorage!, endpoint: s3.endpoint }
    const { photo } = await photoInStory({ isPublished: true })
    const keys = await s3.keys()
    const bytes = new Map(await Promise.all(keys.map(async (key) => [key, await objectBytes(key)] as const)))
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-bucket-backup-'))
    try {
      const manifest = await backup({ databaseUrl: ctx.databaseUrl, mediaDir: ctx.mediaDir, objectStorage, dir })
      expect(manifest.hasMedia).toBe(true)
      // Nothing of the bucket went to the media folder, nor stays beside the backup.
      expect(fs.readdirSync(ctx.mediaDir)).toEqual([])
      expect(fs.readdirSync(dir).sort()).toEqual(['manifest.json', 'media.tar', 'tables'])

      const { bucketStore } = await import('../../src/objectStorage/photoStore')
      await bucketStore(objectStorage).remove(keys)
      expect(await s3.keys()).toEqual([])
      expect((await anonymousFile(photo.filename!)).status).toBe(404)

      await restore({ databaseUrl: ctx.databaseUrl, mediaDir: ctx.mediaDir, objectStorage, dir })
      expect(await s3.keys()).toEqual(keys)
      for (const key of keys) expect({ key, same: (await objectBytes(key)).equals(bytes.get(key)!) }).toEqual({ key, same: true })
      const served = await anonymousFile(photo.filename!)
      expect(served.status).toBe(200)
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes.get(photo.filename!)!)).toBe(true)
      expect(fs.readdirSync(ctx.mediaDir)).toEqual([])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  describe('the photo desk’s metadata write-back', () => {
    const runWriteBack = () => ctx.payload.jobs.run({ queue: 'photo-desk' })
    const etagsOf = (names: string[]) => Promise.all(names.map(async (name) => (await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: name }))).ETag))
    const recordOf = async (mediaId: number) =>
      (await ctx.payload.find({ collection: 'photo-metadata-writes', where: { media: { equals: mediaId } }, overrideAccess: true })).docs[0]
    const servedXmp = async (name: string) => {
      const response = await fetch(`${ctx.baseUrl}/api/media/file/${encodeURIComponent(name)}`, { headers: { authorization: writerHeaders.authorization } })
      expect({ name, status: response.status }).toEqual({ name, status: 200 })
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(bytes.equals(await objectBytes(name))).toBe(true)
      const xmp = ((await ExifReader.load(bytes, { expanded: true, async: true })) as Record<string, any>).xmp ?? {}
      return { name, credit: xmp.Credit?.description, creator: xmp.creator?.description }
    }

    it('writes the credit line into the original and every size in the bucket, and writes nothing when run again', async () => {
      const { photo } = await photoInStory({ isPublished: false })
      const credit = await ctx.payload.findByID({ collection: 'photo-credits', id: idOf(photo.credit)!, overrideAccess: true })
      const names = filesOf(photo)
      const uploaded = await etagsOf(names)
      await runWriteBack()
      const written = await etagsOf(names)
      for (const [index, name] of names.entries()) expect({ name, changed: written[index] !== uploaded[index] }).toEqual({ name, changed: true })
      for (const name of names) expect(await servedXmp(name)).toEqual({ name, credit: credit.creditLine, creator: 'Ana Harbour' })
      expect((await recordOf(photo.id)).status).toBe('written')
      // Nothing in the media folder, no working copies left in the bucket.
      expect(fs.readdirSync(ctx.mediaDir)).toEqual([])
      expect((await s3.keys()).filter((key) => key.includes('metadata-'))).toEqual([])

      // Idempotent: the objects are current, so a second run leaves them (and the record) as they are.
      const writtenAt = (await recordOf(photo.id)).writtenAt
      await ctx.payload.jobs.queue({ task: 'writePhotoMetadata', input: { mediaIds: [photo.id] }, queue: 'photo-desk' } as never)
      await runWriteBack()
      expect(await etagsOf(names)).toEqual(written)
      expect((await recordOf(photo.id)).writtenAt).toBe(writtenAt)
    })

    it('rewrites the bucket’s objects when the credit changes', async () => {
      const { photo } = await photoInStory({ isPublished: false })
      await runWriteBack()
      await ctx.payload.update({ collection: 'photo-credits', id: idOf(photo.credit)!, data: { photographer: 'Ana Harbor' }, overrideAccess: true })
      await runWriteBack()
      const credit = await ctx.payload.findByID({ collection: 'photo-credits', id: idOf(photo.credit)!, overrideAccess: true })
      expect(credit.creditLine).toMatch(/^Photo by Ana Harbor\//)
      for (const name of filesOf(photo)) expect(await servedXmp(name)).toEqual({ name, credit: credit.creditLine, creator: 'Ana Harbor' })
    })

    it('records a failure, answers no 500 and changes no object when the bucket is down during the job', async () => {
      const { photo } = await photoInStory({ isPublished: false })
      const names = filesOf(photo)
      const before = await etagsOf(names)
      await s3.stop()
      try {
        await runWriteBack()
      } finally {
        await s3.start()
      }
      const record = await recordOf(photo.id)
      expect(record.status).toBe('failed')
      expect(record.problem).toMatch(/could not be written into the file/)
      expect(await etagsOf(names)).toEqual(before)
      // Once the bucket is back, the next write-back of the photo writes it.
      await ctx.payload.jobs.queue({ task: 'writePhotoMetadata', input: { mediaIds: [photo.id] }, queue: 'photo-desk' } as never)
      await runWriteBack()
      expect((await recordOf(photo.id)).status).toBe('written')
    })
  })
})
