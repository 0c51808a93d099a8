// The real server (src/server.ts: Express, Payload and Next in development mode) on a test file's database, for
// tests of the reader site's pages over HTTP. Next compiles each page on its first request: allow minutes.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'

import { freePort } from '../../src/db/freePort'
import type { TestContext } from './testPayload'
import { typeScriptArgs } from './typeScriptChild'

export type ReaderSiteServer = { baseUrl: string; output: () => string; stop: () => Promise<void> }

export async function startReaderSiteServer(context: TestContext): Promise<ReaderSiteServer> {
  const port = await freePort()
  const baseUrl = `http://localhost:${port}`
  const child = spawn(process.execPath, typeScriptArgs('src/server.ts'), {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      NODE_OPTIONS: '--no-deprecation',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      DATABASE_URL: context.databaseUrl,
      DB_PUSH: 'false',
      MEDIA_DIR: context.mediaDir,
      SERVER_URL: baseUrl,
      JOBS_AUTORUN: 'false',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const stop = async () => {
    // READER_SITE_SERVER_LOG=<file> keeps the server's output for a failing run.
    if (process.env.READER_SITE_SERVER_LOG) fs.writeFileSync(process.env.READER_SITE_SERVER_LOG, output)
    if (child.exitCode !== null || !child.pid) return
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      // already gone
    }
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + 180_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) before answering:\n${output.slice(-4000)}`)
    const isUp = await fetch(`${baseUrl}/healthz`).then((response) => response.ok, () => false)
    if (isUp) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`The server did not answer /healthz within 3 minutes:\n${output.slice(-4000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return { baseUrl, output: () => output, stop }
}

/** A GET with the path sent exactly as given (fetch would resolve `..` and re-encode it). */
export function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const request = http.get({ hostname, port, path, headers, timeout: 120_000 }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
    })
    request.on('timeout', () => request.destroy(new Error(`No answer to GET ${path.slice(0, 80)} within 2 minutes.`)))
    request.on('error', reject)
  })
}
