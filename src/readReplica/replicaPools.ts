// Reads on PostgreSQL streaming replicas through db-postgres `readReplicas`, without its two sharp edges: a replica
// that is down at start-up ends the process (db-postgres connects to it in a promise nobody awaits), and a replica
// that goes away fails every read drizzle's withReplicas sends it. So db-postgres is handed, as its `pg` module, one
// whose Pool gives each replica address a stand-in that decides per query where it runs:
// - on the primary, unless the query runs inside readFromReplicaWherePossible (anonymous reads of published
//   content): everything that must see a just-committed write stays on the primary;
// - on the replica only once it has replayed every change this process has heard of (the primary's WAL position
//   when the change's NOTIFY arrived), so a response cache refilled after an invalidation never stores what the
//   replica had not replayed yet: while it lags, the read goes to the primary;
// - on the primary again when the replica fails as a server (gone, starting, cancelled by replay): the read is
//   answered, the replica is set aside and probed every second until it answers and is caught up.
import pg from 'pg'
import type { Payload } from 'payload'

import { mayUseReplica } from './readRouting'
import { hasReplayed, isReplicaUnavailable, lastRecordEnd, lsnFromText, withoutPassword, type Lsn } from './replicaRules'

const PROBE_EVERY_MS = 1000
/** A replica found behind is asked again at most this often; reads in between go to the primary. */
const RECHECK_BEHIND_MS = 20
const REPLAY_POSITION = 'select pg_last_wal_replay_lsn()::text as lsn'
// The insert position, not pg_current_wal_lsn(): with synchronous_commit off a commit can be announced before its
// record is written out, and the write position would then be short of it.
const PRIMARY_POSITION = "select pg_current_wal_insert_lsn()::text as lsn, current_setting('wal_block_size')::int as block"


type Replica = {
  url: string
  pool: pg.Pool
  isUp: boolean
  /** Replayed at least this far when last asked; null when unknown (never asked, or set aside). */
  replayed: Lsn | null
  asking: Promise<void> | null
  askedAt: number
}

export type ReplicaReadStats = { replicaReads: number; primaryReads: number; fallbacks: number }

export type ReadReplicas = {
  readonly stats: ReplicaReadStats
  /** Whether each replica (in DATABASE_REPLICA_URLS order) is in use, i.e. not set aside after a failure. */
  readonly replicasUp: boolean[]
  /**
   * A committed change was announced (its NOTIFY arrived), or the change listener (re)connected: from now on a
   * replica serves reads only once it has replayed the primary's present WAL position.
   */
  requireChangesCommittedByNow(): void
  /** Where warnings go (Payload's logger once it exists). */
  useLogger(log: (message: string) => void): void
  stop(): Promise<void>
}

type QueryArgs = Parameters<pg.Pool['query']>

