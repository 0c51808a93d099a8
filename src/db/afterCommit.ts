// Work that must happen the moment a request's transaction ends, in this process (Payload has no such hook): run by
// our commitTransaction and rollbackTransaction (src/db/surfaceCommitFailures.ts) right after PostgreSQL answered,
// before the operation that wrote goes on to answer its caller.
import type { PayloadRequest } from 'payload'

export type TransactionEnd = { committed: () => void; rolledBack: () => void }
const endsBySession = new WeakMap<object, TransactionEnd[]>()

/**
 * Calls `end.committed` right after `req`'s transaction commits, or `end.rolledBack` once it is rolled back or its
 * COMMIT failed. Returns false, keeping neither, when `req` has no open transaction: its writes were committed
 * statement by statement, so the caller should act at once.
 */
export async function whenTransactionEnds(req: Pick<PayloadRequest, 'payload' | 'transactionID'>, end: TransactionEnd): Promise<boolean> {
  if (!req.transactionID) return false
  const transactionId = String(await req.transactionID)
  const sessions = (req.payload.db as unknown as { sessions?: Record<string, object | undefined> }).sessions
  const session = sessions?.[transactionId]
  if (!session) return false
  const ends = endsBySession.get(session)
  if (ends) ends.push(end)
  else endsBySession.set(session, [end])
  return true
}

/** Called by commitTransaction and rollbackTransaction with the session they ended; each callback runs once. */
export function runTransactionEnd(session: object, outcome: keyof TransactionEnd): void {
  const ends = endsBySession.get(session)
  if (!ends) return
  endsBySession.delete(session)
  for (const end of ends) {
    try {
      end[outcome]()
    } catch (error) {
      // The transaction has ended whatever a callback does: it must not turn a committed write into a failed request.
      console.error(`A callback after a transaction ${outcome === 'committed' ? 'commit' : 'rollback'} failed:`, error)
    }
  }
}
