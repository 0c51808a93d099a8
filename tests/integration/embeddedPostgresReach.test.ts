// Run as root, the embedded PostgreSQL runs as the `postgres` user: a data folder that user cannot reach is refused
// with one sentence saying what to do, not initdb's failure or a `spawn … EACCES` stack (issue 18).
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { typeScriptArgs } from '../helpers/typeScriptChild'
import { startEmbeddedPostgres } from '../../src/db/embeddedPostgres'
import { EmbeddedPostgresCannotStart } from '../../src/db/postgresUserAccess'

const isRoot = process.getuid?.() === 0
// Only root hands the server to another user; as anyone else the server runs as that user and reaches its folders.
const asRoot = isRoot ? it : it.skip

let privateFolder: string
beforeAll(() => {
  privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-private-'))
  fs.chmodSync(privateFolder, 0o700)
})
afterAll(() => fs.rmSync(privateFolder, { recursive: true, force: true }))

describe('an embedded PostgreSQL whose data folder the postgres user cannot reach', () => {
  asRoot('is refused before initdb runs, naming the folder, DATA_DIR and DATABASE_URL', async () => {
    const dataDir = path.join(privateFolder, 'data', 'postgres')
    const refusal = startEmbeddedPostgres({ dataDir, port: 1 })
    await expect(refusal).rejects.toBeInstanceOf(EmbeddedPostgresCannotStart)
    await expect(refusal).rejects.toThrow(new RegExp(`cannot enter ${privateFolder} \\(mode 700\\).*set DATA_DIR to a folder it can reach.*DATABASE_URL`))
    expect(fs.existsSync(dataDir)).toBe(false)
  })

  asRoot('stops `npm run dev`’s server with exactly that one line on stderr and exit code 1', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', NODE_OPTIONS: '--no-deprecation', DATA_DIR: path.join(privateFolder, 'dev-data'), EMBEDDED_PG_PORT: '1' }
    delete env.DATABASE_URL
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, typeScriptArgs('src/server.ts'), { env, timeout: 60_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
      )
    })
    const lines = outcome.stderr.split('\n').filter((line) => line.trim())
    expect(outcome.code).toBe(1)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^The embedded PostgreSQL runs as the system user "postgres".*set DATA_DIR to a folder it can reach/)
    expect(outcome.stderr).not.toMatch(/EACCES| {4}at /)
  })
})
