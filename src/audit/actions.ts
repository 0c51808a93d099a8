// The events the audit log records, as one table: the collection's options, the admin's filter and the tests read it.
// `outlivesRollback`: a failed attempt is recorded even though the request that made it fails (its transaction is
// rolled back), so it is written on its own, committed at once. Every other event is written in the transaction of
// the action it records: it is kept exactly when the action is.

export const AUDIT_ACTIONS = {
  'sign-in.succeeded': { label: 'Signed in', outlivesRollback: false },
  'sign-in.failed': { label: 'Sign-in failed', outlivesRollback: true },
  'sign-in.second-factor-failed': { label: 'Second factor failed', outlivesRollback: true },
  'second-factor.enrolled': { label: 'Second factor enrolled', outlivesRollback: false },
  'second-factor.removed': { label: 'Second factor removed', outlivesRollback: false },
  'passkey.added': { label: 'Passkey added', outlivesRollback: false },
  'passkey.removed': { label: 'Passkey removed', outlivesRollback: false },
  'recovery-codes.regenerated': { label: 'Recovery codes regenerated', outlivesRollback: false },
  'recovery-code.used': { label: 'Recovery code used', outlivesRollback: false },
  'account.created': { label: 'Account created', outlivesRollback: false },
  'account.deleted': { label: 'Account deleted', outlivesRollback: false },
  'account.role-changed': { label: 'Role changed', outlivesRollback: false },
  'account.password-changed': { label: 'Password changed', outlivesRollback: false },
  'api-key.created': { label: 'API key created', outlivesRollback: false },
  'api-key.revoked': { label: 'API key revoked', outlivesRollback: false },
  'session.ended': { label: 'Session ended', outlivesRollback: false },
  'sessions.ended-all': { label: 'All sessions ended', outlivesRollback: false },
  'story.published': { label: 'Story published', outlivesRollback: false },
  'story.unpublished': { label: 'Story unpublished', outlivesRollback: false },
  'story.scheduled': { label: 'Publication scheduled', outlivesRollback: false },
  'story.schedule-cancelled': { label: 'Scheduled publication cancelled', outlivesRollback: false },
  'document.deleted': { label: 'Deleted', outlivesRollback: false },
  'settings.changed': { label: 'Site settings changed', outlivesRollback: false },
} as const satisfies Record<string, { label: string; outlivesRollback: boolean }>

export type AuditAction = keyof typeof AUDIT_ACTIONS

export const isAuditAction = (value: unknown): value is AuditAction => typeof value === 'string' && Object.hasOwn(AUDIT_ACTIONS, value)

/** Collections whose deletion is audited. */
export const AUDITED_DELETIONS = ['articles', 'media', 'photo-credits', 'organizations', 'users'] as const
