// Run by globalSetup in its own process (through tests/helpers/typeScriptChild.ts): pushes the current schema into
// the template database.
import { getPayload } from 'payload'

import config from '../../payload.config'
import { closePayload } from '../../src/db/closePayload'

const payload = await getPayload({ config })
await closePayload(payload)
