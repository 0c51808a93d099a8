// API keys are kept as a one-way hash only. Payload stores a key twice: `apiKeyIndex`, an HMAC-SHA256 of the key under
// PAYLOAD_SECRET (what its API-key strategy looks a caller up by), and `apiKey`, the key encrypted with the same
// secret, which anyone holding the database and the secret can decrypt. This keeps the HMAC and never stores the
// encrypted copy: a key is seen once, by whoever issued it, and the database cannot give it back.
import { sql } from '@payloadcms/db-postgres/drizzle'
import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, Payload } from 'payload'

import { executeSql } from '../db/execute'
import { takeSaveState, writeSaveState } from '../saveState'

/**
 * Runs after Payload's field hook has computed the HMAC from the plain key (field beforeValidate) and before its
 * encryption (field beforeChange), which then stores nothing.
 */
export const keepOnlyTheKeysHash: CollectionBeforeChangeHook = ({ data, req }) => {
  const isNewKey = typeof data.apiKey === 'string' && data.apiKey.length > 0
  if (isNewKey) writeSaveState(req, 'isApiKeyIssued', true)
  return 'apiKey' in data || isNewKey ? { ...data, apiKey: null } : data
}

/** A new key restarts its issue date and last use; a revoked key has neither. Server-written: no API sets them. */
export const stampApiKeyDates: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const isIssued = Boolean(takeSaveState(req, 'isApiKeyIssued')) && Boolean(doc.enableAPIKey)
  const isRevoked = !doc.enableAPIKey && Boolean(previousDoc?.enableAPIKey)
  if (!isIssued && !isRevoked) return doc
  const id = Number(doc.id)
  await executeSql(req, `update users set api_key_issued_at = ${isIssued ? 'now()' : 'null'}, api_key_last_used_at = null where id = ${id}`)
  return doc
}

/** Notes that a machine reader's key was used just now (bookkeeping outside any transaction). */
export async function noteApiKeyUse({ payload, userId }: { payload: Payload; userId: number }): Promise<void> {
  const db = (payload.db as unknown as { drizzle: { execute: (query: unknown) => Promise<unknown> } }).drizzle
  await db.execute(sql`update users set api_key_last_used_at = now() where id = ${userId} and enable_a_p_i_key = true`)
}
