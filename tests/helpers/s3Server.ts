// A real S3-protocol server for tests: s3rver (a dev dependency) as a process of its own, on a free port, keeping its
// objects in a throw-away folder, with the bucket made at start. It answers path-style at http://127.0.0.1:<port>.
// It can be stopped and started again on the same port and folder (the bucket "goes down" and comes back), and a
// proxy in front of it can refuse uploads after the first few (a store that fails in the middle of an upload).
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'

import { freePort } from '../../src/db/freePort'
import { forTheseTests } from './forTheseTests'

const S3RVER = path.resolve('node_modules/s3rver/bin/s3rver.js')
// s3rver's own fixed account.
const ACCESS_KEY = 'S3RVER'

export type S3Server = {
  port: number
  endpoint: string
  bucket: string
  /** The S3_* variables that point the app at this server. */
  env: Record<string, string>
  client: S3Client
  /** Every key in the bucket, sorted. */
  keys: () => Promise<string[]>
  /** Ends the server (the folder stays): the bucket stops answering. */
  stop: () => Promise<void>
  /** Starts it again on the same port and folder (nothing when it runs). */
  start: () => Promise<void>
  /** Ends it and removes its folder. */
  remove: () => Promise<void>
}

async function answers(endpoint: string): Promise<boolean> {
  return fetch(endpoint, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  )
}

export async function startS3Server({ bucket = 'media' }: { bucket?: string } = {}): Promise<S3Server> {
  if (!fs.existsSync(S3RVER)) {
    throw new Error(`s3rver is not installed (${S3RVER} is missing): run npm install, which installs it as a dev dependency.`)
  }
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-s3rver-'))
  let child: ChildProcess | undefined
  let output = ''

  const start = async () => {
    if (child && child.exitCode === null) return
    output = ''
    child = spawn(process.execPath, [S3RVER, '-d', directory, '-a', '127.0.0.1', '-p', String(port), '--silent', '--configure-bucket', bucket], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (chunk) => (output += chunk))
    child.stderr!.on('data', (chunk) => (output += chunk))
    const startedAt = Date.now()
    while (!(await answers(endpoint))) {
      if (child.exitCode !== null) throw new Error(`s3rver exited with code ${child.exitCode} before answering: ${output.slice(0, 500)}`)
      if (Date.now() - startedAt > 20_000) throw new Error(`s3rver did not answer on ${endpoint} within 20 s: ${output.slice(0, 500)}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const stop = async () => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  await start()
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: ACCESS_KEY } })
  return {
    port,
    endpoint,
    bucket,
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: ACCESS_KEY,
      S3_SECRET_ACCESS_KEY: ACCESS_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    },
    client,
    keys: async () => {
      const { Contents = [] } = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
      return Contents.map((object) => object.Key!).sort()
    },
    stop,
    start,
    remove: async () => {
      await stop()
      client.destroy()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}

/** An s3rver for the tests of this file: started before them (before the app, when declared first), removed after. */
export const s3ServerOfThisFile = (options: { bucket?: string } = {}): S3Server =>
  forTheseTests({ start: () => startS3Server(options), stop: (server) => server.remove(), timeoutMs: 30_000 })

export type FlakyProxy = {
  endpoint: string
  /** From now on, the first `count` uploads (PUTs) go through and every later one is cut off. */
  failUploadsAfter: (count: number) => void
  /** Every request goes through again. */
  heal: () => void
  close: () => Promise<void>
}

/** A proxy in front of `target` that can cut uploads off after some went through: a store failing mid-upload. */
export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  let uploadsLeft = Infinity
  const server = http.createServer((req, res) => {
    if (req.method === 'PUT' && uploadsLeft-- <= 0) {
      req.socket.destroy()
      return
    }
    const forwarded = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    forwarded.on('error', () => res.destroy())
    req.pipe(forwarded)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    failUploadsAfter: (count) => {
      uploadsLeft = count
    },
    heal: () => {
      uploadsLeft = Infinity
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
