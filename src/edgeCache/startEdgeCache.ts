// The edge cache of an app (EDGE_CACHE, EDGE_PURGE_URLS): its settings, read by the public responses' headers, and
// its purger, told of every committed change by the response cache's NOTIFY listener (appResponseCache).
import { createEdgePurger, type EdgePurger } from './edgePurger'
import type { EdgeCacheSettings } from './edgeRules'

export type EdgeCache = { settings: EdgeCacheSettings; purger: EdgePurger }

export function startEdgeCache({ settings, log }: { settings: EdgeCacheSettings; log: (message: string) => void }): EdgeCache | null {
  if (!settings.isOn) return null
  return { settings, purger: createEdgePurger({ settings, log: { warn: log } }) }
}
