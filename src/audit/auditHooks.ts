// The hooks that record audit events, listed on the collections and globals they watch. Each passes the action's
// `req`, so its event commits or rolls back with the action.
import type { CollectionAfterDeleteHook, CollectionAfterLoginHook, CollectionAfterLogoutHook, GlobalAfterChangeHook } from 'payload'

import { changedFieldNames } from './changeInBrief'
import { recordAuditEvent } from './recordAuditEvent'

const titleOf = (doc: Record<string, unknown> | null | undefined, field: string | undefined): string | null => {
  const value = field ? doc?.[field] : undefined
  return typeof value === 'string' ? value : null
}

/** A story, photo, credit or organization deleted: who deleted which, by its title as it was. */
export const recordDeletion: CollectionAfterDeleteHook = async ({ collection, doc, id, req }) => {
  await recordAuditEvent(req, {
    action: collection.slug === 'users' ? 'account.deleted' : 'document.deleted',
    document: { collection: collection.slug, id: doc?.id ?? id, title: titleOf(doc, collection.admin?.useAsTitle) ?? titleOf(doc, 'email') },
  })
}

/** A change of the site settings, by the names of the fields that changed. */
export const recordSettingsChange: GlobalAfterChangeHook = async ({ doc, previousDoc, global, req }) => {
  const changed = changedFieldNames(previousDoc, doc)
  if (!changed.length) return doc
  await recordAuditEvent(req, { action: 'settings.changed', document: { collection: global.slug, title: global.label as string | undefined ?? global.slug }, details: { changed } })
  return doc
}

/** Every successful sign-in, whichever path it took (REST, GraphQL, the admin). */
export const recordSignIn: CollectionAfterLoginHook = async ({ req, user }) => {
  await recordAuditEvent(req, { action: 'sign-in.succeeded', actor: user, document: { collection: 'users', id: user.id, title: user.email } })
  return user
}

/** Signing out ends the session it was made with. */
export const recordSignOut: CollectionAfterLogoutHook = async ({ req }) => {
  const user = req.user
  if (!user) return
  await recordAuditEvent(req, { action: 'session.ended', document: { collection: 'users', id: user.id, title: user.email }, details: { reason: 'signed out' } })
}
