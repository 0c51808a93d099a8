// The audit log: security and editorial events (who, what, when, from which address, on which document, the change
// in brief). Append-only: written by the server alone (recordAuditEvent), read and filtered by admins, never changed
// or deleted through any API; old events leave only through the retention job (removeExpiredAuditEvents).
import { APIError, type CollectionBeforeOperationHook, type CollectionConfig } from 'payload'

import { accessFromPolicy } from '../access/policy'
import { refuseUnreadableQueryPaths } from '../access/queryPaths'
import { hasRole } from '../access/roles'
import { AUDIT_ACTIONS } from './actions'
import { AUDIT_EVENTS_SLUG } from './recordAuditEvent'

export const AUDIT_LOG_IS_APPEND_ONLY = 'The audit log is not allowed to change: its events can be read by admins, never edited or deleted. Old events are removed only by the retention job (AUDIT_RETENTION_DAYS).'

/**
 * Refuses every update and delete, whoever asks and however (REST, GraphQL, bulk, the admin, the Local API with or
 * without access control): the access rule stops callers, this stops server code that turns access control off.
 */
export const keepAuditLogAppendOnly: CollectionBeforeOperationHook = ({ operation, args }) => {
  if (operation === 'update' || operation === 'delete' || operation === 'restoreVersion') {
    throw new APIError(AUDIT_LOG_IS_APPEND_ONLY, 403, undefined, true)
  }
  return args
}

const actionOptions = Object.entries(AUDIT_ACTIONS).map(([value, { label }]) => ({ label, value }))

export const AuditEvents: CollectionConfig = {
  slug: AUDIT_EVENTS_SLUG,
  labels: { singular: 'Audit event', plural: 'Audit log' },
  admin: {
    useAsTitle: 'action',
    defaultColumns: ['createdAt', 'action', 'actor', 'actorEmail', 'address', 'documentCollection', 'documentTitle'],
    listSearchableFields: ['actorEmail', 'documentTitle', 'address'],
    group: 'Settings',
    description: 'Security and editorial events, newest first. Nobody can change or delete an event.',
    hidden: ({ user }) => !hasRole(user as never, 'admin'),
  },
  defaultSort: '-createdAt',
  access: accessFromPolicy('audit-events'),
  hooks: { beforeOperation: [refuseUnreadableQueryPaths, keepAuditLogAppendOnly] },
  fields: [
    { name: 'action', type: 'select', required: true, index: true, options: actionOptions },
    // Who: the account (empty once deleted, or for the system) and its e-mail address as it was then.
    { name: 'actor', type: 'relationship', relationTo: 'users', index: true },
    { name: 'actorEmail', type: 'text', index: true },
    { name: 'address', type: 'text', admin: { description: 'The client address, as the server verified it (TRUST_PROXY).' } },
    { name: 'documentCollection', type: 'text', index: true },
    { name: 'documentId', type: 'text', index: true },
    { name: 'documentTitle', type: 'text' },
    { name: 'details', type: 'json', admin: { description: 'The change in brief: changed fields, old and new role. Never a secret.' } },
  ],
  timestamps: true,
}
