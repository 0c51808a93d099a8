// npm run worker: runs queued jobs and scheduled tasks in a process of its own; web processes then run with
// JOBS_RUN_IN=worker. Several workers may run at once. SIGTERM (or Ctrl-C): the jobs in hand finish, no new one is
// taken, exit 0. With WORKER_HEALTH_PORT set, GET /healthz there answers 200 while it runs, 503 while it stops.
import http from 'node:http'

import { announceJobWorker, setLogLevelUnlessSet, settings, workerHealthPort } from '../src/env'
import { startJobWorker } from '../src/jobs/jobWorker'

const log = (message: string) => console.log(`[worker] ${message}`)

announceJobWorker()
setLogLevelUnlessSet('info')
const { startScriptPayload } = await import('../src/db/startScriptPayload')
const { payload, close } = await startScriptPayload({ log })
const worker = await startJobWorker({
  payload,
  databaseUrl: process.env.DATABASE_URL!,
  pollMs: settings.jobsPollSeconds * 1000,
  concurrency: settings.jobsConcurrency,
  log,
})
let isStopping = false
const healthPort = workerHealthPort()
const health =
  healthPort === undefined
    ? null
    : http
        .createServer((req, res) => {
          const isHealthy = req.url === '/healthz' && !isStopping
          res.writeHead(req.url === '/healthz' ? (isHealthy ? 200 : 503) : 404, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          res.end(JSON.stringify({ status: isHealthy ? 'ok' : 'stopping', jobsInHand: worker.inHand() }))
        })
        .listen(healthPort)
log(`Running jobs every ${settings.jobsPollSeconds} s, up to ${settings.jobsConcurrency} at once.${healthPort === undefined ? '' : ` Health: http://localhost:${healthPort}/healthz`}`)

const stop = async (signal: string) => {
  if (isStopping) return
  isStopping = true
  log(`${signal} received: finishing ${worker.inHand()} job(s) in hand, taking no new ones.`)
  await worker.stop()
  health?.close()
  await close()
  log('Stopped.')
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))
