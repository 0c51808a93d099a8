// Files a crash left without a media row are found, and removed on request; real photos are left alone.
import fs from 'node:fs'
import path from 'node:path'

import { findOrphanFiles, removeFiles } from '../../src/ops/orphanFiles'
import { createMedia } from '../helpers/content'
import { testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()

it('reports files with no media row, keeps every file of a real photo, and cleans on request', async () => {
  const image = await createMedia(ctx.payload)
  fs.writeFileSync(path.join(ctx.mediaDir, 'left-by-a-crash.jpg'), 'half an upload')
  const photoFiles = fs.readdirSync(ctx.mediaDir).filter((name) => name !== 'left-by-a-crash.jpg').sort()
  const orphans = await findOrphanFiles({ payload: ctx.payload, mediaDir: ctx.mediaDir })
  expect(orphans).toEqual(['left-by-a-crash.jpg'])

  await removeFiles({ payload: ctx.payload, mediaDir: ctx.mediaDir, files: orphans })
  expect(await findOrphanFiles({ payload: ctx.payload, mediaDir: ctx.mediaDir })).toEqual([])
  expect(fs.existsSync(path.join(ctx.mediaDir, image.filename!))).toBe(true)
  expect(fs.readdirSync(ctx.mediaDir).sort()).toEqual(photoFiles)
})
