// npm run migrate: applies the committed migrations (src/migrations) to the database, as a production start does.
// Payload's own `payload migrate` loads the TypeScript config through a loader at run time; this script is compiled
// with the server (scripts/compile.mjs), so the production image runs it as plain JavaScript.
import payload, { type Migration } from 'payload'

import { closePayload } from '../src/db/closePayload'
import { resolveDatabase } from '../src/db/resolveDatabase'
import { announceMigrating, setLogLevelUnlessSet } from '../src/env'
import { migrations } from '../src/migrations'

// As Payload's CLI does: no schema push in development while migrating, and no onInit (no seeding, no jobs).
announceMigrating()
setLogLevelUnlessSet('info')

const database = await resolveDatabase({ log: (message) => console.error(message) })
let exitCode = 0
try {
  const { default: configPromise } = await import('../payload.config')
  const config = await configPromise
  config.typescript.autoGenerate = false
  await payload.init({ config, disableOnInit: true })
  // The migrations compiled in, not the .ts files in migrationDir (which plain Node cannot load). Payload types
  // their arguments as unknown; each takes the db-postgres arguments it is given.
  await payload.db.migrate({ migrations: migrations as unknown as Migration[] })
  console.log(`Migrations applied: the database has every one of the ${migrations.length} committed migration(s).`)
} catch (error) {
  console.error(`The migrations were not applied: ${error instanceof Error ? error.message : String(error)}`)
  exitCode = 1
} finally {
  await closePayload(payload).catch(() => {})
  await database.stop()
}
process.exit(exitCode)
