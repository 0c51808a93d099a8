import { APIError, type CollectionAfterReadHook, type CollectionBeforeChangeHook } from 'payload'

import { hasRole } from '../../../access/roles'

/**
 * Only machine readers (`api` role) hold API keys: enabling a key for anyone else is refused, and a user moved
 * out of the `api` role loses theirs.
 */
export const onlyApiUsersHoldKeys: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const role = data.role ?? originalDoc?.role
  if (role === 'api') return data
  const isEnablingKey = data.enableAPIKey === true && originalDoc?.enableAPIKey !== true
  if (isEnablingKey) {
    throw new APIError('Only users with the “api” role can have an API key. Change the role to “api” first.', 400, undefined, true)
  }
  if (originalDoc?.enableAPIKey || originalDoc?.apiKey || data.enableAPIKey || data.apiKey) {
    return { ...data, enableAPIKey: false, apiKey: null, apiKeyIndex: null }
  }
  return data
}

/** Payload never returns the key today; this keeps it so if that changes: nobody but an admin sees it. */
export const hideApiKeyFromNonAdmins: CollectionAfterReadHook = ({ doc, req: { user } }) => {
  if (hasRole(user, 'admin')) return doc
  delete doc.apiKey
  delete doc.apiKeyIndex
  return doc
}
