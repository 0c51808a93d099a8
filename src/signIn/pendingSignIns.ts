// Short-lived, server-side state of a sign-in in progress: the pending sign-in between the password and the second
// factor, and the WebAuthn challenges. Kept in Payload's key-value store (the database), so every process of the
// server sees it; taking a challenge deletes it in the same statement, so it works once.
import { randomBytes } from 'node:crypto'

import { sql } from '@payloadcms/db-postgres/drizzle'
import type { Payload } from 'payload'

import { tokenHash } from './authenticatorCodes'

/** Time to type a code after the password. */
export const PENDING_SIGN_IN_MS = 5 * 60 * 1000
/** Time to touch a passkey after asking for its challenge. */
export const CHALLENGE_MS = 2 * 60 * 1000

const PREFIX = 'second-factor:'

type Executor = { execute: (query: unknown) => Promise<{ rows: Record<string, unknown>[] }> }
const database = (payload: Payload) => (payload.db as unknown as { drizzle: Executor }).drizzle

type Entry = { userId: number | string | null; expiresAt: number; purpose: string }

async function put(payload: Payload, key: string, entry: Entry): Promise<void> {
  // Forget what expired, so abandoned sign-ins do not pile up.
  await database(payload).execute(
    sql`DELETE FROM payload_kv WHERE key LIKE ${`${PREFIX}%`} AND (data->>'expiresAt')::bigint < ${Date.now()}`,
  )
  await payload.kv.set(`${PREFIX}${key}`, entry)
}

/** Deletes the entry and returns it, if it exists and has not expired: at most one caller ever gets it. */
async function take(payload: Payload, key: string): Promise<Entry | null> {
  const { rows } = await database(payload).execute(sql`DELETE FROM payload_kv WHERE key = ${`${PREFIX}${key}`} RETURNING data`)
  const entry = rows[0]?.data as Entry | string | undefined
  const parsed = typeof entry === 'string' ? (JSON.parse(entry) as Entry) : entry
  return parsed && parsed.expiresAt > Date.now() ? parsed : null
}

async function peek(payload: Payload, key: string): Promise<Entry | null> {
  const entry = (await payload.kv.get(`${PREFIX}${key}`)) as Entry | null
  return entry && entry.expiresAt > Date.now() ? entry : null
}

/** A pending sign-in for an account whose password was right: the token the client exchanges with a second factor. */
export async function startPendingSignIn(payload: Payload, userId: number | string): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await put(payload, `pending:${tokenHash(token)}`, { userId, expiresAt: Date.now() + PENDING_SIGN_IN_MS, purpose: 'pending' })
  return token
}

/** The account a pending sign-in token belongs to while it is valid; it stays valid for retries until it is ended. */
export async function pendingSignInAccount(payload: Payload, token: unknown): Promise<number | string | null> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  return (await peek(payload, `pending:${tokenHash(token)}`))?.userId ?? null
}

export async function endPendingSignIn(payload: Payload, token: string): Promise<boolean> {
  return Boolean(await take(payload, `pending:${tokenHash(token)}`))
}

export type ChallengePurpose = 'register' | 'sign-in'

/** Remembers a WebAuthn challenge for `purpose` (and the account, when one is known). */
export async function rememberChallenge(payload: Payload, { challenge, purpose, userId }: { challenge: string; purpose: ChallengePurpose; userId: number | string | null }) {
  await put(payload, `challenge:${purpose}:${tokenHash(challenge)}`, { userId, expiresAt: Date.now() + CHALLENGE_MS, purpose })
}

/** Takes a challenge back: null when it was never issued, has expired or was used already. */
export async function takeChallenge(payload: Payload, { challenge, purpose }: { challenge: string; purpose: ChallengePurpose }): Promise<Entry | null> {
  if (!/^[A-Za-z0-9_-]{16,200}$/.test(challenge)) return null
  return take(payload, `challenge:${purpose}:${tokenHash(challenge)}`)
}
