// One response cache per app, kept correct by this process's uncommitted writes and every process's NOTIFYs.
import type { Payload } from 'payload'

import { listenForChanges, onLocalChange, PROCESS_ID } from './changeNotifications'
import { createResponseCache, type ResponseCache } from './responseCache'
import { databasePool } from '../db/closePayload'
import { readReplicasOf } from '../readReplica/replicaPools'
import { settings } from '../env'

export type ContentCache = { cache: ResponseCache; stop: () => Promise<void>; readonly isListening: boolean }

/**
 * `afterCommittedChange` hears each committed change once this process's cache has dropped its copies (the edge
 * purge: see src/edgeCache/edgePurger.ts for why every process sends it).
 */
export function startContentCache(payload: Payload, { afterCommittedChange }: { afterCommittedChange?: (keys: string[]) => void } = {}): ContentCache {
  const cache = createResponseCache({
    maxEntries: settings.responseCacheEntries,
    maxBytes: settings.responseCacheMegabytes * 1024 * 1024,
  })
  // Nothing is stored until the listener is up: an invalidation could otherwise be missed.
  cache.setEnabled(false)
  const unsubscribe = onLocalChange({
    written: (keys) => cache.invalidateUncommitted(keys),
    committed: (keys) => cache.invalidateCommittedHere(keys),
    rolledBack: (keys) => cache.forgetUncommitted(keys),
  })
  // With read replicas, a refill after an invalidation reads from a replica only once it has replayed the change
  // (else from the primary): set in the same tick as the invalidation, before any refill can start.
  const replicas = readReplicasOf(payload)
  const listener = listenForChanges({
    connection: databasePool(payload).options,
    onChange: ({ origin, keys }) => {
      replicas?.requireChangesCommittedByNow()
      cache.invalidateCommitted(keys, { fromThisProcess: origin === PROCESS_ID })
      afterCommittedChange?.(keys)
    },
    onStatus: (isListening) => {
      // Changes committed before the listener was up were never announced to this process: require them too.
      if (isListening) replicas?.requireChangesCommittedByNow()
      cache.setEnabled(isListening)
    },
    log: (message) => payload.logger.warn(message),
  })
  return {
    cache,
    get isListening() {
      return listener.isListening
    },
    stop: async () => {
      unsubscribe()
      await listener.stop()
    },
  }
}
