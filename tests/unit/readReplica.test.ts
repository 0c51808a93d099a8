// The read-replica rules (addresses, WAL positions, which failures fall back) and the routing of one replica's
// queries, against stand-in pools: which reads may reach a replica, and what happens when it lags or fails.
import type pg from 'pg'

import { invalidSettings } from '../../src/env'
import { readFromReplicaWherePossible } from '../../src/readReplica/readRouting'
import { pgWithReadReplicas } from '../../src/readReplica/replicaPools'
import { hasReplayed, isReplicaUnavailable, lastRecordEnd, lsnFromText, replicaUrlsFrom } from '../../src/readReplica/replicaRules'

const PRIMARY = 'postgres://app:secret@primary:5432/newsroom'
const REPLICA = 'postgres://app:secret@replica:5432/newsroom'

describe('WAL positions', () => {
  it('reads pg_lsn text as a number that orders like the log', () => {
    expect(lsnFromText('0/0')).toBe(0n)
    expect(lsnFromText('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n)
    expect(lsnFromText('1/0')! > lsnFromText('0/FFFFFFFF')!).toBe(true)
  })

  it('reads nothing from what is not a position (a replica that replayed nothing answers null)', () => {
    for (const text of [null, undefined, '', ' ', '16', '16/', '/1', 'G/1', '123456789/0', '1/2/3', 42, {}]) expect(lsnFromText(text)).toBeNull()
  })

  it('takes the end of the last record from the insert position: a page boundary, not past the next page\'s header', () => {
    expect(lastRecordEnd(lsnFromText('0/3002018')!, 8192)).toBe(lsnFromText('0/3002000'))
    // Inside a page, or past a segment's longer first header: as it is (the safe side).
    expect(lastRecordEnd(lsnFromText('0/3002020')!, 8192)).toBe(lsnFromText('0/3002020'))
    expect(lastRecordEnd(lsnFromText('0/3000028')!, 8192)).toBe(lsnFromText('0/3000028'))
    expect(lastRecordEnd(lsnFromText('0/3002018')!, 16384)).toBe(lsnFromText('0/3002018'))
    expect(lastRecordEnd(lsnFromText('0/3004018')!, 16384)).toBe(lsnFromText('0/3004000'))
    expect(lastRecordEnd(lsnFromText('0/3004018')!, 0)).toBe(lsnFromText('0/3004018'))
  })

  it('counts a replica as caught up only once it has replayed the required position', () => {
    expect(hasReplayed(10n, 10n)).toBe(true)
    expect(hasReplayed(11n, 10n)).toBe(true)
    expect(hasReplayed(9n, 10n)).toBe(false)
    expect(hasReplayed(null, 0n)).toBe(false)
  })
})

describe('which replica failures send the read to the primary', () => {
  it('falls back when the replica is gone, starting, stopping, full or cancelled by replay', () => {
    for (const code of ['08006', '08001', '57P01', '57P02', '57P03', '53300', '40001', '42P01', 'ECONNREFUSED', 'ECONNRESET']) {
      expect(isReplicaUnavailable(Object.assign(new Error('x'), { code }))).toBe(true)
    }
    expect(isReplicaUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isReplicaUnavailable(new Error('timeout expired'))).toBe(true)
  })

  it('does not retry on the primary a read the primary would refuse too', () => {
    for (const code of ['42601', '22P02', '23505', '42501']) expect(isReplicaUnavailable(Object.assign(new Error('bad'), { code }))).toBe(false)
    for (const error of [null, undefined, 'text', 42, {}]) expect(isReplicaUnavailable(error)).toBe(false)
  })
})

describe('DATABASE_REPLICA_URLS', () => {
  const check = (env: Record<string, string | undefined>) => {
    const problems: string[] = []
    return { urls: replicaUrlsFrom(env, problems), problems }
  }

  it('is empty by default: every read goes to the primary', () => {
    expect(check({ DATABASE_URL: PRIMARY })).toEqual({ urls: [], problems: [] })
    expect(check({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: ' , ,' })).toEqual({ urls: [], problems: [] })
  })

  it('lists replicas separated by commas, trimmed', () => {
    const second = 'postgresql://app@replica-2/newsroom'
    expect(check({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: ` ${REPLICA} ,${second}` })).toEqual({ urls: [REPLICA, second], problems: [] })
  })

  it('refuses what is not a PostgreSQL address, a replica named twice, the primary as its own replica, and replicas without a primary', () => {
    const { urls, problems } = check({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: `replica:5432,mysql://x@y/z,${REPLICA},${REPLICA},${PRIMARY},postgres://` })
    expect(urls).toEqual([REPLICA])
    expect(problems).toHaveLength(5)
    expect(problems[0]).toMatch(/^DATABASE_REPLICA_URLS has "replica:5432", which is not a PostgreSQL address: list addresses like/)
    expect(problems.join(' ')).toMatch(/twice/)
    expect(problems.join(' ')).toMatch(/names the primary/)
    expect(check({ DATABASE_REPLICA_URLS: REPLICA }).problems).toEqual([expect.stringMatching(/DATABASE_URL is not: set DATABASE_URL to the primary/)])
  })

  it('never repeats a password in a message', () => {
    const { problems } = check({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: `${REPLICA},${REPLICA}` })
    expect(problems.join(' ')).not.toContain('secret')
  })

  it('stops the server from starting on a bad list', () => {
    expect(invalidSettings({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: 'not an address' })).toEqual([expect.stringMatching(/^DATABASE_REPLICA_URLS has/)])
    expect(invalidSettings({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: REPLICA })).toEqual([])
  })
})

// ---- Routing, against pools that answer from a script instead of a server.

type Answer = { rows: { lsn: string | null; block?: number }[] } | Error
type FakePool = { url: string; queries: string[]; answer: (sql: string) => Answer }

function fakePg() {
  const pools: FakePool[] = []
  class Pool {
    url: string
    queries: string[] = []
    answer: (sql: string) => Answer = () => ({ rows: [{ lsn: '0/100' }] })
    constructor(options: pg.PoolConfig) {
      this.url = options.connectionString!
      pools.push(this)
    }
    async query(sql: string) {
      this.queries.push(sql)
      const answer = this.answer(sql)
      if (answer instanceof Error) throw answer
      return answer
    }
    on() {
      return this
    }
    async end() {}
  }
  return { basePg: { Pool } as unknown as typeof pg, pools }
}

function setUp() {
  const { basePg, pools } = fakePg()
  const withReplicas = pgWithReadReplicas([REPLICA], basePg)
  const primary = new withReplicas.Pool({ connectionString: PRIMARY }) as unknown as FakePool
  const replica = new withReplicas.Pool({ connectionString: REPLICA }) as unknown as pg.Pool
  const replicaServer = pools.find((pool) => pool.url === REPLICA)!
  const warnings: string[] = []
  withReplicas.readReplicas.useLogger((message) => warnings.push(message))
  const read = (sql = 'select title from articles') => (replica.query as (sql: string) => Promise<unknown>)(sql)
  return { primary, replicaServer, readReplicas: withReplicas.readReplicas, read, warnings }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

describe('routing the reads db-postgres sends a replica', () => {
  it('sends them to the primary outside an anonymous published read (staff, jobs, the publish gate, workflow moves)', async () => {
    const { primary, replicaServer, read, readReplicas } = setUp()
    await read()
    expect(primary.queries).toEqual(['select title from articles'])
    expect(replicaServer.queries).toEqual([])
    await readReplicas.stop()
  })

  it('sends an anonymous read to the replica once it has replayed what the primary had written when the last change was heard', async () => {
    const { primary, replicaServer, read, readReplicas } = setUp()
    replicaServer.answer = (sql) => ({ rows: [{ lsn: sql.includes('replay') ? '0/100' : null }] })
    primary.answer = () => ({ rows: [{ lsn: '0/100', block: 8192 }] })
    readReplicas.requireChangesCommittedByNow()
    await settle()
    await readFromReplicaWherePossible(() => read())
    expect(replicaServer.queries.at(-1)).toBe('select title from articles')
    expect(readReplicas.stats).toMatchObject({ replicaReads: 1, primaryReads: 0 })
    await readReplicas.stop()
  })

  it('sends it to the primary while the replica has not replayed the last change, and while that change\'s position is being asked', async () => {
    const { primary, replicaServer, read, readReplicas } = setUp()
    replicaServer.answer = () => ({ rows: [{ lsn: '0/FF' }] })
    primary.answer = () => ({ rows: [{ lsn: '0/100', block: 8192 }] })
    readReplicas.requireChangesCommittedByNow()
    // Asked in the same tick as the change: its position is not known yet.
    await readFromReplicaWherePossible(() => read())
    await settle()
    await readFromReplicaWherePossible(() => read())
    expect(replicaServer.queries.filter((sql) => sql === 'select title from articles')).toEqual([])
    expect(readReplicas.stats).toMatchObject({ replicaReads: 0, primaryReads: 2 })
    await readReplicas.stop()
  })

  it('answers from the primary when the replica is down (also from the start) and sets it aside', async () => {
    const { primary, replicaServer, read, readReplicas, warnings } = setUp()
    replicaServer.answer = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' })
    primary.answer = () => ({ rows: [{ lsn: '0/0' }] })
    await expect(readFromReplicaWherePossible(() => read())).resolves.toEqual({ rows: [{ lsn: '0/0' }] })
    expect(readReplicas.replicasUp).toEqual([false])
    expect(warnings).toEqual([expect.stringMatching(/^Read replica postgres:\/\/app:\*\*\*@replica:5432\/newsroom is unavailable .*its reads go to the primary/)])
    await readReplicas.stop()
  })

  it('retries on the primary a read the replica dropped mid-way', async () => {
    const { primary, replicaServer, read, readReplicas } = setUp()
    replicaServer.answer = (sql) => (sql.includes('replay') ? { rows: [{ lsn: '0/0' }] } : new Error('Connection terminated unexpectedly'))
    await readFromReplicaWherePossible(() => read())
    expect(primary.queries).toEqual(['select title from articles'])
    expect(readReplicas.stats).toMatchObject({ fallbacks: 1, primaryReads: 1 })
    await readReplicas.stop()
  })

  it('passes on a failure of the read itself instead of running it twice', async () => {
    const { primary, replicaServer, read, readReplicas } = setUp()
    replicaServer.answer = (sql) => (sql.includes('replay') ? { rows: [{ lsn: '0/0' }] } : Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' }))
    await expect(readFromReplicaWherePossible(() => read('selec'))).rejects.toThrow('syntax error')
    expect(primary.queries).toEqual([])
    expect(readReplicas.replicasUp).toEqual([true])
    await readReplicas.stop()
  })
})
