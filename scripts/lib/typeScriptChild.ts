// Starting TypeScript child processes (`node --import tsx file.ts`) from tests, benchmarks and scripts.
//
// Under Node 20, tsx's loader runs on a separate thread and answers each module request by a message plus an
// Atomics notification. On a busy machine a reply is now and then never picked up: with nothing else holding the
// event loop the child exits 13 ("unsettled top-level await") without printing a thing, usually before running a
// line of its own (privatenumber/tsx#233; here about 1 start in 30 with 8 at once on 2 cores; holding the loop
// with a timer only turns the exit into a hang; a program without top-level await, like Payload's CLI, exits 0
// instead: see tests/integration/migrations.test.ts). Such a start did nothing the next one would not redo (the
// children started this way push a schema or start a server), so it is simply started again.
import { execFile, type ExecFileOptions, spawnSync, type SpawnSyncOptions } from 'node:child_process'

/** The exit code of a child whose loader reply was lost. */
export const LOADER_STALL_EXIT_CODE = 13
const ATTEMPTS = 3

/** Node's arguments to run a TypeScript file. */
export const typeScriptArgs = (script: string, args: string[] = []): string[] => ['--import', 'tsx', script, ...args]

/** Whether a child that ended this way is worth starting again (and how many times it may be). */
export const isLoaderStall = (exitCode: number | null, attempt: number): boolean =>
  exitCode === LOADER_STALL_EXIT_CODE && attempt < ATTEMPTS

type Options = { args?: string[]; onStall?: (script: string) => void }

const noteStall = (script: string) =>
  void process.stderr.write(`${script} exited ${LOADER_STALL_EXIT_CODE} (a stalled loader, see scripts/lib/typeScriptChild.ts): starting it again.\n`)

/** Runs a TypeScript file to completion and returns its output; rejects with its output if it fails. */
export async function runTypeScript(script: string, { args = [], onStall = noteStall, ...options }: ExecFileOptions & Options = {}) {
  for (let attempt = 1; ; attempt++) {
    const outcome = await new Promise<{ code: number | null; error: Error | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, typeScriptArgs(script, args), { ...options, encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, error, stdout, stderr }),
      )
    })
    if (!outcome.error) return { stdout: outcome.stdout, stderr: outcome.stderr }
    if (isLoaderStall(outcome.code, attempt)) {
      onStall(script)
      continue
    }
    throw new Error(`${script} failed (exit ${outcome.code}):\n${outcome.stdout}\n${outcome.stderr}`)
  }
}

/** The same, synchronously (for jest's global setup). */
export function runTypeScriptSync(script: string, { args = [], onStall = noteStall, ...options }: SpawnSyncOptions & Options = {}) {
  for (let attempt = 1; ; attempt++) {
    const outcome = spawnSync(process.execPath, typeScriptArgs(script, args), { ...options, encoding: 'utf8' })
    if (outcome.status === 0) return { stdout: outcome.stdout, stderr: outcome.stderr }
    if (isLoaderStall(outcome.status, attempt)) {
      onStall(script)
      continue
    }
    throw new Error(`${script} failed (exit ${outcome.status ?? outcome.signal}):\n${outcome.stdout}\n${outcome.stderr}`)
  }
}
