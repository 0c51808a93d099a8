// One response cache per app, kept correct by this process's uncommitted writes and every process's NOTIFYs.
import type { Payload } from 'payload'

import { listenForChanges, onUncommittedChange, PROCESS_ID } from './changeNotifications'
import { createResponseCache, type ResponseCache } from './responseCache'
import { databasePool } from '../db/closePayload'
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
  const unsubscribe = onUncommittedChange((keys) => cache.invalidateUncommitted(keys))
  const listener = listenForChanges({
    connection: databasePool(payload).options,
    onChange: ({ origin, keys }) => {
      cache.invalidateCommitted(keys, { fromThisProcess: origin === PROCESS_ID })
      afterCommittedChange?.(keys)
    },
    onStatus: (isListening) => cache.setEnabled(isListening),
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
