// Payload keeps a person's sign-in sessions as rows of `users_sessions` (auth.useSessions); its JWT strategy refuses a
// token whose session row is gone, on every path. These statements change single rows in place, inside the request's
// transaction: never a read-modify-write of the whole list, which could bring back a session ended meanwhile.
import { sql, type SQL } from '@payloadcms/db-postgres/drizzle'
import type { Payload, PayloadRequest } from 'payload'

type Executor = { execute: (query: SQL) => Promise<{ rows: Record<string, unknown>[] }> }

async function executorOf(req: PayloadRequest | null, payload: Payload): Promise<Executor> {
  const adapter = payload.db as unknown as { drizzle: Executor; sessions: Record<string, { db: Executor } | undefined> }
  const transactionId = req?.transactionID ? await req.transactionID : undefined
  return (transactionId !== undefined && adapter.sessions[String(transactionId)]?.db) || adapter.drizzle
}

/** Payload's session ids are UUIDs; anything else names no session. */
export const isSessionId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)

export type SessionRow = {
  id: string
  createdAt: string | null
  expiresAt: string
  lastSeenAt: string | null
  userAgent: string | null
  address: string | null
}

const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null)

/** A person's sessions that have not expired, newest first. */
export async function activeSessionsOf({ req, userId }: { req: PayloadRequest; userId: number }): Promise<SessionRow[]> {
  const db = await executorOf(req, req.payload)
  const { rows } = await db.execute(
    sql`select id, created_at, expires_at, last_seen_at, user_agent, address from users_sessions
        where _parent_id = ${userId} and expires_at > now() order by created_at desc nulls last`,
  )
  return rows.map((row) => ({
    id: String(row.id),
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at)!,
    lastSeenAt: iso(row.last_seen_at),
    userAgent: (row.user_agent as string | null) ?? null,
    address: (row.address as string | null) ?? null,
  }))
}

/**
 * Ends sessions of one person: `only` that one, or all but `keep` (the caller's own, when they stay signed in).
 * Returns the ids ended.
 */
export async function endSessions({ req, userId, only, keep }: { req: PayloadRequest; userId: number; only?: string; keep?: string | null }): Promise<string[]> {
  const db = await executorOf(req, req.payload)
  const which = only !== undefined ? sql` and id = ${only}` : keep ? sql` and id <> ${keep}` : sql``
  const { rows } = await db.execute(sql`delete from users_sessions where _parent_id = ${userId}${which} returning id`)
  return rows.map((row) => String(row.id))
}

/** Notes where a session was made from, in the sign-in's own transaction. */
export async function describeSession({ req, sessionId, userAgent, address }: { req: PayloadRequest; sessionId: string; userAgent: string | null; address: string | null }): Promise<void> {
  const db = await executorOf(req, req.payload)
  await db.execute(sql`update users_sessions set user_agent = ${userAgent}, address = ${address}, last_seen_at = now() where id = ${sessionId}`)
}

/** Notes that a session was used just now (outside any transaction: it is bookkeeping, not part of an action). */
export async function touchSession({ payload, sessionId, userId, address }: { payload: Payload; sessionId: string; userId: number; address: string | null }): Promise<void> {
  const db = await executorOf(null, payload)
  await db.execute(sql`update users_sessions set last_seen_at = now(), address = coalesce(${address}, address) where id = ${sessionId} and _parent_id = ${userId}`)
}
