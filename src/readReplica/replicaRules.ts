// The pure rules of reading from PostgreSQL streaming replicas: which addresses are replicas, how far a replica
// has replayed the primary's write-ahead log, and which failures of a replica mean "ask the primary instead".

/** A position in the write-ahead log (PostgreSQL's `pg_lsn`, written "16/B374D848") as one comparable number. */
export type Lsn = bigint

/** `pg_lsn` text to a number; null for anything else (a replica that has replayed nothing answers null). */
export function lsnFromText(text: unknown): Lsn | null {
  if (typeof text !== 'string') return null
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim())
  if (!match) return null
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`)
}

/** The header at the start of every WAL page but a segment's first (SizeOfXLogShortPHD). */
const SHORT_PAGE_HEADER_BYTES = 24n

/**
 * Where the last WAL record written ends, from `pg_current_wal_insert_lsn()` (which is past every record inserted,
 * commits made without waiting for the disk included, unlike `pg_current_wal_lsn()`). When that record ended exactly
 * at a page boundary, the insert position points past the next page's header, while a standby that replayed
 * everything reports the boundary itself: so the header is taken off. (At a segment's first page the header is
 * longer and is left on: the standby then counts as caught up only after the next record, the safe side.)
 */
export function lastRecordEnd(insertPosition: Lsn, walBlockSize: number): Lsn {
  const block = BigInt(walBlockSize)
  return block > SHORT_PAGE_HEADER_BYTES && insertPosition % block === SHORT_PAGE_HEADER_BYTES ? insertPosition - SHORT_PAGE_HEADER_BYTES : insertPosition
}

/** Whether a replica that has replayed up to `replayed` shows every commit the primary had made at `required`. */
export const hasReplayed = (replayed: Lsn | null, required: Lsn): boolean => replayed !== null && replayed >= required

// SQLSTATEs after which the same read is sent to the primary: the replica is gone, starting, stopping, out of
// connections, its statement was cancelled to let replay go on (a conflict with recovery), or it has not yet
// replayed a table or column the primary has (a schema change still on its way).
const REPLICA_UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '42P01', '42703', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'])
const CONNECTION_LOST = /Connection terminated|connection timeout|timeout expired|Client has encountered a connection error|Connection refused/i

/**
 * Whether a replica's failure says nothing about the read itself, so the read is sent to the primary instead of
 * failing: a lost or refused connection (class 08 and the network errors), a server shutting down or starting, a
 * cancellation by replay, a schema not yet replayed. A read the primary would refuse too (a syntax error, a bad
 * value) is not retried there.
 */
export function isReplicaUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && (code.startsWith('08') || REPLICA_UNAVAILABLE_CODES.has(code))) return true
  return typeof message === 'string' && CONNECTION_LOST.test(message)
}

const shortened = (value: string) => (value.length > 60 ? `${value.slice(0, 60)}…` : value)

/** The address with its password hidden, for messages. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return shortened(url)
  }
}

/**
 * DATABASE_REPLICA_URLS: the read replicas' addresses, comma-separated (empty or unset: no replica, every read goes
 * to DATABASE_URL). Each must be a postgres:// address, named once, other than the primary's; a replica needs a
 * primary named by DATABASE_URL (the embedded development database has no replica). Problems are sentences saying
 * what to set.
 */
export function replicaUrlsFrom(env: Record<string, string | undefined>, problems?: string[]): string[] {
  const listed = (env.DATABASE_REPLICA_URLS ?? '').split(',').map((url) => url.trim()).filter(Boolean)
  const urls: string[] = []
  for (const url of listed) {
    const parsed = URL.canParse(url) ? new URL(url) : null
    if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol) || !parsed.hostname) {
      problems?.push(`DATABASE_REPLICA_URLS has "${withoutPassword(url)}", which is not a PostgreSQL address: list addresses like postgres://user:password@replica-host:5432/newsroom, separated by commas.`)
      continue
    }
    if (urls.includes(url)) {
      problems?.push(`DATABASE_REPLICA_URLS names ${withoutPassword(url)} twice: list each replica once.`)
      continue
    }
    if (env.DATABASE_URL && url === env.DATABASE_URL.trim()) {
      problems?.push(`DATABASE_REPLICA_URLS names the primary (DATABASE_URL) as a replica: list only the standby servers.`)
      continue
    }
    urls.push(url)
  }
  if (urls.length && !env.DATABASE_URL?.trim()) {
    problems?.push('DATABASE_REPLICA_URLS is set but DATABASE_URL is not: set DATABASE_URL to the primary the replicas follow (the embedded development database has no replicas).')
  }
  return urls
}
