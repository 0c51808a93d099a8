// The real server (src/server.ts: Express, Payload and Next in development mode) on a test file's database, for
// tests of the reader site's pages over HTTP. Next compiles each page on its first request: allow minutes.
import fs from 'node:fs'
import http from 'node:http'

import { startChild, stopProcessGroup, waitUntil } from '../../src/cluster/childProcess'
import { freePort } from '../../src/db/freePort'
import type { TestContext } from './testPayload'
import { typeScriptArgs } from './typeScriptChild'

export type ReaderSiteServer = { baseUrl: string; output: () => string; stop: () => Promise<void> }

export async function startReaderSiteServer(context: TestContext): Promise<ReaderSiteServer> {
  const port = await freePort()
  const baseUrl = `http://localhost:${port}`
  // In a process group of its own, so that stopping it also stops Next's workers.
  const server = startChild({
    name: 'The reader site server',
    command: process.execPath,
    args: typeScriptArgs('src/server.ts'),
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
    isDetached: true,
  })
  const stop = async () => {
    // READER_SITE_SERVER_LOG=<file> keeps the server's output for a failing run.
    if (process.env.READER_SITE_SERVER_LOG) fs.writeFileSync(process.env.READER_SITE_SERVER_LOG, server.output())
    await stopProcessGroup(server)
  }
  try {
    await waitUntil('the server answers /healthz', () => fetch(`${baseUrl}/healthz`).then((response) => response.ok), { timeoutMs: 180_000, process: server })
  } catch (error) {
    await stop()
    throw error
  }
  return { baseUrl, output: server.output, stop }
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