function createRouter(replicaUrls: string[], basePg: typeof pg) {
  let primary: pg.Pool | null = null
  let required: Lsn = 0n
  let pendingRequirements = 0
  let isStopped = false
  let log: (message: string) => void = (message) => console.warn(message)
  let probeTimer: NodeJS.Timeout | null = null
  const replicas = new Map<string, Replica>()
  const stats: ReplicaReadStats = { replicaReads: 0, primaryReads: 0, fallbacks: 0 }

  const primaryPool = (): pg.Pool => {
    if (!primary) throw new Error('The primary database pool was not created before its read replicas.')
    return primary
  }

  const setAside = (replica: Replica, error: unknown) => {
    replica.replayed = null
    if (!replica.isUp) return
    replica.isUp = false
    log(`Read replica ${withoutPassword(replica.url)} is unavailable (${(error as Error)?.message ?? error}); its reads go to the primary until it answers again.`)
    probeTimer ??= setInterval(() => void probe(), PROBE_EVERY_MS)
    probeTimer.unref()
  }

  const askReplayPosition = (replica: Replica): Promise<void> =>
    (replica.asking ??= (async () => {
      try {
        const { rows } = await replica.pool.query<{ lsn: string | null }>(REPLAY_POSITION)
        replica.replayed = lsnFromText(rows[0]?.lsn)
      } catch (error) {
        if (isReplicaUnavailable(error)) setAside(replica, error)
        else throw error
      } finally {
        replica.askedAt = Date.now()
        replica.asking = null
      }
    })())

  // Set-aside replicas come back once they answer; the replay rule then decides when they serve reads.
  const probe = async () => {
    const down = [...replicas.values()].filter((replica) => !replica.isUp)
    for (const replica of down) {
      try {
        const { rows } = await replica.pool.query<{ lsn: string | null }>(REPLAY_POSITION)
        replica.replayed = lsnFromText(rows[0]?.lsn)
        replica.askedAt = Date.now()
        replica.isUp = true
        log(`Read replica ${withoutPassword(replica.url)} answers again.`)
      } catch {
        // Still away: asked again at the next probe.
      }
    }
    if (probeTimer && [...replicas.values()].every((replica) => replica.isUp)) {
      clearInterval(probeTimer)
      probeTimer = null
    }
  }

  /** Whether a read sent to `replica` now sees every change this process has heard of. */
  const isCaughtUp = async (replica: Replica): Promise<boolean> => {
    const isCurrent = () => replica.isUp && pendingRequirements === 0 && hasReplayed(replica.replayed, required)
    if (!replica.isUp || pendingRequirements > 0) return false
    if (isCurrent()) return true
    if (replica.asking || Date.now() - replica.askedAt >= RECHECK_BEHIND_MS) await askReplayPosition(replica)
    return isCurrent()
  }

  const query = async (replica: Replica, args: QueryArgs) => {
    if (mayUseReplica() && !isStopped && (await isCaughtUp(replica))) {
      try {
        const result = await (replica.pool.query as (...args: QueryArgs) => Promise<unknown>)(...args)
        stats.replicaReads += 1
        return result
      } catch (error) {
        if (!isReplicaUnavailable(error)) throw error
        setAside(replica, error)
        stats.fallbacks += 1
      }
    }
    stats.primaryReads += 1
    return (primaryPool().query as (...args: QueryArgs) => Promise<unknown>)(...args)
  }

  const standInFor = (options: pg.PoolConfig) => {
    const url = options.connectionString!
    // A vanished host must not hold reads for the operating system's TCP timeout.
    const pool = new basePg.Pool({ connectionTimeoutMillis: 2000, ...options })
    // A replica stopping closes idle connections: without listeners that 'error' would end the process.
    pool.on('error', (error) => {
      const replica = replicas.get(url)
      if (replica) setAside(replica, error)
    })
    pool.on('connect', (client) => client.on('error', () => {}))
    const replica: Replica = { url, pool, isUp: true, replayed: null, asking: null, askedAt: 0 }
    replicas.set(url, replica)
    return {
      query: (...args: QueryArgs) => query(replica, args),
      // db-postgres checks one client out of every pool at connect and keeps it (payload#15674): from the primary,
      // whose checked-out clients closePayload releases, so that a replica down at start-up stops nothing.
      connect: () => primaryPool().connect(),
      on: () => undefined,
      end: () => pool.end(),
    }
  }

  function RoutingPool(this: unknown, options: pg.PoolConfig) {
    if (options?.connectionString && replicaUrls.includes(options.connectionString)) return standInFor(options)
    primary = new basePg.Pool(options)
    return primary
  }

  const readReplicas: ReadReplicas = {
    stats,
    get replicasUp() {
      return replicaUrls.map((url) => replicas.get(url)?.isUp ?? false)
    },
    requireChangesCommittedByNow() {
      if (isStopped || !primary) return
      pendingRequirements += 1
      const attempt = async () => {
        try {
          const { rows } = await primaryPool().query<{ lsn: string; block: number }>(PRIMARY_POSITION)
          const inserted = lsnFromText(rows[0]?.lsn)
          const position = inserted === null ? null : lastRecordEnd(inserted, rows[0]!.block)
          if (position !== null && position > required) required = position
          pendingRequirements -= 1
        } catch {
          // Until the primary answers, no read goes to a replica (it could be missing the change).
          if (!isStopped) setTimeout(() => void attempt(), PROBE_EVERY_MS).unref()
        }
      }
      void attempt()
    },
    useLogger(next) {
      log = next
    },
    async stop() {
      isStopped = true
      if (probeTimer) clearInterval(probeTimer)
      probeTimer = null
      await Promise.all([...replicas.values()].map((replica) => replica.pool.end().catch(() => {})))
    },
  }
  return { RoutingPool, readReplicas }
}

export type PgWithReadReplicas = typeof pg & { readReplicas: ReadReplicas }

/** The `pg` module db-postgres gets when DATABASE_REPLICA_URLS lists replicas (see the top of this file). */
export function pgWithReadReplicas(replicaUrls: string[], basePg: typeof pg = pg): PgWithReadReplicas {
  const { RoutingPool, readReplicas } = createRouter(replicaUrls, basePg)
  return { ...basePg, Pool: RoutingPool as unknown as typeof pg.Pool, readReplicas } as PgWithReadReplicas
}

/** This Payload's read replicas, or null when it reads only from the primary. */
export const readReplicasOf = (payload: Payload): ReadReplicas | null =>
  (payload.db as unknown as { pg?: Partial<PgWithReadReplicas> } | undefined)?.pg?.readReplicas ?? null

type QueryablePool = Pick<pg.Pool, 'query'>

/**
 * Where a raw SQL read of published content runs: one of db-postgres's replica pools when replicas are configured
 * (the stand-ins above, so the read reaches a replica only inside readFromReplicaWherePossible and once it has caught
 * up, as Payload's own reads do), else the primary's pool.
 */
export function publicReadPool(payload: Payload): QueryablePool {
  const replicas = (payload.db as unknown as { drizzle?: { $replicas?: { $client?: QueryablePool }[] } }).drizzle?.$replicas ?? []
  const clients = replicas.map((replica) => replica.$client).filter((client): client is QueryablePool => Boolean(client))
  if (clients.length) return clients[Math.floor(Math.random() * clients.length)]
  return (payload.db as unknown as { pool: QueryablePool }).pool
}
