// Two writes of one document take turns: the second waits until the first commits, and only then does
// Payload read the document it merges its changes onto. Without this, Payload reads the whole document,
// merges one request's fields and writes every column back, so two concurrent edits of different fields
// each write the other's old value: one change is silently lost.
import type { CollectionBeforeOperationHook, GlobalBeforeOperationHook, PayloadRequest, Where } from 'payload'

import { executeSql } from '../db/execute'

/**
 * A transaction-scoped advisory lock per document (released at commit or rollback). Unlike a row lock it
 * needs no table name, holds for documents and globals not yet stored, and does not block the foreign-key
 * checks of other tables that merely refer to the document.
 */
async function waitForTurn(req: PayloadRequest, keys: string[]): Promise<void> {
  if (!keys.length) return
  // Always in the same order, so two writers of the same documents cannot wait for each other.
  const literals = [...new Set(keys)].sort().map((key) => `('${key.replace(/'/g, "''")}')`)
  await executeSql(
    req,
    `select pg_advisory_xact_lock(hashtextextended(key, 0)) from (values ${literals.join(',')}) as turns(key) order by key`,
  )
}

export const documentTurnKey = (slug: string, id: number | string) => `${slug}:${String(id)}`

/** The ids a bulk write will touch, found in the write's own transaction before Payload reads them. */
async function idsMatching({ req, slug, where }: { req: PayloadRequest; slug: string; where: Where }) {
  const found = await req.payload.find({
    collection: slug as 'media',
    where,
    depth: 0,
    limit: 0,
    pagination: false,
    select: {},
    overrideAccess: true,
    trash: true,
    req,
  })
  return found.docs.map((doc) => doc.id)
}

const isWrite = (operation: string) => operation === 'update' || operation === 'delete'

export const editorsTakeTurns: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  if (!isWrite(operation) || !req.transactionID) return args
  const { id, where } = args as { id?: number | string; where?: Where }
  const ids = id !== undefined && id !== null ? [id] : where ? await idsMatching({ req, slug: collection.slug, where }) : []
  await waitForTurn(req, ids.map((documentId) => documentTurnKey(collection.slug, documentId)))
  return args
}

export const editorsTakeTurnsOnGlobal: GlobalBeforeOperationHook = async ({ args, global, operation, req }) => {
  if (operation !== 'update' || !req.transactionID) return args
  await waitForTurn(req, [`global:${global.slug}`])
  return args
}

/** Lets other hooks wait for documents they are about to change from outside their own collection. */
export const waitForTurnsOf = ({ req, slug, ids }: { req: PayloadRequest; slug: string; ids: (number | string)[] }) =>
  waitForTurn(req, ids.map((id) => documentTurnKey(slug, id)))
