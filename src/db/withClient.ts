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
