// The hooks every collection people edit runs before an operation, in this order: a query path the caller may not
// read is refused before anything queries with it (refuseUnreadableQueryPaths), then a malformed expected version is
// refused and a well-formed one is set aside for requireCurrentVersion (takeExpectedVersionOfDocument), and only a
// write that got this far waits for its turn on the documents it changes (editorsTakeTurns), so no refused request
// ever holds a document's turn. A collection with hooks of its own to run between these lists them by hand instead.
import type { CollectionBeforeOperationHook } from 'payload'

import { refuseUnreadableQueryPaths } from '../access/queryPaths'
import { takeExpectedVersionOfDocument } from './requireCurrentVersion'
import { editorsTakeTurns } from './takeTurnsEditing'

export const beforeEveryEdit: CollectionBeforeOperationHook[] = [refuseUnreadableQueryPaths, takeExpectedVersionOfDocument, editorsTakeTurns]
