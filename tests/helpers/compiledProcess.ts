// Starts the compiled JavaScript a user runs (dist/src/server.js, dist/scripts/worker.js) as child processes, for the
// tests of several processes (job workers, app processes behind HAProxy). dist/ is compiled first when the sources
// changed since, once at a time across jest's workers (a lock folder), by scripts/compiled.mjs's own check.
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

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

export type CompiledProcess = {
  child: ChildProcess
  output: () => string
  /** Resolves with the exit code (null after a signal). */
  exited: Promise<number | null>
  /** Resolves once the output matches. */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>
  kill: (signal: NodeJS.Signals) => void
}

export function startCompiled(script: string, env: Record<string, string>): CompiledProcess {
  const child = spawn(process.execPath, ['--no-deprecation', path.join(root, 'dist', script)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', NODE_OPTIONS: '', LOG_LEVEL: 'warn', SEED_DEMO: 'false', DB_PUSH: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const listeners = new Set<() => void>()
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (chunk) => {
      output += chunk
      for (const listener of listeners) listener()
    })
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    output: () => output,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    },
    waitForOutput: (pattern, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output)
          if (!match) return
          cleanup()
          resolve(match)
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`${script} did not print ${pattern} within ${timeoutMs} ms. Its output:\n${output}`))
        }, timeoutMs)
        const onExit = () => {
          cleanup()
          reject(new Error(`${script} exited before printing ${pattern}. Its output:\n${output}`))
        }
        const cleanup = () => {
          clearTimeout(timer)
          listeners.delete(check)
          child.off('exit', onExit)
        }
        listeners.add(check)
        child.on('exit', onExit)
        check()
      }),
  }
}
