// The whole scale-out topology on one machine (`npm run cluster`): a primary PostgreSQL and a streaming replica,
// s3rver, two app processes that run no jobs, one job worker, HAProxy in front of the app processes and Varnish in
// front of HAProxy. Stopped in the reverse order, so the app processes drain before their database goes away.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { freePort } from '../db/freePort'
import { projectFolder } from '../projectFolder'
import { startAppProcess, startCompiledScript, startWorkerProcess } from './appProcesses'
import type { StartedProcess } from './childProcess'
import { type Listening, startHaproxy, startS3Server, startVarnish, VARNISH_VCL } from './edgeServers'
import { startPostgresPair } from './postgresPair'

export type ClusterOptions = {
  /** The VCL Varnish runs (its first backend is pointed at HAProxy). */
  vclFile?: string
  /** The edge's port (Varnish); a free port when not given. */
  port?: number
  /** Where the databases, the bucket and Varnish's files live; a throw-away folder (deleted on stop) when not given. */
  folder?: string
  log?: (message: string) => void
  /**
   * Environment added to every app process and the worker (after the cluster's own, so it can override them), e.g.
   * the bench's API_RATE_LIMIT: one load generator is one client address for the whole run.
   */
  appSettings?: Record<string, string>
  /** PostgreSQL settings for the primary and the replica (`-c name=value`), e.g. track_commit_timestamp=on. */
  postgresSettings?: Record<string, string>
}

export type Cluster = {
  edge: Listening
  proxy: Listening
  apps: Listening[]
  worker: StartedProcess
  s3: Listening
  primaryUrl: string
  replicaUrl: string
  isAdminServed: boolean
  /**
   * What a script run against this cluster needs (`npm run seed`, an import, the bench's setup): the primary, the
   * replica, the bucket and the secret the app processes share.
   */
  scriptEnvironment: Record<string, string>
  /** Where the databases, the bucket and Varnish's files live (deleted on stop when the cluster made it). */
  folder: string
  processes: () => StartedProcess[]
  stop: () => Promise<void>
}

/** A secret made on the folder's first start and kept in it: a kept cluster's sessions and encrypted secrets stay readable. */
function clusterSecret(folder: string): string {
  const file = path.join(folder, 'payload-secret')
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 })
  return fs.readFileSync(file, 'utf8').trim()
}

