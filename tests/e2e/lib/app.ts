// Starts the real server (Express + Payload + the Next admin and reader site) on a free port, against a throw-away
// embedded PostgreSQL database and a temporary media folder: as production runs it (the compiled dist/src/server.js
// on the `next build` in .next/, migrations applied on boot), or in Next dev from the sources for local debugging.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { startEmbeddedPostgres } from '../../../src/db/embeddedPostgres'
import { freePort } from '../../../src/db/freePort'
import { typeScriptArgs } from '../../helpers/typeScriptChild'

export type RunningApp = {
  baseUrl: string
  log: () => string
  stop: () => Promise<void>
}

const ROOT = path.resolve(import.meta.dirname, '../../..')

async function waitFor({ url, timeoutMs, child }: { url: string; timeoutMs: number; child: ChildProcess }): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before answering.`)
    try {
      const response = await fetch(url)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`The server did not answer ${url} within ${timeoutMs / 1000} s.`)
}

/** `production`: `npm start`'s server on the production build (which must exist); `dev`: `npm run dev`'s. */
export type AppMode = 'production' | 'dev'

export async function startApp({ mode, log: say = console.log }: { mode: AppMode; log?: (message: string) => void }): Promise<RunningApp> {
  const postgres = await startEmbeddedPostgres()
  const databaseUrl = await postgres.createDatabase('newsroom_e2e')
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-e2e-media-'))
  const port = await freePort()
  const output: string[] = []

  const isProduction = mode === 'production'
  say(`Starting the app on port ${port} (${isProduction ? 'production build' : 'Next dev; the first /admin compile takes about a minute cold'}).`)
  const child = spawn(process.execPath, isProduction ? ['dist/src/server.js'] : typeScriptArgs('src/server.ts'), {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: isProduction ? 'production' : 'development',
      NODE_OPTIONS: '--no-deprecation',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      MEDIA_DIR: mediaDir,
      PAYLOAD_SECRET: 'e2e-secret-not-for-production',
      SERVER_URL: `http://localhost:${port}`,
      JOBS_AUTORUN: 'false',
      // The scenario creates the first user itself, on an empty database.
      SEED_DEMO: 'false',
      LOGIN_RATE_LIMIT: '100',
      // Production's default is on; the scenarios' staff sign in with passwords, and editorSignsInWithSecondFactor
      // enrols its own editor (as in dev, where it is off by default).
      REQUIRE_SECOND_FACTOR: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stopping it also stops Next's workers.
    detached: true,
  })
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString())
    if (process.env.E2E_VERBOSE) process.stdout.write(chunk)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)

  const baseUrl = `http://localhost:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    await postgres.stop()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  }

  try {
    await waitFor({ url: `${baseUrl}/healthz`, timeoutMs: 120_000, child })
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n${output.join('').slice(-4000)}`, { cause: error })
  }
  return { baseUrl, log: () => output.join(''), stop }
}
