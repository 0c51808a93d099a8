// A setting that is no number stops the server before it starts anything, with one line saying what to set, instead
// of a server that runs with NaN limits (or fails later with a stack).
import { execFile } from 'node:child_process'

import { typeScriptArgs } from '../helpers/typeScriptChild'

function startServer(extra: Record<string, string>, script = 'src/server.ts'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // An address nothing answers on: a server that got past the check would fail to connect, not start a database.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', NODE_OPTIONS: '--no-deprecation', DATABASE_URL: 'postgres://newsroom:newsroom@127.0.0.1:1/none', ...extra }
  return new Promise((resolve) => {
    execFile(process.execPath, typeScriptArgs(script), { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    )
  })
}

describe('a server started with a numeric setting that is no number', () => {
  it('refuses to start with one line naming every such setting and what to set', async () => {
    const outcome = await startServer({ PORT: 'eighty', LOGIN_RATE_LIMIT: 'four' })
    const lines = outcome.stderr.split('\n').filter((line) => line.trim())
    expect(outcome.code).toBe(1)
    expect(lines).toEqual([
      'Refusing to start: PORT is "eighty", which is not a number: set a number (e.g. PORT=3000) or remove it to use 3000. ' +
        'LOGIN_RATE_LIMIT is "four", which is not a number: set a number (e.g. LOGIN_RATE_LIMIT=4) or remove it to use 4.',
    ])
    expect(outcome.stdout).not.toMatch(/Admin:|listening/)
  }, 90_000)
})

describe('a process started with half of the object storage variables', () => {
  const half = { S3_ENDPOINT: 'http://127.0.0.1:1', S3_BUCKET: 'newsroom-media', S3_ACCESS_KEY_ID: 'newsroom' }
  const sentence =
    'Object storage is half configured: S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID are set but S3_REGION, S3_SECRET_ACCESS_KEY are not. ' +
    'Set all of S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY to keep photos in a bucket, or remove every S3_ variable to keep them in the media folder.'

  it('is the server: it refuses to start with the sentence saying what to set', async () => {
    const outcome = await startServer(half)
    expect(outcome.code).toBe(1)
    expect(outcome.stderr.split('\n').filter((line) => line.trim())).toEqual([`Refusing to start: ${sentence}`])
    expect(outcome.stdout).not.toMatch(/Admin:|listening/)
  }, 90_000)

  it('is the backup: it refuses to run rather than back up the media folder instead of the bucket', async () => {
    const outcome = await startServer(half, 'scripts/backup.ts')
    expect(outcome.code).toBe(1)
    expect(outcome.stderr.split('\n').filter((line) => line.trim())).toEqual([`Refusing to run: ${sentence}`])
  }, 90_000)
})
