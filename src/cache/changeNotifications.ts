// Content changes travel as PostgreSQL NOTIFYs sent inside the writing transaction, so every app process
// (this one included) hears of a change exactly when it commits, and never of a rolled-back one.
import { randomUUID } from 'node:crypto'

import type { PayloadRequest } from 'payload'
import pg from 'pg'

import { whenTransactionEnds } from '../db/afterCommit'
import { reportLostConnection } from '../db/closePayload'
import { executeSql } from '../db/execute'
import { closureStatement, keysFromRows, keysInvalidatedBy, type Seeds } from './documentKeys'

export const CHANGES_CHANNEL = 'content_changes'
/** Identifies this process's own NOTIFYs, which confirm its pending local invalidations. */
export const PROCESS_ID = randomUUID()
// NOTIFY payloads must stay below 8000 bytes.
const MAX_PAYLOAD_CHARS = 7000

/**
 * Caches in this process hear of a write twice: when it is written (`written`: stop storing what is about to
 * change), then the moment its transaction commits (`committed`: drop what it changed, before the writer answers
 * and before the NOTIFY comes back) or rolls back (`rolledBack`: nothing changed, store again). Until the commit
 * the cached copies are still the truth, and readers keep getting them: dropping them at the write made every read
 * until the commit a full production of the old version, and at the commit each reader was still busy making the
 * old answer (issue 20, publish → fresh).
 */
export type LocalChangeSubscriber = { written: (keys: string[]) => void; committed: (keys: string[]) => void; rolledBack: (keys: string[]) => void }
const localSubscribers = new Set<LocalChangeSubscriber>()

export function onLocalChange(subscriber: LocalChangeSubscriber): () => void {
  localSubscribers.add(subscriber)
  return () => localSubscribers.delete(subscriber)
}

/**
 * `n` numbers this process's messages. PostgreSQL delivers identical payloads sent on one channel in one
 * transaction only once, but every announcement marked its keys pending here once: two hooks of one save
 * announcing the same documents would leave the cache refusing to store them until the pending timeout.
 */
export type ChangeMessage = { origin: string; n?: number; keys: string[] }

let messagesSent = 0

export function encodeChanges(keys: string[], origin: string = PROCESS_ID): string[] {
  const messages: string[] = []
  let batch: string[] = []
  const flush = () => {
    if (batch.length) messages.push(JSON.stringify({ origin, n: ++messagesSent, keys: batch } satisfies ChangeMessage))
    batch = []
  }
  for (const key of keys) {
    batch.push(key)
    if (JSON.stringify(batch).length > MAX_PAYLOAD_CHARS) {
      batch.pop()
      flush()
      batch.push(key)
    }
  }
  flush()
  return messages
}

export function decodeChanges(payload: string | undefined): ChangeMessage | null {
  try {
    const message = JSON.parse(payload ?? '') as ChangeMessage
    return typeof message?.origin === 'string' && Array.isArray(message.keys) ? message : null
  } catch {
    return null
  }
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`

/**
 * Announces that the documents in `seeds` (and everything they point at) changed, inside `req`'s transaction.
 * Returns the keys invalidated.
 */
export async function announceChange(req: PayloadRequest, seeds: Seeds, extraKeys: string[] = []): Promise<string[]> {
  const rows = await executeSql(req, closureStatement(seeds))
  const keys = keysInvalidatedBy([...keysFromRows(rows), ...extraKeys])
  for (const subscriber of localSubscribers) subscriber.written(keys)
  const committed = () => {
    for (const subscriber of localSubscribers) subscriber.committed(keys)
  }
  const rolledBack = () => {
    for (const subscriber of localSubscribers) subscriber.rolledBack(keys)
  }
  // Without a transaction the write is already committed.
  if (!(await whenTransactionEnds(req, { committed, rolledBack }))) committed()
  const notifications = encodeChanges(keys).map((message) => `select pg_notify(${quote(CHANGES_CHANNEL)}, ${quote(message)})`)
  if (notifications.length) await executeSql(req, notifications.join(';\n'))
  return keys
}

export type ChangeListener = { stop: () => Promise<void>; readonly isListening: boolean }

/**
 * A dedicated connection LISTENing for changes; reconnects with backoff. While it is down, `onStatus(false)`
 * tells the cache to empty itself and store nothing, since invalidations would be missed.
 */
export function listenForChanges({
  connection,
  onChange,
  onStatus,
  log,
}: {
  connection: pg.ClientConfig
  onChange: (message: ChangeMessage) => void
  onStatus: (isListening: boolean) => void
  log: (message: string) => void
}): ChangeListener {
  let client: pg.Client | null = null
  let isStopped = false
  let isListening = false
  let retryDelay = 250
  let retryTimer: NodeJS.Timeout | null = null

  const setListening = (value: boolean) => {
    if (isListening === value) return
    isListening = value
    onStatus(value)
  }

  const scheduleReconnect = () => {
    if (isStopped || retryTimer) return
    retryTimer = setTimeout(() => {
      retryTimer = null
      void connect()
    }, retryDelay)
    retryTimer.unref()
    retryDelay = Math.min(retryDelay * 2, 10_000)
  }

  const connect = async () => {
    const next = new pg.Client(connection)
    client = next
    next.on('notification', (notification) => {
      const message = decodeChanges(notification.payload)
      if (message) onChange(message)
    })
    next.on('error', (error) => {
      reportLostConnection(error, () => log(`Cache invalidation listener lost its connection (${error.message}); reconnecting.`))
      setListening(false)
      next.end().catch(() => {})
      scheduleReconnect()
    })
    next.on('end', () => {
      setListening(false)
      scheduleReconnect()
    })
    try {
      await next.connect()
      await next.query(`listen ${CHANGES_CHANNEL}`)
      if (isStopped) return void next.end().catch(() => {})
      retryDelay = 250
      setListening(true)
    } catch (error) {
      log(`Cache invalidation listener could not connect (${(error as Error).message}); retrying.`)
      next.end().catch(() => {})
      scheduleReconnect()
    }
  }

  void connect()
  return {
    get isListening() {
      return isListening
    },
    stop: async () => {
      isStopped = true
      if (retryTimer) clearTimeout(retryTimer)
      setListening(false)
      await client?.end().catch(() => {})
    },
  }
}
