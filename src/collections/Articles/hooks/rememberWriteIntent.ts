import type { CollectionBeforeOperationHook } from 'payload'

import { writeSaveState } from '../../../saveState'

export type ArticleWriteIntent = {
  /** A draft save leaves the live row alone. */
  isDraft: boolean
  /** The `_status` the client asked for, before Payload fills it in from the latest version. */
  requestedStatus?: string
}

/** Hooks after this one cannot see the `draft` argument or what the client actually sent; keep both. */
export const rememberWriteIntent: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'create' || operation === 'update' || operation === 'restoreVersion') {
    writeSaveState(req, 'articleWrite', {
      isDraft: Boolean(args.draft),
      requestedStatus: 'data' in args ? (args.data as { _status?: string } | undefined)?._status : undefined,
    })
  }
  return args
}
