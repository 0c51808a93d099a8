// @payloadcms/drizzle (3.90) swallows a failed COMMIT: its beginTransaction catches the transaction's
// promise, and commitTransaction ignores what is left. When the database goes away between a write's last
// statement and its COMMIT, Payload then answers 201/200 for a write that was never stored: an acknowledged
// write lost. These replacements keep the failure, so the operation fails (and the client hears 503).
import { randomUUID } from 'node:crypto'

import type { BaseDatabaseAdapter, Config } from 'payload'

import { runTransactionEnd } from './afterCommit'

type DatabaseAdapterResult = Config['db']

type Session = { db: unknown; commit: () => Promise<void>; rollback: () => Promise<void> }
type DrizzleAdapter = BaseDatabaseAdapter & {
  drizzle: { transaction: (run: (tx: unknown) => Promise<void>, options?: unknown) => Promise<void> }
  initializing?: Promise<void>
  sessions: Record<string, { db: unknown; resolve: () => Promise<void>; reject: () => Promise<void> }>
  transactionOptions?: unknown
}

async function beginTransaction(this: DrizzleAdapter, options?: unknown): Promise<string> {
  await this.initializing
  const session = await new Promise<Session>((onReady, onFailedToStart) => {
    const done = this.drizzle.transaction(async (tx) => {
      // The transaction stays open until Payload commits or rolls back through the session.
      await new Promise<void>((commit, rollback) => {
        onReady({
          db: tx,
          commit: () => (commit(), done),
          rollback: () => (rollback(new Error('Transaction rolled back.')), done.catch(() => {})),
        })
      })
    }, options ?? this.transactionOptions)
    // Before the session is ready this rejects the begin; afterwards commit() returns `done` itself.
    done.catch(onFailedToStart)
  }).catch((error: Error) => {
    this.payload.logger.error({ err: error, msg: `Error: cannot begin transaction: ${error.message}` })
    throw new Error(`Error: cannot begin transaction: ${error.message}`, { cause: error })
  })
  const id = randomUUID()
  this.sessions[id] = { db: session.db, resolve: session.commit, reject: session.rollback }
  return id
}

type TransactionId = Promise<number | string> | number | string

/** The transaction's session, taken out of the registry first: a second commit or rollback of it finds nothing. */
async function takeSession(adapter: DrizzleAdapter, incomingID: TransactionId) {
  const id = String(await incomingID)
  const session = adapter.sessions[id]
  if (session) delete adapter.sessions[id]
  return session
}

async function commitTransaction(this: DrizzleAdapter, incomingID: TransactionId = ''): Promise<void> {
  const session = await takeSession(this, incomingID)
  if (!session) return
  try {
    await session.resolve()
  } catch (error) {
    runTransactionEnd(session, 'rolledBack')
    throw error
  }
  runTransactionEnd(session, 'committed')
}

/** As @payloadcms/drizzle's, and then tells those waiting for this transaction's end (src/db/afterCommit.ts). */
async function rollbackTransaction(this: DrizzleAdapter, incomingID: TransactionId = ''): Promise<void> {
  const session = await takeSession(this, incomingID)
  // Several operations sharing a transaction may each roll it back: the first one does.
  if (!session) return
  try {
    await session.reject()
  } finally {
    runTransactionEnd(session, 'rolledBack')
  }
}

export function surfaceCommitFailures(adapter: DatabaseAdapterResult): DatabaseAdapterResult {
  return {
    ...adapter,
    init: (args) => {
      const db = adapter.init(args) as DrizzleAdapter
      // transactionOptions: false means no transactions at all; nothing to replace then.
      if ((db.transactionOptions as unknown) === false) return db
      db.beginTransaction = beginTransaction as BaseDatabaseAdapter['beginTransaction']
      db.commitTransaction = commitTransaction as BaseDatabaseAdapter['commitTransaction']
      db.rollbackTransaction = rollbackTransaction as BaseDatabaseAdapter['rollbackTransaction']
      return db
    },
  }
}
