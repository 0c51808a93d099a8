// How many connections each database pool (the primary's and every replica's) keeps open while idle.
// node-postgres closes a connection after 10 s idle. Behind an edge cache an app process reads the database only
// after a change (the refill once the purge has emptied the edge), so without kept connections the refills of every
// publish after a quiet spell open new ones: SCRAM authentication, a new PostgreSQL backend that reads its catalog
// from cold and plans the story statement from scratch (9 to 121 ms of planning on a new connection against 0.05 ms
// on a warm one), all before a reader sees the new version. `npm run bench -- --only edge-fresh` measured the story's
// refill after 11 quiet seconds at 27 ms without kept connections and 6 to 10 ms with them. Kept connections are
// idle ones: they do not keep a script from exiting (allowExitOnIdle).

/** The pool options to add to node-postgres's: none when no connection is kept (its own behaviour). */
export type KeptConnections = { min: number; allowExitOnIdle: true } | Record<string, never>

export const DEFAULT_KEPT_CONNECTIONS_IN_PRODUCTION = 4

/**
 * DATABASE_POOL_MIN: connections kept open while idle, per pool and process (default 4 in production, 0 elsewhere,
 * so tests and development keep node-postgres's behaviour). Not a whole number from 0 up: noted in `problems`.
 */
export function keptConnectionsFrom(env: Record<string, string | undefined>, problems?: string[]): KeptConnections {
  const value = env.DATABASE_POOL_MIN?.trim()
  const fallback = env.NODE_ENV === 'production' ? DEFAULT_KEPT_CONNECTIONS_IN_PRODUCTION : 0
  const min = value ? Number(value) : fallback
  if (!Number.isInteger(min) || min < 0) {
    problems?.push(
      `DATABASE_POOL_MIN is "${value!.slice(0, 40)}": set the number of idle database connections each process keeps open (a whole number, e.g. DATABASE_POOL_MIN=${DEFAULT_KEPT_CONNECTIONS_IN_PRODUCTION}), or remove it to use ${fallback}.`,
    )
    return fallback > 0 ? { min: fallback, allowExitOnIdle: true } : {}
  }
  return min > 0 ? { min, allowExitOnIdle: true } : {}
}
