// Starts tests/helpers/secondAppProcess.ts: another app process on the same database, for tests of what crosses
// processes (cache invalidation over NOTIFY, entries that end with a licence).
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'

import pg from 'pg'

import { forTheseTests } from './forTheseTests'

import { typeScriptArgs } from './typeScriptChild'
import { CHANGES_CHANNEL, encodeChanges } from '../../src/cache/changeNotifications'

export type SecondAppProcess = {
  baseUrl: string
  isListening: boolean
  /**
   * Resolves once every change committed before the call has reached the other process's cache, so that a read
   * there afterwards must be fresh: no waiting for a time, no polling for freshness.
   */
  hasCaughtUp: () => Promise<void>
  stop: () => Promise<void>
}

/** `env`: more settings for the other process (e.g. EDGE_PURGE_URLS). */
export async function startSecondAppProcess({ databaseUrl, mediaDir, env = {} }: { databaseUrl: string; mediaDir: string; env?: Record<string, string> }): Promise<SecondAppProcess> {
  const child = spawn(process.execPath, typeScriptArgs('tests/helpers/secondAppProcess.ts'), {
    env: { ...process.env, NODE_OPTIONS: '--no-deprecation', DB_PUSH: 'false', DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (text) => text.startsWith('{"port"') && resolve(text))
    child.on('exit', (code) => reject(new Error(`The second app exited early (${code}).`)))
  })
  const { port, isListening } = JSON.parse(line) as { port: number; isListening: boolean }

  const hasHeard = (key: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (message: { heard?: string }) => {
        if (message?.heard !== key) return
        clearTimeout(timer)
        child.off('message', onMessage)
        resolve()
      }
      const timer = setTimeout(() => {
        child.off('message', onMessage)
        reject(new Error(`The second app process did not hear the change "${key}" within ${timeoutMs} ms: is its invalidation listener down?`))
      }, timeoutMs)
      child.on('message', onMessage)
      child.send({ waitFor: key })
    })

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    isListening,
    // PostgreSQL delivers notifications in the order their transactions committed: once a marker sent now has
    // reached the other process, so has the NOTIFY of every commit before it.
    hasCaughtUp: async () => {
      const marker = `test-marker:${randomUUID()}`
      const heard = hasHeard(marker)
      heard.catch(() => {}) // awaited below; this only keeps a failed connect from leaving it unhandled
      const client = new pg.Client({ connectionString: databaseUrl })
      await client.connect()
      try {
        await client.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, encodeChanges([marker], 'tests')[0]])
      } finally {
        await client.end()
      }
      await heard
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      // Its shutdown is not what these tests test (gracefulDrain.test.ts and the smoke test do). Node 24 can deadlock
      // inside process.exit itself (nodejs/node#54918: a background compile waits for a GC the exiting main thread
      // never runs; seen here once, in a CI rehearsal, with gdb), and a child left alive keeps jest from exiting:
      // one that has not ended in 20 s is said aloud and killed.
      const killer = setTimeout(() => {
        console.warn(`The second app process (pid ${child.pid}) did not exit within 20 s of SIGTERM; killing it.`)
        child.kill('SIGKILL')
      }, 20_000)
      await exited
      clearTimeout(killer)
    },
  }
}

/**
 * A second app process on the database of `context` for the tests of the enclosing describe: started (its cache
 * listening for invalidations) before them, stopped after them.
 */
export const secondAppProcessForTheseTests = (context: { databaseUrl: string; mediaDir: string }, env: () => Record<string, string> = () => ({})): SecondAppProcess =>
  forTheseTests({
    start: async () => {
      const other = await startSecondAppProcess({ databaseUrl: context.databaseUrl, mediaDir: context.mediaDir, env: env() })
      expect(other.isListening).toBe(true)
      return other
    },
    stop: (other) => other.stop(),
    timeoutMs: 120_000,
  })
