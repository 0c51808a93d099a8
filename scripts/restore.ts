// npm run restore -- <folder>: replaces every row of the database and restores the media files.
// The schema must be in place first (npm run migrate in production; push in development).
import path from 'node:path'

import { restore } from '../src/ops/logicalBackup'
import { resolveDatabase } from '../src/db/resolveDatabase'
import { settings } from '../src/env'

if (!process.argv[2]) {
  console.error('Say which backup to restore: npm run restore -- backups/<folder>')
  process.exit(1)
}
const dir = path.resolve(process.argv[2])
const database = await resolveDatabase({ log: (message) => console.error(message) })
try {
  const manifest = await restore({ databaseUrl: database.url, mediaDir: settings.mediaDir, dir })
  console.log(`Restored ${Object.keys(manifest.tables).length} tables from the backup of ${manifest.createdAt}.`)
} finally {
  await database.stop()
}
