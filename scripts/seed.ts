// npm run seed [-- --reset]: the demo content on demand; --reset empties the database first.
import { parseArgs } from 'node:util'
import pg from 'pg'

import { resolveDatabase } from '../src/db/resolveDatabase'
import { runScript } from '../src/db/startScriptPayload'
import { isProduction, settings } from '../src/env'
import { seedDemoContent } from '../src/seed/seedDemoContent'

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false } } })
const log = (message: string) => console.log(`[seed] ${message}`)

if (isProduction) {
  console.error('Refusing to seed demo content in production (NODE_ENV=production).')
  process.exit(1)
}

// Started here for --reset, the embedded database must also be stopped here (Payload only joins it).
let resetDatabase: Awaited<ReturnType<typeof resolveDatabase>> | null = null
if (values.reset) {
  // Drop every table before Payload starts, so it pushes the schema into an empty database.
  const database = await resolveDatabase({ log })
  resetDatabase = database
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  await client.query('drop schema public cascade; create schema public;')
  await client.end()
  log('Emptied the database.')
}

await runScript(
  async (payload) => {
    const result = await seedDemoContent(payload, { demo: settings.demo, log })
    if (result.isSeeded) {
      log(`Demo accounts: ${result.accounts.join(', ')}; password: ${result.password} (set DEMO_PASSWORD to change it).`)
    } else {
      log(`${result.reason} Run \`npm run seed -- --reset\` to start over.`)
    }
  },
  { log, afterClose: async () => resetDatabase?.stop() },
)
