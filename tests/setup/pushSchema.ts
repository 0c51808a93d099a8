// Run by globalSetup in its own process: pushes the current schema into the template database.
import { getPayload } from 'payload'

import config from '../../payload.config'
import { closePayload } from '../../src/db/closePayload'
import { holdEventLoop } from '../helpers/holdEventLoop'

const releaseEventLoop = holdEventLoop()
const payload = await getPayload({ config })
await closePayload(payload)
releaseEventLoop()
