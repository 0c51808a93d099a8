// The servers in front of and beside the app processes, each from its usual package: HAProxy (Debian's haproxy)
// with the deployment's own deploy/haproxy/haproxy.cfg, Varnish (Debian's varnish + varnish-modules) with a VCL
// whose backend is pointed at HAProxy, and s3rver (npm) as the local S3-protocol server.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

import { freePort } from '../db/freePort'
import { projectFolder } from '../projectFolder'
import { isInstalled, type StartedProcess, startChild, waitUntil, whenReady } from './childProcess'

export const HAPROXY_CONFIG = path.join(projectFolder, 'deploy/haproxy/haproxy.cfg')
export const VARNISH_VCL = path.join(projectFolder, 'deploy/varnish/default.vcl')

export type Listening = { process: StartedProcess; port: number; url: string }

const answers = (url: string, isOk: (status: number) => boolean) => async () => isOk((await fetch(url, { signal: AbortSignal.timeout(2000) })).status)

/**
 * HAProxy with deploy/haproxy/haproxy.cfg, its addresses given as that file expects (HAPROXY_BIND, APP_1, APP_2).
 * One app address is given to both server lines: one process behind the same proxy (the scale bench's baseline).
 */
export async function startHaproxy({ apps, port, isDetached = false }: { apps: string[]; port?: number; isDetached?: boolean }): Promise<Listening> {
  if (apps.length < 1 || apps.length > 2) throw new Error(`deploy/haproxy/haproxy.cfg names two app processes; ${apps.length} were given.`)
  const bindPort = port ?? (await freePort())
  const haproxy = startChild({
    name: 'HAProxy',
    command: 'haproxy',
    // -db: stays in the foreground, logs to its output; -W not needed, one process.
    args: ['-db', '-f', HAPROXY_CONFIG],
    env: { ...process.env, HAPROXY_BIND: `127.0.0.1:${bindPort}`, APP_1: apps[0], APP_2: apps[1] ?? apps[0] },
    isDetached,
  })
  const url = `http://127.0.0.1:${bindPort}`
  await whenReady(haproxy, async () => {
    if ((await Promise.race([haproxy.exited, new Promise((resolve) => setTimeout(() => resolve('running'), 200))])) !== 'running') {
      throw new Error(`HAProxy did not start${/ENOENT/.test(haproxy.output()) ? ': install it (apt-get install -y haproxy)' : ''}. Its output:\n${haproxy.output()}`)
    }
    await waitUntil('HAProxy answers /healthz through an app process', answers(`${url}/healthz`, (status) => status === 200), { process: haproxy })
  })
  return { process: haproxy, port: bindPort, url }
}

/**
 * The VCL with its first backend's .host and .port pointed at `backend` (host:port): a VCL names its backend's
 * address in the file, and varnishd takes no variables, so the cluster writes a copy for each run.
 */
export function pointVclAt({ vcl, backend }: { vcl: string; backend: string }): string {
  const [host, port] = backend.split(':')
  const backendBlock = /(backend\s+\w+\s*\{)([^}]*)\}/
  const match = backendBlock.exec(vcl)
  if (!match || !/\.host\s*=/.test(match[2]) || !/\.port\s*=/.test(match[2])) {
    throw new Error('The VCL has no backend with .host and .port to point at HAProxy: give its first backend both, e.g. backend default { .host = "127.0.0.1"; .port = "8080"; }.')
  }
  const body = match[2].replace(/\.host\s*=\s*"[^"]*"/, `.host = "${host}"`).replace(/\.port\s*=\s*"[^"]*"/, `.port = "${port}"`)
  return vcl.replace(backendBlock, `${match[1]}${body}}`)
}

/** varnishd in the foreground (-F) on a copy of the VCL pointed at `backend`, its working folder in `folder`. */
export async function startVarnish({ backend, folder, vclFile = VARNISH_VCL, port, isDetached = false }: { backend: string; folder: string; vclFile?: string; port?: number; isDetached?: boolean }): Promise<Listening> {
  if (!fs.existsSync(vclFile)) throw new Error(`${vclFile} does not exist: give the cluster a VCL (--vcl <file>).`)
  fs.mkdirSync(folder, { recursive: true })
  // varnishd drops to its own users (varnish, vcache), which must read the VCL and enter the working folder.
  fs.chmodSync(folder, 0o755)
  const vcl = path.join(folder, 'default.vcl')
  fs.writeFileSync(vcl, pointVclAt({ vcl: fs.readFileSync(vclFile, 'utf8'), backend }), { mode: 0o644 })
  const listenPort = port ?? (await freePort())
  const varnish = startChild({
    name: 'Varnish',
    command: 'varnishd',
    // -n: a working folder of its own, so several Varnish instances (tests, a cluster) do not share one.
    args: ['-F', '-a', `127.0.0.1:${listenPort}`, '-f', vcl, '-n', path.join(folder, 'work'), '-s', 'malloc,128m', '-T', 'none'],
    isDetached,
  })
  const url = `http://127.0.0.1:${listenPort}`
  await whenReady(varnish, async () => {
    if (!(await isInstalled('varnishd', ['-V']))) throw new Error('varnishd is not installed: apt-get install -y varnish varnish-modules')
    await waitUntil('Varnish answers /healthz', answers(`${url}/healthz`, (status) => status === 200), { process: varnish, timeoutMs: 60_000 })
  })
  return { process: varnish, port: listenPort, url }
}

/** s3rver (npm) in its own process, serving `bucket` from `folder`, with its fixed credentials S3RVER/S3RVER. */
export async function startS3Server({ folder, bucket, port, isDetached = false }: { folder: string; bucket: string; port?: number; isDetached?: boolean }): Promise<Listening & { accessKeyId: string; secretAccessKey: string }> {
  let bin: string
  try {
    bin = path.join(path.dirname(createRequire(import.meta.url).resolve('s3rver/package.json')), 'bin/s3rver.js')
  } catch {
    throw new Error('s3rver is not installed: it is a development dependency, so run `npm install` (not `npm ci --omit=dev`) where the cluster runs.')
  }
  fs.mkdirSync(folder, { recursive: true })
  const listenPort = port ?? (await freePort())
  const s3 = startChild({
    name: 's3rver',
    command: process.execPath,
    args: ['--no-deprecation', bin, '-d', folder, '-a', '127.0.0.1', '-p', String(listenPort), '--configure-bucket', bucket, '--silent'],
    env: { ...process.env, NODE_OPTIONS: '' },
    isDetached,
  })
  const url = `http://127.0.0.1:${listenPort}`
  await whenReady(s3, () => waitUntil('s3rver answers', answers(url, (status) => status < 500), { process: s3 }))
  return { process: s3, port: listenPort, url, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
}
