// Who is running which job, kept by PostgreSQL itself: a worker claims a job by taking a session advisory lock on
// its id (its lease) in the same transaction that sets `processing`. A worker that dies, even by SIGKILL, loses its
// connection and with it every lease, so a job still marked `processing` whose lease nobody holds was abandoned.
//
// Why not Payload's own claim: runJobs (payload/dist/queues/operations/runJobs) selects due jobs with a plain
// SELECT and then sets `processing: true` by id, so two runners can both select, both update and both run one job;
// and a job whose runner was killed keeps `processing: true` for ever, since nothing in Payload 3.90 resets it.
import type pg from 'pg'

/** The first key of every job lease (the second is the job's id); "jobs" in ASCII. */
export const JOB_LEASE_NAMESPACE = 0x6a6f6273
/** Held while one worker queues scheduled tasks, so two workers never queue the same run. */
export const SCHEDULES_LOCK_NAMESPACE = JOB_LEASE_NAMESPACE + 1

const ELIGIBLE = `completed_at is null and has_error is not true and processing = false and (wait_until is null or wait_until < $1)`

/**
 * In one transaction: locks the job rows `candidates` selects (SKIP LOCKED, so two workers never wait on or take the
 * same row), keeps those whose lease `takeLease` gets, and sets their `processing`; returns their ids.
 */
async function moveLeasedJobs({
  lease,
  candidates,
  params,
  takeLease,
  processing,
}: {
  lease: pg.Client
  candidates: string
  params: unknown[]
  takeLease: 'pg_try_advisory_lock' | 'pg_try_advisory_xact_lock'
  processing: boolean
}): Promise<number[]> {
  await lease.query('begin')
  try {
    const { rows } = await lease.query<{ id: number }>(`${candidates} for update skip locked`, params)
    const { rows: leased } = await lease.query<{ id: number }>(
      `select id from unnest($1::int[]) as id where ${takeLease}(${JOB_LEASE_NAMESPACE}, id)`,
      [rows.map((row) => row.id)],
    )
    const ids = leased.map((row) => row.id)
    if (ids.length) await lease.query(`update payload_jobs set processing = $2, updated_at = now() where id = any($1::int[])`, [ids, processing])
    await lease.query('commit')
    return ids
  } catch (error) {
    await lease.query('rollback').catch(() => {})
    throw error
  }
}

/**
 * Claims up to `limit` due jobs for this connection's session: each row is locked, leased (a session lease, held
 * until endLease or the connection's end), and marked `processing` before the transaction commits. A job whose
 * lease another session holds is a reaper looking at that row right now: it is left for the next round.
 */
export const claimDueJobs = ({ lease, limit, now = new Date() }: { lease: pg.Client; limit: number; now?: Date }): Promise<number[]> =>
  moveLeasedJobs({
    lease,
    candidates: `select id from payload_jobs where ${ELIGIBLE} order by created_at, id limit $2`,
    params: [now.toISOString(), limit],
    takeLease: 'pg_try_advisory_lock',
    processing: true,
  })

/** Gives up this session's lease on a job once Payload has recorded how it ended. */
export async function endLease({ lease, id }: { lease: pg.Client; id: number }): Promise<void> {
  await lease.query(`select pg_advisory_unlock(${JOB_LEASE_NAMESPACE}, $1::int)`, [id])
}

/**
 * Puts back in the queue every job marked `processing` whose lease nobody holds (its worker died mid-job), so it
 * runs again; returns their ids. Its own lease check is transaction-scoped: it ends with the transaction. The jobs
 * this worker runs are left out: a session may take its own advisory locks again, so its leases would look free.
 */
export const releaseAbandonedJobs = ({ lease, running }: { lease: pg.Client; running: number[] }): Promise<number[]> =>
  moveLeasedJobs({
    lease,
    candidates: `select id from payload_jobs where processing = true and completed_at is null and not (id = any($1::int[]))`,
    params: [running],
    takeLease: 'pg_try_advisory_xact_lock',
    processing: false,
  })

/** Runs `work` only if no other worker is queueing scheduled tasks at this moment; false when it did not run. */
export async function whileQueueingSchedules({ lease, work }: { lease: pg.Client; work: () => Promise<unknown> }): Promise<boolean> {
  const { rows } = await lease.query<{ locked: boolean }>(`select pg_try_advisory_lock(${SCHEDULES_LOCK_NAMESPACE}, 0) as locked`)
  if (!rows[0]?.locked) return false
  try {
    await work()
    return true
  } finally {
    await lease.query(`select pg_advisory_unlock(${SCHEDULES_LOCK_NAMESPACE}, 0)`)
  }
}
