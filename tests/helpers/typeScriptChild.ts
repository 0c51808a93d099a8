// Starting TypeScript child processes (`node --import tsx file.ts`) from tests and benchmarks: their fixtures and
// helpers run from the sources. Production and the scripts a user runs start compiled JavaScript instead (dist/,
// scripts/compile.mjs). On Node 24 tsx registers its hooks in the process's own thread (module.registerHooks), so
// the off-thread loader of Node 20, whose lost replies ended a start with exit 13, is gone: a child is started once.
import { execFile, type ExecFileOptions, spawnSync, type SpawnSyncOptions } from 'node:child_process'

/** Node's arguments to run a TypeScript file. */
export const typeScriptArgs = (script: string, args: string[] = []): string[] => ['--import', 'tsx', script, ...args]

/** Runs a TypeScript file to completion and returns its output; rejects with its output if it fails. */
export function runTypeScript(script: string, { args = [], ...options }: ExecFileOptions & { args?: string[] } = {}) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(process.execPath, typeScriptArgs(script, args), { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr })
      reject(new Error(`${script} failed (exit ${error.code ?? error.signal}):\n${stdout}\n${stderr}`))
    })
  })
}

/** The same, synchronously (for jest's global setup). */
export function runTypeScriptSync(script: string, { args = [], ...options }: SpawnSyncOptions & { args?: string[] } = {}) {
  const outcome = spawnSync(process.execPath, typeScriptArgs(script, args), { ...options, encoding: 'utf8' })
  if (outcome.status === 0) return { stdout: outcome.stdout, stderr: outcome.stderr }
  throw new Error(`${script} failed (exit ${outcome.status ?? outcome.signal}):\n${outcome.stdout}\n${outcome.stderr}`)
}
