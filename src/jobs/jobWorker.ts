// The job worker (`npm run worker`): runs every queued job and queues every scheduled task (scheduled publishing,
// workflow alerts, licence expiry, webhooks, search upkeep), in its own process, any number of them at once.
// Each job is claimed by exactly one worker (src/jobs/jobLeases.ts) and then run by Payload's own runner, so retries,
// logs and errors are Payload's; a job whose worker died is put back in the queue by the next worker that looks.
import pg from 'pg'
import type { Payload } from 'payload'

import { claimDueJobs, endLease, releaseAbandonedJobs, whileQueueingSchedules } from './jobLeases'

export type JobWorker = {
  /** Takes no new job, waits for the jobs in hand to end, then lets go of the database. */
  stop: () => Promise<void>
  /** Jobs this worker is running now. */
  inHand: () => number
}

export type JobWorkerOptions = {
  payload: Payload
  databaseUrl: string
  pollMs: number
  /** Most jobs run at once. */
  concurrency: number
  log: (message: string) => void
}

export async function startJobWorker({ payload, databaseUrl, pollMs, concurrency, log }: JobWorkerOptions): Promise<JobWorker> {
  // The leases live on a connection of their own: if it drops, PostgreSQL forgets them, as it does when we die.
  let lease = await connectLease(databaseUrl)
  let isStopping = false
  let isLeaseLost = false
  const running = new Map<number, Promise<void>>()
  let wake: (() => void) | null = null
  lease.on('error', () => (isLeaseLost = true))

  const runJob = (id: number) => {
    const run = (async () => {
      try {
        await payload.jobs.runByID({ id, overrideAccess: true })
      } catch (error) {
        payload.logger.error({ err: error, jobId: id }, 'A job failed outside its task; it stays queued for another attempt.')
      } finally {
        running.delete(id)
        if (!isLeaseLost) await endLease({ lease, id }).catch(() => {})
        wake?.()
      }
    })()
    running.set(id, run)
  }

  const round = async () => {
    if (isLeaseLost) {
      // Jobs still in hand lost their leases with the connection; take no new ones until they have ended.
      if (running.size) return
      await lease.end().catch(() => {})
      lease = await connectLease(databaseUrl)
      lease.on('error', () => (isLeaseLost = true))
      isLeaseLost = false
      log('Reconnected to the database for job leases.')
    }
    const released = await releaseAbandonedJobs({ lease, running: [...running.keys()] })
    if (released.length) log(`Put back ${released.length} job(s) whose worker stopped mid-run: ${released.join(', ')}.`)
    await whileQueueingSchedules({ lease, work: () => payload.jobs.handleSchedules({ allQueues: true }) })
    const free = concurrency - running.size
    if (free <= 0 || isStopping) return
    for (const id of await claimDueJobs({ lease, limit: free })) runJob(id)
  }

  const loop = (async () => {
    while (!isStopping) {
      try {
        await round()
      } catch (error) {
        payload.logger.warn(`The job worker could not check the queue (${(error as Error).message}); it tries again shortly.`)
      }
      if (isStopping) break
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wake = null
    }
  })()

  return {
    inHand: () => running.size,
    stop: async () => {
      isStopping = true
      wake?.()
      await loop
      await Promise.all(running.values())
      await lease.end().catch(() => {})
    },
  }
}

async function connectLease(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'newsroom job worker' })
  await client.connect()
  return client
}
