import pg from 'pg'

/** Runs `work` on a connection of its own to `databaseUrl`, outside Payload's pool, closed afterwards whatever happens. */
export async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * The rows of one statement on a connection of its own, for a server that may not be up yet (starting, or killed
 * by a test): connecting gives up after `connectionTimeoutMillis`, and a connection that breaks rejects instead of
 * crashing the process.
 */
export async function queryOnce<Row extends Record<string, unknown>>(databaseUrl: string, sql: string, { connectionTimeoutMillis = 1500 }: { connectionTimeoutMillis?: number } = {}): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.query<Row>(sql)).rows
  } finally {
    await client.end().catch(() => {})
  }
}

/** True when the server answers a query now. */
export const canConnect = (databaseUrl: string): Promise<boolean> => queryOnce(databaseUrl, 'select 1').then(() => true, () => false)
