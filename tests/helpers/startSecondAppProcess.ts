// Starts tests/helpers/secondAppProcess.ts: another app process on the same database, for tests of what crosses
// processes (cache invalidation over NOTIFY, entries that end with a licence).
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

import { isLoaderStall, typeScriptArgs } from '../../scripts/lib/typeScriptChild'

export type SecondAppProcess = { baseUrl: string; isListening: boolean; stop: () => Promise<void> }

/** Resolves with the child and its first line, or a null line if Node's loader stalled it at start. */
function spawnOnce(env: Record<string, string>, attempt: number): Promise<{ child: ChildProcess; line: string | null }> {
  const child = spawn(process.execPath, typeScriptArgs('tests/helpers/secondAppProcess.ts'), {
    env: { ...process.env, NODE_OPTIONS: '--no-deprecation', DB_PUSH: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (text) => text.startsWith('{"port"') && resolve({ child, line: text }))
    child.on('exit', (code) => (isLoaderStall(code, attempt) ? resolve({ child, line: null }) : reject(new Error(`The second app exited early (${code}).`))))
  })
}

export async function startSecondAppProcess({ databaseUrl, mediaDir }: { databaseUrl: string; mediaDir: string }): Promise<SecondAppProcess> {
  for (let attempt = 1; ; attempt += 1) {
    const { child, line } = await spawnOnce({ DATABASE_URL: databaseUrl, MEDIA_DIR: mediaDir }, attempt)
    if (line === null) continue
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
}
