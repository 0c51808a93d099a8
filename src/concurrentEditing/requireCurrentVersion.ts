// Optimistic concurrency for everything people edit: a write that says which version it was based on
// (`expectedUpdatedAt` in the body, which the admin form sends, or the `X-Expected-Updated-At` header) is
// refused with a 409 when someone saved the document since. Writes that say nothing are not checked.
import {
  APIError,
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
  type GlobalBeforeChangeHook,
  type GlobalBeforeOperationHook,
  type PayloadRequest,
} from 'payload'

import {
  EXPECTED_UPDATED_AT_FIELD,
  EXPECTED_UPDATED_AT_HEADER,
  isStaleVersion,
  readExpectedVersion,
  staleVersionMessage,
  type DocumentName,
} from './expectedVersion'

// The header belongs to the request's own write, not to the writes its hooks make with the same `req`
// (re-rendering credit lines after an organization is renamed, say).
const HEADER_IS_TAKEN = 'expectedVersionHeaderIsTaken'
// What each write of this request said it was based on, by document (`media:12`; `media:*` for a bulk edit).
// Kept apart from the data, because data that was not sent by the writer (restoring an old version, say)
// can carry an `expectedUpdatedAt` read along with the document.
const EXPECTATIONS = 'expectedVersions'

const expectations = (req: PayloadRequest) => ((req.context[EXPECTATIONS] ??= {}) as Record<string, string>)

function takeExpectedVersion({ req, data, key }: { req: PayloadRequest; data: Record<string, unknown> | undefined; key: string }) {
  if (!data || typeof data !== 'object') return
  const fromHeader = req.context[HEADER_IS_TAKEN] ? undefined : req.headers?.get?.(EXPECTED_UPDATED_AT_HEADER)
  req.context[HEADER_IS_TAKEN] = true
  const expected = readExpectedVersion({ fromBody: data[EXPECTED_UPDATED_AT_FIELD], fromHeader })
  delete data[EXPECTED_UPDATED_AT_FIELD]
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
  originalDoc,
}: {
  data: Record<string, unknown>
  document: DocumentName
  expectedAt: string | undefined
  originalDoc?: Record<string, unknown>
}) {
  delete data[EXPECTED_UPDATED_AT_FIELD]
  if (!expectedAt || !originalDoc) return data
  // originalDoc was read after this write's turn came (editorsTakeTurns), so it is the latest save.
  const savedAt = originalDoc.updatedAt
  if (!isStaleVersion({ expectedAt, savedAt })) return data
  const currentUpdatedAt = new Date(savedAt as string).toISOString()
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
    return refuseStaleWrite({ data, document, expectedAt, originalDoc })
  }

export const requireCurrentVersionOfGlobal =
  (document: DocumentName): GlobalBeforeChangeHook =>
  ({ data, global, originalDoc, req }) => {
    const expected = expectations(req)
    const expectedAt = expected[`global:${global.slug}`]
    delete expected[`global:${global.slug}`]
    return refuseStaleWrite({ data, document, expectedAt, originalDoc })
  }
