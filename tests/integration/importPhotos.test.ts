// `npm run import:photos -- <folder>`: a folder of wire photos, each credited from its own metadata, with a
// report of what was matched, created or needs a person.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { createCredit, createOrganization } from '../helpers/content'
import { endPhotoWriter, photoWithMetadata, wireTags } from '../helpers/photoFiles'
import { testPayloadOfThisFile } from '../helpers/testPayload'
import { runTypeScript } from '../helpers/typeScriptChild'
import type { PhotoImportReport } from '../../src/photoDesk/bulkImport/importPhotoFolder'

const ctx = testPayloadOfThisFile()
let folder: string

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-wire-photos-'))
  const afp = await createOrganization(ctx.payload, 'AFP', 'news-agency')
  const getty = await createOrganization(ctx.payload, 'Getty Images', 'news-agency')
  await createCredit(ctx.payload, { photographer: 'Alexander Nemenov', agencies: [afp.id, getty.id] })
  await createCredit(ctx.payload, { photographer: 'Geoffrey Van Der Hasselt', agencies: [afp.id] })
  const photos: [string, Parameters<typeof photoWithMetadata>[0]][] = [
    ['01-matched.jpg', { tags: wireTags({ creator: 'Alexander Nemenov', credit: 'AFP Getty Images', alt: 'A rally in Grozny' }) }],
    ['02-created.png', { format: 'png', tags: wireTags({ creator: 'Marta Kowalczyk', credit: 'Reuters', alt: 'A flooded street' }) }],
    ['03-same-new-photographer.webp', { format: 'webp', tags: wireTags({ creator: 'Marta Kowalczyk', credit: 'Reuters', where: 'xmp' }), color: '#224466' }],
    ['04-near-duplicate.avif', { format: 'avif', tags: wireTags({ creator: 'Geoffroy Van Der Hasselt', credit: 'AFP', where: 'xmp' }) }],
    ['05-no-metadata.jpg', { tags: {}, color: '#aa3311' }],
  ]
  for (const [name, options] of photos) fs.writeFileSync(path.join(folder, name), await photoWithMetadata(options))
  fs.writeFileSync(path.join(folder, '06-not-a-photo.jpg'), 'this is text pretending to be a photo')
  fs.writeFileSync(path.join(folder, 'notes.txt'), 'Not a photo: left alone.')
})

afterAll(async () => {
  await endPhotoWriter()
  fs.rmSync(folder, { recursive: true, force: true })
})

describe('npm run import:photos', () => {
  it('credits each photo from its own metadata and reports what was matched, created or needs a person', async () => {
    const reportFile = path.join(folder, 'report.json')
    const env = { ...process.env, DATABASE_URL: ctx.databaseUrl, MEDIA_DIR: ctx.mediaDir, DB_PUSH: 'false', NODE_ENV: 'test' as const }
    const run = runTypeScript('scripts/import-photos.ts', { args: [folder, '--report', reportFile], env, timeout: 120_000 }).then(
      (output) => ({ exitCode: 0, ...output }),
      (error: Error) => ({ exitCode: 1, stdout: error.message, stderr: '' }),
    )
    const { exitCode, stdout } = await run
    // The one file that is not an image fails; the others are imported.
    expect(exitCode).toBe(1)
    expect(stdout).toMatch(/Photos: 6 \(2 matched, 1 created, 1 need a person, 1 without a credit in the file, 0 imported before, 1 failed\)/)
    expect(stdout).toMatch(/needs a person\s+04-near-duplicate.avif → media \d+\n {2}The file credits “Geoffroy Van Der Hasselt”/)
    expect(stdout).toMatch(/failed\s+06-not-a-photo.jpg\n {2}“06-not-a-photo.jpg” is not an accepted image/)

    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as PhotoImportReport
    const byFile = Object.fromEntries(report.photos.map((photo) => [photo.file, photo]))
    expect(byFile['01-matched.jpg']).toMatchObject({ status: 'matched', credit: 'Photo by Alexander Nemenov/AFP/Getty Images.' })
    expect(byFile['02-created.png']).toMatchObject({ status: 'created', credit: 'Photo by Marta Kowalczyk/Reuters.' })
    // The credit created for the first photo by a new photographer is the one the next photo matches.
    expect(byFile['03-same-new-photographer.webp']).toMatchObject({ status: 'matched', credit: 'Photo by Marta Kowalczyk/Reuters.' })
    expect(byFile['04-near-duplicate.avif']).toMatchObject({ status: 'needs a person', credit: null })
    expect(byFile['05-no-metadata.jpg'].status).toBe('no credit in the file')
    expect(byFile['notes.txt']).toBeUndefined()

    const stored = await ctx.payload.findByID({ collection: 'media', id: byFile['01-matched.jpg'].mediaId!, depth: 0 })
    expect(stored.alt).toBe('A rally in Grozny')

    // A second run uploads nothing again.
    const again = await runTypeScript('scripts/import-photos.ts', { args: [folder, '--quiet'], env, timeout: 120_000 }).catch((error: Error) => ({ stdout: error.message }))
    expect(again.stdout).toMatch(/Photos: 6 \(0 matched, 0 created, 0 need a person, 0 without a credit in the file, 5 imported before, 1 failed\)/)
  }, 240_000)
})
