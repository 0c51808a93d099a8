// npm run media:orphans [-- --clean]: lists the files with no media row in the photo store (MEDIA_DIR, or the S3_*
// bucket when object storage is on); --clean removes them.
import { startScriptPayload } from '../src/db/startScriptPayload'
import { settings } from '../src/env'
import { findOrphanFiles, photoStoreDescription, removeFiles } from '../src/ops/orphanFiles'

const isCleaning = process.argv.includes('--clean')
const { payload, close } = await startScriptPayload()
try {
  const where = { payload, mediaDir: settings.mediaDir }
  const files = await findOrphanFiles(where)
  if (!files.length) console.log(`No orphan files in ${photoStoreDescription(where)}.`)
  for (const file of files) console.log(file)
  if (files.length && isCleaning) {
    await removeFiles({ ...where, files })
    console.log(`Removed ${files.length} file(s) with no media row from ${photoStoreDescription(where)}.`)
  } else if (files.length) console.log(`${files.length} file(s) in ${photoStoreDescription(where)} have no media row. Run with --clean to remove them.`)
} finally {
  await close()
}
