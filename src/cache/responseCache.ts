// A bounded LRU of anonymous, published responses, each tagged with the document keys it contains.
// Invalidation drops every entry that shares a key. Two guards keep it from storing stale bodies:
// - a response whose production overlapped an invalidation is not stored (it may predate the change);
// - keys changed by an uncommitted write in this process stay "pending" until the commit's NOTIFY arrives
//   (or its rollback, or a timeout), and responses containing them are not stored meanwhile;
//   the entries themselves are dropped at the commit (in this process) or at the NOTIFY (in the others).

export type CachedResponse = {
  status: number
  body: Buffer
  contentType: string
  etag: string
  tags: string[]
  /** When the body stops being true (a photo licence in it ends), in ms since the epoch: never served after. */
  expiresAt?: number
}

export type ResponseCacheOptions = {
  maxEntries: number
  maxBytes: number
  /** How long keys of an uncommitted local write block storing, if no NOTIFY arrives (a rollback). */
  pendingTimeoutMs?: number
  now?: () => number
}

export type ResponseCache = ReturnType<typeof createResponseCache>

export function createResponseCache({ maxEntries, maxBytes, pendingTimeoutMs = 30_000, now = Date.now }: ResponseCacheOptions) {
  const entries = new Map<string, CachedResponse>()
  const keysByTag = new Map<string, Set<string>>()
  const pending = new Map<string, { count: number; expiresAt: number }>()
  let bytes = 0
  let generation = 0
  let isEnabled = true
  const stats = { hits: 0, misses: 0, stores: 0, refusedStores: 0, invalidations: 0, evictions: 0 }

  const remove = (key: string) => {
    const entry = entries.get(key)
    if (!entry) return
    entries.delete(key)
    bytes -= entry.body.length
    for (const tag of entry.tags) {
      const keys = keysByTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) keysByTag.delete(tag)
    }
  }

  const isPending = (tag: string) => {
    const mark = pending.get(tag)
    if (!mark) return false
    if (mark.expiresAt > now()) return true
    pending.delete(tag)
    return false
  }

  const endPending = (tags: string[]) => {
    for (const tag of tags) {
      const mark = pending.get(tag)
      if (!mark) continue
      if (mark.count <= 1) pending.delete(tag)
      else mark.count -= 1
    }
  }

  const dropTagged = (tags: string[]) => {
    generation += 1
    stats.invalidations += 1
    for (const tag of tags) for (const key of [...(keysByTag.get(tag) ?? [])]) remove(key)
  }

  return {
    stats,
    get size() {
      return entries.size
    },
    get bytes() {
      return bytes
    },
    /**
     * Whether a write of this process has not yet been heard back (its keys still pending): until it is, a read
     * replica may lack it even though the writer's answer has gone out, so public reads stay on the primary.
     */
    get hasUncommittedWrites() {
      // Asked on every cold public read: nothing pending is the usual answer, found without copying the keys.
      if (pending.size === 0) return false
      for (const tag of [...pending.keys()]) if (isPending(tag)) return true
      return false
    },
    /** Read before producing a response; pass it to `set`. */
    get generation() {
      return generation
    },
    get(key: string): CachedResponse | undefined {
      const entry = entries.get(key)
      if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) remove(key)
      else if (entry) {
        // Re-insert: Map order is the LRU order.
        entries.delete(key)
        entries.set(key, entry)
        stats.hits += 1
        return entry
      }
      stats.misses += 1
      return undefined
    },
    set(key: string, entry: CachedResponse, startedAtGeneration: number): boolean {
      const hasExpired = entry.expiresAt !== undefined && entry.expiresAt <= now()
      if (!isEnabled || hasExpired || startedAtGeneration !== generation || entry.tags.some(isPending) || entry.body.length > maxBytes) {
        stats.refusedStores += 1
        return false
      }
      remove(key)
      entries.set(key, entry)
      bytes += entry.body.length
      for (const tag of entry.tags) {
        let keys = keysByTag.get(tag)
        if (!keys) keysByTag.set(tag, (keys = new Set()))
        keys.add(key)
      }
      while (entries.size > maxEntries || bytes > maxBytes) {
        const oldest = entries.keys().next().value as string
        remove(oldest)
        stats.evictions += 1
      }
      stats.stores += 1
      return true
    },
    /**
     * A write in this process, not yet committed: store nothing with these keys until its NOTIFY comes back (or it
     * rolls back, `forgetUncommitted`; or the timeout, should neither be heard). What is stored stays served: it is
     * the committed truth until the commit, when `invalidateCommittedHere` drops it.
     */
    invalidateUncommitted(tags: string[]) {
      for (const tag of tags) {
        const mark = pending.get(tag)
        pending.set(tag, { count: (mark?.count ?? 0) + 1, expiresAt: now() + pendingTimeoutMs })
      }
    },
    /**
     * That write's transaction has just committed, in this process: drop now, before the writer answers (its own
     * NOTIFY, heard later, drops again and ends the pending marks). A production under way started before the
     * commit and is not stored (the generation moves on).
     */
    invalidateCommittedHere(tags: string[]) {
      dropTagged(tags)
    },
    /** A committed change (from any process, through NOTIFY). */
    invalidateCommitted(tags: string[], { fromThisProcess = false }: { fromThisProcess?: boolean } = {}) {
      if (fromThisProcess) endPending(tags)
      dropTagged(tags)
    },
    /** That write rolled back: nothing changed, and its keys may be stored again without waiting for the timeout. */
    forgetUncommitted(tags: string[]) {
      endPending(tags)
    },
    clear() {
      generation += 1
      entries.clear()
      keysByTag.clear()
      bytes = 0
    },
    /** While invalidations cannot be received (listener down), nothing is stored. */
    setEnabled(value: boolean) {
      isEnabled = value
      if (!value) this.clear()
    },
    get isEnabled() {
      return isEnabled
    },
  }
}
