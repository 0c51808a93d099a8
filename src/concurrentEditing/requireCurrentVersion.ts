// Optimistic concurrency for everything people edit: a write that says which version it was based on
// (`expectedUpdatedAt` in the body, which the admin form sends, or the `X-Expected-Updated-At` header) is
// refused with a 409 when someone saved the document since. Writes that say nothing are not checked.
import {
  APIError,
  type CollectionAfterChangeHook,
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
  type GlobalAfterChangeHook,
  type GlobalBeforeChangeHook,
  type GlobalBeforeOperationHook,
  type PayloadRequest,
} from 'payload'

import {
  EDITING_SESSION_FIELD,
  EXPECTED_UPDATED_AT_FIELD,
  EXPECTED_UPDATED_AT_HEADER,
  isStaleVersion,
  readEditingSession,
  readExpectedVersion,
  staleVersionMessage,
  type DocumentName,
} from './expectedVersion'
import { isOwnLatestSave, rememberSave } from './recentSaves'
import { readSaveState, saveStateById, writeSaveState } from '../saveState'

// What each write of this request said it was based on, by document (`media:12`; `media:*` for a bulk edit).
// Kept apart from the data, because data that was not sent by the writer (restoring an old version, say)
// can carry an `expectedUpdatedAt` read along with the document.
const expectations = (req: PayloadRequest) => saveStateById(req, 'expectedVersions')
// The browser tab the writer's own write came from (only the form sends one).
const sessions = (req: PayloadRequest) => saveStateById(req, 'editingSessions')

function takeExpectedVersion({ req, data, key }: { req: PayloadRequest; data: Record<string, unknown> | undefined; key: string }) {
  if (!data || typeof data !== 'object') return
  // The header belongs to the request's own write, not to the writes its hooks make with the same `req`
  // (re-rendering credit lines after an organization is renamed, say).
  const fromHeader = readSaveState(req, 'isExpectedVersionHeaderTaken') ? undefined : req.headers?.get?.(EXPECTED_UPDATED_AT_HEADER)
  writeSaveState(req, 'isExpectedVersionHeaderTaken', true)
  const expected = readExpectedVersion({ fromBody: data[EXPECTED_UPDATED_AT_FIELD], fromHeader })
  const session = readEditingSession(data[EDITING_SESSION_FIELD])
  delete data[EXPECTED_UPDATED_AT_FIELD]
  delete data[EDITING_SESSION_FIELD]
  if (session) {
    sessions(req)[key] = session
    // Echoed in the answer (editingVersionFields), so the form keeps it.
    writeSaveState(req, 'editingSession', session)
  }
  if (expected.isGiven && !expected.isTime) throw new APIError(expected.problem, 400, undefined, true)
  if (expected.isGiven) expectations(req)[key] = expected.at
}

/** beforeOperation: checks the version's form before any work, and remembers it for requireCurrentVersion. */
export const takeExpectedVersionOfDocument: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  if (operation !== 'update') return args
  const { data, id } = args as { data?: Record<string, unknown>; id?: number | string }
  takeExpectedVersion({ req, data, key: `${collection.slug}:${id ?? '*'}` })
  return args
}

export const takeExpectedVersionOfGlobal: GlobalBeforeOperationHook = ({ args, global, operation, req }) => {
  if (operation === 'update') takeExpectedVersion({ req, data: (args as { data?: Record<string, unknown> }).data, key: `global:${global.slug}` })
  return args
}

function refuseStaleWrite({
  data,
  document,
  expectedAt,
  key,
  originalDoc,
  session,
}: {
  data: Record<string, unknown>
  document: DocumentName
  expectedAt: string | undefined
  key: string
  originalDoc?: Record<string, unknown>
  session: string | undefined
}) {
  delete data[EXPECTED_UPDATED_AT_FIELD]
  delete data[EDITING_SESSION_FIELD]
  if (!expectedAt || !originalDoc) return data
  // originalDoc was read after this write's turn came (editorsTakeTurns), so it is the latest save.
  const savedAt = originalDoc.updatedAt
  if (!isStaleVersion({ expectedAt, savedAt })) return data
  const currentUpdatedAt = new Date(savedAt as string).toISOString()
  // The tab's own previous save, still being answered when this one left: it carries everything that had.
  if (isOwnLatestSave({ key, updatedAt: currentUpdatedAt, session })) return data
  throw new APIError(staleVersionMessage({ document }), 409, { currentUpdatedAt }, true)
}

/** beforeChange, first in the list: refuses a write based on a version that is no longer the latest. */
export const requireCurrentVersion =
  (document: DocumentName): CollectionBeforeChangeHook =>
  ({ collection, data, operation, originalDoc, req }) => {
    const expected = expectations(req)
    const key = `${collection.slug}:${originalDoc?.id}`
    const expectedAt = operation === 'update' ? (expected[key] ?? expected[`${collection.slug}:*`]) : undefined
    // Once: a later write of the same document by a hook of this request is not the writer's.
    delete expected[key]
    return refuseStaleWrite({ data, document, expectedAt, key, originalDoc, session: sessions(req)[key] })
  }

export const requireCurrentVersionOfGlobal =
  (document: DocumentName): GlobalBeforeChangeHook =>
  ({ data, global, originalDoc, req }) => {
    const expected = expectations(req)
    const key = `global:${global.slug}`
    const expectedAt = expected[key]
    delete expected[key]
    return refuseStaleWrite({ data, document, expectedAt, key, originalDoc, session: sessions(req)[key] })
  }

const remember = ({ req, key, updatedAt }: { req: PayloadRequest; key: string; updatedAt: unknown }) => {
  const session = sessions(req)[key]
  if (session && updatedAt) rememberSave({ key, updatedAt: new Date(updatedAt as string).toISOString(), session })
}

/** afterChange: notes which tab made this save (see recentSaves.ts). */
export const rememberEditingSession: CollectionAfterChangeHook = ({ collection, doc, req }) => {
  remember({ req, key: `${collection.slug}:${doc.id}`, updatedAt: doc.updatedAt })
  return doc
}

export const rememberEditingSessionOfGlobal: GlobalAfterChangeHook = ({ doc, global, req }) => {
  remember({ req, key: `global:${global.slug}`, updatedAt: doc.updatedAt })
  return doc
}
