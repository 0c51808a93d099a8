// npm run media:orphans [-- --clean]: lists files in MEDIA_DIR with no media row; --clean removes them.
import { startScriptPayload } from '../src/db/startScriptPayload'
import { settings } from '../src/env'
import { findOrphanFiles, removeFiles } from '../src/ops/orphanFiles'

const isCleaning = process.argv.includes('--clean')
const { payload, close } = await startScriptPayload()
try {
  const files = await findOrphanFiles({ payload, mediaDir: settings.mediaDir })
  if (!files.length) console.log(`No orphan files in ${settings.mediaDir}.`)
  for (const file of files) console.log(file)
  if (files.length && isCleaning) {
    removeFiles({ mediaDir: settings.mediaDir, files })
    console.log(`Removed ${files.length} file(s) with no media row.`)
  } else if (files.length) console.log(`${files.length} file(s) have no media row. Run with --clean to remove them.`)
} finally {
  await close()
}
