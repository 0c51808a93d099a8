import type { CollectionConfig, FieldAccess } from 'payload'

import { canChangeRole, isAdminField, isSelfOrAdminField } from '../../access/fieldAccess'
import { accessFromPolicy } from '../../access/policy'
import { announceAuthorRename } from '../../cache/announceContentChanges'
import { hasRole, ROLES } from '../../access/roles'
import { refuseUnreadableQueryPaths } from '../../access/queryPaths'
import { isProduction } from '../../env'
import { realTextValidation } from '../../fields/realTextValidation'
import { emailVerificationIsOff } from './endpoints/emailVerificationIsOff'
import { hideAccountStateFromOthers } from './hooks/hideAccountStateFromOthers'
import { makeFirstUserAdmin } from './hooks/makeFirstUserAdmin'
import { secondFactorFields } from '../../signIn/secondFactorFields'
import { noteSignInOperation, requireSecondFactor } from '../../signIn/requireSecondFactor'
import { hideApiKeyFromNonAdmins, onlyApiUsersHoldKeys } from './hooks/restrictApiKeys'
import { recordDeletion, recordSignIn, recordSignOut } from '../../audit/auditHooks'
import { sessionEndpoints } from '../../sessions/sessionEndpoints'
import { describeNewSession, noticeCredentialChanges, recordAccountChanges } from '../../sessions/sessionHooks'
import { sessionDetailFields } from '../../sessions/sessionDetailFields'
import { apiKeyFields } from '../../apiKeys/apiKeyFields'
import { apiKeyEndpoints } from '../../apiKeys/apiKeyEndpoints'
import { keepOnlyTheKeysHash, stampApiKeyDates } from '../../apiKeys/keepOnlyTheKeysHash'

// Editors see roles too: they assign reviewers, who must be editors.
const canReadRole: FieldAccess = (args) => hasRole(args.req.user, 'editor') || isSelfOrAdminField(args)

export const Users: CollectionConfig = {
  slug: 'users',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'email', 'role'],
  },
  auth: {
    // No hard lock: a lock is a tool to keep a known editor out. Every sign-in path goes through one limiter
    // instead (per address, and per account with backoff that spares the account's known browsers):
    // src/signIn/signInThrottle.ts.
    maxLoginAttempts: 0,
    useAPIKey: true,
    cookies: {
      sameSite: 'Lax',
      secure: isProduction,
    },
  },
  access: accessFromPolicy('users'),
  endpoints: [emailVerificationIsOff, ...sessionEndpoints, ...apiKeyEndpoints],
  hooks: {
    beforeOperation: [refuseUnreadableQueryPaths, noteSignInOperation],
    // The credentials are noticed while plain; then only the API key's hash is kept.
    beforeChange: [makeFirstUserAdmin, onlyApiUsersHoldKeys, noticeCredentialChanges, keepOnlyTheKeysHash],
    // After the password is checked: an account with a second factor gets a pending sign-in, never a session.
    beforeLogin: [requireSecondFactor],
    afterRead: [hideApiKeyFromNonAdmins, hideAccountStateFromOthers],
    // Role, password and key changes are audited; a role change ends the person's other sessions.
    // A renamed author changes the bylines of cached stories.
    afterChange: [stampApiKeyDates, recordAccountChanges, announceAuthorRename],
    afterDelete: [recordDeletion],
    afterLogin: [describeNewSession, recordSignIn],
    afterLogout: [recordSignOut],
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
      validate: realTextValidation('the name'),
    },
    {
      name: 'email',
      type: 'email',
      access: {
        read: isSelfOrAdminField,
      },
    },
    {
      name: 'role',
      type: 'select',
      required: true,
      defaultValue: 'writer',
      saveToJWT: true,
      options: ROLES.map((role) => ({ label: role[0].toUpperCase() + role.slice(1), value: role })),
      access: {
        create: isAdminField,
        update: canChangeRole,
        read: canReadRole,
      },
      admin: {
        position: 'sidebar',
        description: 'Only admins change roles.',
      },
    },
    // Merged into Payload's own API key fields: only admins issue keys (and only to `api` users, see the hook).
    { name: 'enableAPIKey', type: 'checkbox', access: { create: isAdminField, update: isAdminField, read: isAdminField } },
    { name: 'apiKey', type: 'text', access: { create: isAdminField, update: isAdminField, read: isAdminField } },
    { name: 'hasAPIKey', type: 'checkbox', virtual: true, access: { read: isAdminField } },
    ...apiKeyFields,
    ...sessionDetailFields,
    ...secondFactorFields,
  ],
}
