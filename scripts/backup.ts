// npm run backup [-- <folder>]: the database (every table, one consistent snapshot) and the photos (the media folder,
// or the S3_* bucket when object storage is on).
import path from 'node:path'

import { backup } from '../src/ops/logicalBackup'
import { resolveDatabase } from '../src/db/resolveDatabase'
import { objectStorageForScripts, settings } from '../src/env'

const dir = path.resolve(process.argv[2] ?? path.join('backups', new Date().toISOString().replace(/[:.]/g, '-')))
const objectStorage = objectStorageForScripts()
const database = await resolveDatabase({ log: (message) => console.error(message) })
try {
  const manifest = await backup({ databaseUrl: database.url, mediaDir: settings.mediaDir, objectStorage, dir })
  const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0)
  console.log(`Backed up ${Object.keys(manifest.tables).length} tables (${rows} rows)${manifest.hasMedia ? ' and the photos' : ''} to ${dir}`)
} finally {
  await database.stop()
}
