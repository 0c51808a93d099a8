// Which reads may go to a replica. By default none: every query goes to the primary, so whatever must see a
// just-committed write (the writer's own next read, the publish gate, workflow moves, jobs, anything in a
// transaction) sees it. Only the anonymous reads of published content, the load that grows with readers, are
// marked here as allowed on a replica, and even they reach one only once it has replayed every change this
// process has heard of (src/readReplica/replicaPools.ts).
import { AsyncLocalStorage } from 'node:async_hooks'

type ReadRouting = { mayUseReplica: boolean }

// One store per process, even where Next bundles this module a second time.
const STORE_KEY = Symbol.for('newsroom.readRouting')
const globalStore = globalThis as unknown as Record<symbol, AsyncLocalStorage<ReadRouting> | undefined>
const routing: AsyncLocalStorage<ReadRouting> = (globalStore[STORE_KEY] ??= new AsyncLocalStorage<ReadRouting>())

/** Runs `read` with its queries allowed on a caught-up replica (anonymous reads of published content only). */
export function readFromReplicaWherePossible<T>(read: () => Promise<T>): Promise<T> {
  return routing.run({ mayUseReplica: true }, read)
}

export const mayUseReplica = (): boolean => routing.getStore()?.mayUseReplica === true
