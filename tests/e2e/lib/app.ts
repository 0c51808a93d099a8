// Starts the real server (Express + Payload + the Next admin and reader site) on a free port, against a throw-away
// embedded PostgreSQL database and a temporary media folder: as production runs it (the compiled dist/src/server.js
// on the `next build` in .next/, migrations applied on boot), or in Next dev from the sources for local debugging.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { startChild, stopProcessGroup, waitUntil } from '../../../src/cluster/childProcess'
import { startEmbeddedPostgres } from '../../../src/db/embeddedPostgres'
import { freePort } from '../../../src/db/freePort'
import { typeScriptArgs } from '../../helpers/typeScriptChild'

export type RunningApp = {
  baseUrl: string
  log: () => string
  stop: () => Promise<void>
}

const ROOT = path.resolve(import.meta.dirname, '../../..')

/** `production`: `npm start`'s server on the production build (which must exist); `dev`: `npm run dev`'s. */
export type AppMode = 'production' | 'dev'

export async function startApp({ mode, log: say = console.log }: { mode: AppMode; log?: (message: string) => void }): Promise<RunningApp> {
  const postgres = await startEmbeddedPostgres()
  const databaseUrl = await postgres.createDatabase('newsroom_e2e')
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-e2e-media-'))
  const port = await freePort()

  const isProduction = mode === 'production'
  say(`Starting the app on port ${port} (${isProduction ? 'production build' : 'Next dev; the first /admin compile takes about a minute cold'}).`)
  // In a process group of its own, so that stopping it also stops Next's workers.
  const server = startChild({
    name: 'The app',
    command: process.execPath,
    args: isProduction ? ['dist/src/server.js'] : typeScriptArgs('src/server.ts'),
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
    isDetached: true,
  })
  if (process.env.E2E_VERBOSE) for (const stream of [server.child.stdout!, server.child.stderr!]) stream.on('data', (chunk: Buffer) => process.stdout.write(chunk))

  const baseUrl = `http://localhost:${port}`
  const stop = async () => {
    await stopProcessGroup(server)
    await postgres.stop()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  }

  try {
    await waitUntil(`the server answers ${baseUrl}/healthz`, () => fetch(`${baseUrl}/healthz`).then((response) => response.ok), { timeoutMs: 120_000, process: server })
  } catch (error) {
    await stop()
    throw error
  }
  return { baseUrl, log: server.output, stop }
}
