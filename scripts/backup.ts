// npm run backup [-- <folder>]: the database (every table, one consistent snapshot) and the media folder.
import path from 'node:path'

import { backup } from '../src/ops/logicalBackup'
import { resolveDatabase } from '../src/db/resolveDatabase'
import { settings } from '../src/env'

const dir = path.resolve(process.argv[2] ?? path.join('backups', new Date().toISOString().replace(/[:.]/g, '-')))
const database = await resolveDatabase({ log: (message) => console.error(message) })
try {
  const manifest = await backup({ databaseUrl: database.url, mediaDir: settings.mediaDir, dir })
  const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0)
  console.log(`Backed up ${Object.keys(manifest.tables).length} tables (${rows} rows)${manifest.hasMedia ? ' and the media folder' : ''} to ${dir}`)
} finally {
  await database.stop()
}
