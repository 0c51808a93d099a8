// Starts the compiled JavaScript a user runs (dist/src/server.js, dist/scripts/worker.js) as child processes, for the
// tests of several processes (job workers, app processes behind HAProxy). dist/ is compiled first when the sources
// changed since, once at a time across jest's workers (a lock folder), by scripts/compiled.mjs's own check.
import fs from 'node:fs'
import path from 'node:path'

import { startCompiledScript } from '../../src/cluster/appProcesses'
import type { StartedProcess } from '../../src/cluster/childProcess'

const root = path.resolve(import.meta.dirname, '../..')
const LOCK = path.join(root, 'dist.compiling-lock')

/** Compiles dist/ if any source is newer than it; other jest workers wait meanwhile. */
export async function ensureCompiled(): Promise<void> {
  const started = Date.now()
  for (;;) {
    try {
      fs.mkdirSync(LOCK)
      break
    } catch {
      // A lock older than a minute was left by a killed run.
      if (Date.now() - fs.statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 60_000) fs.rmSync(LOCK, { recursive: true, force: true })
      if (Date.now() - started > 120_000) throw new Error(`${LOCK} is held for more than 2 minutes: remove it if no test is running.`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  try {
    const { compileIfStale } = (await import(path.join(root, 'scripts/compiled.mjs'))) as { compileIfStale: () => Promise<void> }
    await compileIfStale()
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true })
  }
}

export type CompiledProcess = StartedProcess

/** A compiled script with the tests' defaults (test mode, quiet logs, no demo seed, no schema push) under `env`. */
export function startCompiled(script: string, env: Record<string, string>): CompiledProcess {
  return startCompiledScript({ script, env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', SEED_DEMO: 'false', DB_PUSH: 'false', ...env } })
}
