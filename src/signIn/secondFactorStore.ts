// Reading and changing a staff account's second factor. Using a code is one conditional UPDATE, so two requests
// with the same code (a replay, or a double click) cannot both succeed, even in different processes.
import { sql } from '@payloadcms/db-postgres/drizzle'
import type { Payload } from 'payload'

import { settings } from '../env'
import { matchingTimeStep, newAuthenticatorSecret, newRecoveryCodes, openSecret, recoveryCodeHash, recoveryCodeOf, sealSecret } from './authenticatorCodes'

export type StoredPasskey = {
  /** The credential id, base64url. */
  id: string
  /** The COSE public key, base64url. */
  publicKey: string
  counter: number
  transports?: string[]
  name: string
  addedAt: string
}

export type SecondFactorRecord = {
  id: number | string
  email: string
  role: string | null
  hasSecondFactor: boolean
  totpSecret: string | null
  totpPendingSecret: string | null
  recoveryCodesLeft: number
  passkeys: StoredPasskey[]
}

type Executor = { execute: (query: unknown) => Promise<{ rows: Record<string, unknown>[] }> }
const database = (payload: Payload) => (payload.db as unknown as { drizzle: Executor }).drizzle

const keyOf = () => settings.secondFactor.key

/** The account's second factor as stored (secrets still sealed), or null when there is no such account. */
export async function secondFactorOf(payload: Payload, userId: number | string): Promise<SecondFactorRecord | null> {
  const row = (await payload.db.findOne({ collection: 'users', where: { id: { equals: userId } } })) as Record<string, unknown> | null
  if (!row) return null
  const hashes = Array.isArray(row.recoveryCodeHashes) ? row.recoveryCodeHashes : []
  return {
    id: row.id as number,
    email: String(row.email ?? ''),
    role: (row.role as string) ?? null,
    hasSecondFactor: Boolean(row.hasSecondFactor),
    totpSecret: (row.totpSecret as string) ?? null,
    totpPendingSecret: (row.totpPendingSecret as string) ?? null,
    recoveryCodesLeft: hashes.length,
    passkeys: Array.isArray(row.passkeys) ? (row.passkeys as StoredPasskey[]) : [],
  }
}

const write = (payload: Payload, userId: number | string, data: Record<string, unknown>) =>
  payload.db.updateOne({ collection: 'users', id: userId, data, returning: false } as Parameters<Payload['db']['updateOne']>[0])

/** Starts (or restarts) enrolling an authenticator app: a new secret, kept aside until a code confirms it. */
export async function startAuthenticatorEnrolment(payload: Payload, userId: number | string): Promise<string> {
  const secret = newAuthenticatorSecret()
  await write(payload, userId, { totpPendingSecret: sealSecret({ secret, key: keyOf() }) })
  return secret
}

/** New recovery codes, replacing any earlier ones; the plain codes are returned to be shown once. */
export async function replaceRecoveryCodes(payload: Payload, userId: number | string): Promise<string[]> {
  const codes = newRecoveryCodes()
  const hashes = codes.map((code) => recoveryCodeHash({ code: recoveryCodeOf(code)!, key: keyOf() }))
  await write(payload, userId, { recoveryCodeHashes: hashes })
  return codes
}

/**
 * Confirms the pending authenticator with a valid code: it becomes the account's authenticator, and that code's
 * time step counts as used. False when there is nothing pending or the code does not match.
 */
export async function confirmAuthenticatorEnrolment(payload: Payload, userId: number | string, code: string): Promise<boolean> {
  const record = await secondFactorOf(payload, userId)
  const secret = record?.totpPendingSecret ? openSecret({ sealed: record.totpPendingSecret, key: keyOf() }) : null
  if (!secret) return false
  const step = matchingTimeStep({ secret, code })
  if (step === null) return false
  await write(payload, userId, { totpSecret: record!.totpPendingSecret, totpPendingSecret: null, totpLastStep: step, hasSecondFactor: true })
  return true
}

/** Uses an authenticator code: true once per time step, never for a step at or before the last one used. */
export async function spendAuthenticatorCode(payload: Payload, record: SecondFactorRecord, code: string): Promise<boolean> {
  const secret = record.totpSecret ? openSecret({ sealed: record.totpSecret, key: keyOf() }) : null
  if (!secret) return false
  const step = matchingTimeStep({ secret, code })
  if (step === null) return false
  const { rows } = await database(payload).execute(
    sql`UPDATE users SET totp_last_step = ${step} WHERE id = ${record.id} AND (totp_last_step IS NULL OR totp_last_step < ${step}) RETURNING id`,
  )
  return rows.length === 1
}

/** Uses a recovery code: each works once. */
export async function spendRecoveryCode(payload: Payload, record: SecondFactorRecord, input: unknown): Promise<boolean> {
  const code = recoveryCodeOf(input)
  if (!code) return false
  const hash = recoveryCodeHash({ code, key: keyOf() })
  const { rows } = await database(payload).execute(
    sql`UPDATE users SET recovery_code_hashes = recovery_code_hashes - ${hash}::text WHERE id = ${record.id} AND recovery_code_hashes ? ${hash}::text RETURNING id`,
  )
  return rows.length === 1
}

export async function addPasskey(payload: Payload, userId: number | string, passkey: StoredPasskey): Promise<void> {
  const record = await secondFactorOf(payload, userId)
  const others = (record?.passkeys ?? []).filter((existing) => existing.id !== passkey.id)
  await write(payload, userId, { passkeys: [...others, passkey], hasSecondFactor: true })
}

/** Records a passkey's new signature counter after a sign-in. */
export async function notePasskeyUse(payload: Payload, record: SecondFactorRecord, credentialId: string, counter: number): Promise<void> {
  const passkeys = record.passkeys.map((passkey) => (passkey.id === credentialId ? { ...passkey, counter } : passkey))
  await write(payload, record.id, { passkeys })
}
