// Forces one interleaving of two racing writes instead of hoping for it: the test holds a row lock that the first
// write needs halfway through, waits (in pg_stat_activity) until the first write is blocked on it and the second
// write is blocked too, then lets go. The first write therefore holds whatever it locked before that row while
// the second arrives, which a free race produces only by chance.
import pg from 'pg'

type Settled<T> = PromiseSettledResult<T>

const settle = <T>(promise: Promise<T>): Promise<Settled<T>> => Promise.allSettled([promise]).then(([result]) => result)

async function untilWaitingOnLocks({ client, count, settled, what }: { client: pg.Client; count: number; settled: () => boolean; what: string }) {
  const started = Date.now()
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    )
    if (rows[0].n >= count) return
    if (settled()) throw new Error(`${what} finished without waiting for the held row: the locking order this test relies on has changed.`)
    if (Date.now() - started > 30_000) {
      const { rows: sessions } = await client.query(
        `select pid, state, wait_event_type, wait_event, left(query, 160) as query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      )
      throw new Error(`${what} was not waiting on a lock after 30 s (${rows[0].n} of ${count} waits seen). Sessions:\n${JSON.stringify(sessions, null, 1)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export async function raceWithFirstHeldHalfway<A, B>({
  databaseUrl,
  heldRow,
  first,
  second,
}: {
  databaseUrl: string
  /** A row the first write locks after the rows the second write needs; `table` is a trusted identifier. */
  heldRow: { table: string; id: number }
  first: () => Promise<A>
  second: () => Promise<B>
}): Promise<[Settled<A>, Settled<B>]> {
  const holder = new pg.Client({ connectionString: databaseUrl })
  // Watches from outside the holder's transaction: inside one, pg_stat_activity keeps showing its first snapshot.
  const observer = new pg.Client({ connectionString: databaseUrl })
  await holder.connect()
  await observer.connect()
  try {
    await holder.query('begin')
    await holder.query(`select id from ${heldRow.table} where id = $1 for update`, [heldRow.id])
    let isFirstSettled = false
    const firstResult = settle(first()).finally(() => (isFirstSettled = true))
    await untilWaitingOnLocks({ client: observer, count: 1, settled: () => isFirstSettled, what: 'The first write' })
    let isSecondSettled = false
    const secondResult = settle(second()).finally(() => (isSecondSettled = true))
    await untilWaitingOnLocks({ client: observer, count: 2, settled: () => isSecondSettled || isFirstSettled, what: 'The second write' })
    await holder.query('rollback')
    return [await firstResult, await secondResult]
  } finally {
    await holder.query('rollback').catch(() => {})
    await holder.end()
    await observer.end()
  }
}
