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

function takeExpectedVersion(req: PayloadRequest, data: Record<string, unknown> | undefined) {
  if (!data || typeof data !== 'object') return
  const fromHeader = req.context[HEADER_IS_TAKEN] ? undefined : req.headers?.get?.(EXPECTED_UPDATED_AT_HEADER)
  req.context[HEADER_IS_TAKEN] = true
  const expected = readExpectedVersion({ fromBody: data[EXPECTED_UPDATED_AT_FIELD], fromHeader })
  if (expected.isGiven && !expected.isTime) throw new APIError(expected.problem, 400, undefined, true)
  if (expected.isGiven) data[EXPECTED_UPDATED_AT_FIELD] = expected.at
  else delete data[EXPECTED_UPDATED_AT_FIELD]
}

/** beforeOperation: checks the version's form before any work, and carries the header's version into the data. */
export const takeExpectedVersionOfDocument: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'update') takeExpectedVersion(req, (args as { data?: Record<string, unknown> }).data)
  return args
}

export const takeExpectedVersionOfGlobal: GlobalBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'update') takeExpectedVersion(req, (args as { data?: Record<string, unknown> }).data)
  return args
}

function refuseStaleWrite({ data, document, originalDoc }: { data: Record<string, unknown>; document: DocumentName; originalDoc?: Record<string, unknown> }) {
  const expectedAt = data[EXPECTED_UPDATED_AT_FIELD]
  delete data[EXPECTED_UPDATED_AT_FIELD]
  if (typeof expectedAt !== 'string' || !originalDoc) return data
  // originalDoc was read after this write's turn came (editorsTakeTurns), so it is the latest save.
  const savedAt = originalDoc.updatedAt
  if (!isStaleVersion({ expectedAt, savedAt })) return data
  const currentUpdatedAt = new Date(savedAt as string).toISOString()
  throw new APIError(staleVersionMessage({ document, savedAt: currentUpdatedAt }), 409, { currentUpdatedAt }, true)
}

/** beforeChange, first in the list: refuses a write based on a version that is no longer the latest. */
export const requireCurrentVersion =
  (document: DocumentName): CollectionBeforeChangeHook =>
  ({ data, operation, originalDoc }) =>
    operation === 'update' ? refuseStaleWrite({ data, document, originalDoc }) : (delete data[EXPECTED_UPDATED_AT_FIELD], data)

export const requireCurrentVersionOfGlobal =
  (document: DocumentName): GlobalBeforeChangeHook =>
  ({ data, originalDoc }) =>
    refuseStaleWrite({ data, document, originalDoc })