export async function startCluster({ vclFile = VARNISH_VCL, port, folder, log = () => {}, appSettings = {}, postgresSettings = {} }: ClusterOptions = {}): Promise<Cluster> {
  // Checked first: a missing VCL would otherwise be found after everything else has started.
  if (!fs.existsSync(vclFile)) throw new Error(`${vclFile} does not exist: give the cluster a VCL (--vcl <file>).`)
  const isThrowaway = folder === undefined
  const root = folder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-cluster-'))
  fs.mkdirSync(root, { recursive: true })
  fs.chmodSync(root, 0o755)
  // Every child in a process group of its own: Ctrl-C reaches this process only, which stops them in order.
  const isDetached = true
  // Stopped last-started first; each entry stops one piece.
  const stops: { name: string; stop: () => Promise<unknown> }[] = []
  const running: StartedProcess[] = []
  const track = <T extends { process: StartedProcess } | StartedProcess>(started: T, stop: () => Promise<unknown>): T => {
    running.push('process' in started ? started.process : started)
    stops.push({ name: 'process' in started ? started.process.name : started.name, stop })
    return started
  }
  let isStopped = false
  const stop = async () => {
    if (isStopped) return
    isStopped = true
    for (const { name, stop: stopPiece } of [...stops].reverse()) {
      log(`stopping ${name} …`)
      await stopPiece().catch((error: unknown) => log(`${name} did not stop cleanly: ${String(error)}`))
    }
    if (isThrowaway) fs.rmSync(root, { recursive: true, force: true })
  }

  try {
    // Started together; whichever started is stopped again if the other did not.
    const [startedDatabases, startedS3] = await Promise.allSettled([
      startPostgresPair({ folder: path.join(root, 'postgres'), settings: postgresSettings, isDetached, log }),
      startS3Server({ folder: path.join(root, 's3'), bucket: 'media', isDetached }),
    ])
    if (startedDatabases.status === 'fulfilled') {
      stops.push({ name: 'PostgreSQL replica and primary', stop: startedDatabases.value.stop })
      running.push(startedDatabases.value.primary, startedDatabases.value.replica)
    }
    if (startedS3.status === 'fulfilled') track(startedS3.value, () => startedS3.value.process.stop())
    if (startedDatabases.status === 'rejected') throw startedDatabases.reason
    if (startedS3.status === 'rejected') throw startedS3.reason
    const [databases, s3] = [startedDatabases.value, startedS3.value]
    log(`s3rver on ${s3.url} (bucket "media")`)

    const isAdminServed = fs.existsSync(path.join(projectFolder, '.next/BUILD_ID'))
    const shared: Record<string, string> = {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      DATABASE_URL: databases.primaryUrl,
      DATABASE_REPLICA_URLS: databases.replicaUrl,
      PAYLOAD_SECRET: process.env.PAYLOAD_SECRET ?? clusterSecret(root),
      S3_ENDPOINT: s3.url,
      S3_BUCKET: 'media',
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      // Where uploads go when the app is not set up for S3 (one folder: all processes on this machine share it).
      MEDIA_DIR: path.join(root, 'media'),
    }
    log('applying the migrations to the primary (npm run migrate) …')
    const migrate = startCompiledScript({ script: 'scripts/migrate.js', env: shared, name: 'migrate', isDetached })
    if ((await migrate.exited) !== 0) throw new Error(`The migrations failed:\n${migrate.output().slice(-3000)}`)

    const edgePort = port ?? (await freePort())
    const edgeUrl = `http://127.0.0.1:${edgePort}`
    const appEnv = {
      ...shared,
      // The public address is the edge's; purges go to it too.
      SERVER_URL: edgeUrl,
      EDGE_PURGE_URLS: edgeUrl,
      JOBS_RUN_IN: 'worker',
      SERVE_ADMIN: String(isAdminServed),
      ...appSettings,
    }
    // A failed start kills its own process (whenReady); the one that started is tracked before the failure is thrown.
    const startedApps = await Promise.allSettled([1, 2].map((n) => startAppProcess({ env: appEnv, name: `app ${n}`, isDetached })))
    // Told to stop (SIGTERM), an app process answers the requests in flight first (SHUTDOWN_DRAIN_SECONDS).
    for (const started of startedApps) if (started.status === 'fulfilled') track(started.value, () => started.value.process.stop({ timeoutMs: 40_000 }))
    const failedApp = startedApps.find((started) => started.status === 'rejected')
    if (failedApp) throw failedApp.reason
    const apps = startedApps.map((started) => (started as PromiseFulfilledResult<Listening>).value)
    const worker = await startWorkerProcess({ env: { ...shared, SERVER_URL: edgeUrl, EDGE_PURGE_URLS: edgeUrl, ...appSettings }, isDetached })
    track(worker, () => worker.stop({ timeoutMs: 60_000 }))
    const proxy = await startHaproxy({ apps: apps.map((app) => `127.0.0.1:${app.port}`), isDetached })
    // SIGUSR1: HAProxy's soft stop (the connections it holds are finished).
    track(proxy, () => proxy.process.stop({ signal: 'SIGUSR1', timeoutMs: 10_000 }))
    const edge = await startVarnish({ backend: `127.0.0.1:${proxy.port}`, folder: path.join(root, 'varnish'), vclFile, port: edgePort, isDetached })
    track(edge, () => edge.process.stop({ timeoutMs: 10_000 }))
    return {
      edge,
      proxy,
      apps,
      worker,
      s3,
      primaryUrl: databases.primaryUrl,
      replicaUrl: databases.replicaUrl,
      isAdminServed,
      scriptEnvironment: { ...shared },
      folder: root,
      processes: () => running.filter((process) => process.isRunning()),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  } finally {
    // Whatever happens to this process, no child outlives it (SIGKILL is the last resort; stop() is the clean way).
    process.once('exit', () => {
      for (const child of running) child.kill('SIGKILL')
    })
  }
}
