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

/**
 * Runs a command-line script's work with Payload and ends the process: the work's exit code (0 unless it says
 * otherwise), or 1 with the error's sentence (no stack) when it throws; the database is closed either way.
 */
export async function runScript(
  work: (payload: Payload) => Promise<number | void>,
  { log, afterClose }: { log?: (message: string) => void; afterClose?: () => Promise<void> } = {},
): Promise<never> {
  const { payload, close } = await startScriptPayload(log ? { log } : {})
  let exitCode: number
  try {
    exitCode = (await work(payload)) ?? 0
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    exitCode = 1
  } finally {
    await close()
    await afterClose?.()
  }
  process.exit(exitCode)
}
