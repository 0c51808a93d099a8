// Runs tests/fixtures/apiServer.ts in its own process, so a test may crash it, kill -9 it, or restart it.
import { type ChildProcess, spawn } from 'node:child_process'

import { typeScriptArgs } from './typeScriptChild'

export type ChildServer = { process: ChildProcess; baseUrl: string; output: () => string; exited: Promise<number | null>; stop: () => Promise<void> }

export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, typeScriptArgs('tests/fixtures/apiServer.ts'), {
    env: { ...process.env, NODE_ENV: 'test', NODE_OPTIONS: '--no-deprecation', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The API process did not start:\n${output}`)), 90_000)
    child.stdout!.on('data', () => {
      const match = /listening (\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`The API process exited (${code}) before listening:\n${output}`))
    })
  })
  return {
    process: child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
      child.stdout!.destroy()
      child.stderr!.destroy()
    },
  }
}
