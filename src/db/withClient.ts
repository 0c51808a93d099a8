import pg from 'pg'

/** Runs `use` on a connection of its own to `databaseUrl`, outside Payload's pool, closed afterwards whatever happens. */
export async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}
