// Payload for command-line scripts (import, seed): the same database as `npm run dev` (joined when it
// runs, started when it does not), quiet logs, and no rewrite of payload-types.ts on every run.
import type { Payload } from 'payload'

import { objectStorageForScripts, setLogLevelUnlessSet } from '../env'
import { closePayload } from './closePayload'
import { resolveDatabase } from './resolveDatabase'

export async function startScriptPayload({ log = (message: string) => console.error(message) } = {}): Promise<{
  payload: Payload
  close: () => Promise<void>
}> {
  setLogLevelUnlessSet('warn')
  objectStorageForScripts()
  const database = await resolveDatabase({ log })
  const { getPayload } = await import('payload')
  const { default: configPromise } = await import('../../payload.config')
  const config = await configPromise
  config.typescript.autoGenerate = false
  const payload = await getPayload({ config })
  return {
    payload,
    close: async () => {
      await closePayload(payload)
      await database.stop()
    },
  }
}
