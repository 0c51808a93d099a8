// npm run cluster [-- --port 8080] [-- --vcl deploy/varnish/default.vcl] [-- --keep <folder>]: the scale-out
// topology on this machine (PostgreSQL primary + replica, s3rver, two app processes, one job worker, HAProxy,
// Varnish), its addresses printed; Ctrl-C or SIGTERM stops it all, app processes draining first.
import path from 'node:path'

import { startCluster } from '../src/cluster/startCluster'

const log = (message: string) => console.log(`[cluster] ${message}`)
const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? process.argv[index + 1] : undefined
}
const port = option('port')
if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
  console.error(`--port is "${port}": give the port the edge (Varnish) listens on, e.g. --port 8080.`)
  process.exit(2)
}
const vcl = option('vcl')
const keep = option('keep')

let cluster: Awaited<ReturnType<typeof startCluster>> | null = null
let isStopping = false
const stop = async (signal: string) => {
  if (isStopping) return
  isStopping = true
  log(`${signal} received: stopping Varnish, HAProxy, the worker, the app processes (they finish the requests in flight), s3rver, the replica and the primary …`)
  await cluster?.stop()
  log('Stopped.')
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))

try {
  cluster = await startCluster({
    port: port === undefined ? undefined : Number(port),
    vclFile: vcl && path.resolve(vcl),
    folder: keep && path.resolve(keep),
    log,
  })
} catch (error) {
  console.error(`The cluster did not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
if (isStopping) await new Promise(() => {})
const { edge, proxy, apps, worker, s3, primaryUrl, replicaUrl, isAdminServed } = cluster
console.log(
  [
    '',
    'The newsroom cluster is running:',
    `  Edge (Varnish):      ${edge.url}/   ← readers and staff use this address${isAdminServed ? ` (admin: ${edge.url}/admin)` : ''}`,
    `  HAProxy:             ${proxy.url}/`,
    ...apps.map((app, index) => `  App process ${index + 1}:       ${app.url}/api   (pid ${app.process.child.pid}, runs no jobs)`),
    `  Job worker:          pid ${worker.child.pid}`,
    `  S3 (s3rver):         ${s3.url}   bucket "media", key S3RVER / S3RVER`,
    `  PostgreSQL primary:  ${primaryUrl}`,
    `  PostgreSQL replica:  ${replicaUrl}`,
    isAdminServed ? '' : '  (API only: run `npm run build` once to serve the admin and the reader site too.)',
    'Ctrl-C stops everything.',
  ].join('\n'),
)
