// npm run restore -- <folder>: replaces every row of the database and restores the photos' files (into the media
// folder, or into the S3_* bucket when object storage is on).
// The schema must be in place first (npm run migrate in production; push in development).
import path from 'node:path'

import { restore } from '../src/ops/logicalBackup'
import { resolveDatabase } from '../src/db/resolveDatabase'
import { objectStorageForScripts, settings } from '../src/env'

if (!process.argv[2]) {
  console.error('Say which backup to restore: npm run restore -- backups/<folder>')
  process.exit(1)
}
const dir = path.resolve(process.argv[2])
const objectStorage = objectStorageForScripts()
const database = await resolveDatabase({ log: (message) => console.error(message) })
try {
  const manifest = await restore({ databaseUrl: database.url, mediaDir: settings.mediaDir, objectStorage, dir })
  console.log(`Restored ${Object.keys(manifest.tables).length} tables from the backup of ${manifest.createdAt}.`)
} finally {
  await database.stop()
}
