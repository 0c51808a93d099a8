// Starts tests/helpers/secondAppProcess.ts: another app process on the same database, for tests of what crosses
// processes (cache invalidation over NOTIFY, entries that end with a licence).
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

import { typeScriptArgs } from '../../scripts/lib/typeScriptChild'
import { forTheseTests } from './forTheseTests'

export type SecondAppProcess = { baseUrl: string; isListening: boolean; stop: () => Promise<void> }

export async function startSecondAppProcess({ databaseUrl, mediaDir }: { databaseUrl: string; mediaDir: string }): Promise<SecondAppProcess> {
  const child = spawn(process.execPath, typeScriptArgs('tests/helpers/secondAppProcess.ts'), {
    env: { ...process.env, NODE_OPTIONS: '--no-deprecation', DB_PUSH: 'false', DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (text) => text.startsWith('{"port"') && resolve(text))
    child.on('exit', (code) => reject(new Error(`The second app exited early (${code}).`)))
  })
  const { port, isListening } = JSON.parse(line) as { port: number; isListening: boolean }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    isListening,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/**
 * A second app process on the database of `context` for the tests of the enclosing describe: started (its cache
 * listening for invalidations) before them, stopped after them.
 */
export const secondAppProcessForTheseTests = (context: { databaseUrl: string; mediaDir: string }): SecondAppProcess =>
  forTheseTests({
    start: async () => {
      const other = await startSecondAppProcess({ databaseUrl: context.databaseUrl, mediaDir: context.mediaDir })
      expect(other.isListening).toBe(true)
      return other
    },
    stop: (other) => other.stop(),
    timeoutMs: 120_000,
  })
