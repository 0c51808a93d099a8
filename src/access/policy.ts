// The access policy as one table: who may do what to which collection. The collections' access functions
// implement it; tests/integration/accessMatrix.test.ts checks every cell through REST and GraphQL.
import type { Role } from './roles'

/** The callers the policy distinguishes. `otherWriter` is a writer acting on a colleague's document. */
export const SUBJECTS = ['anonymous', 'api', 'writer', 'otherWriter', 'editor', 'admin'] as const
export type Subject = (typeof SUBJECTS)[number]

export const OPERATIONS = ['create', 'read', 'readDraft', 'update', 'delete', 'publish'] as const
export type Operation = (typeof OPERATIONS)[number]

/**
 * - `allow`: on any document.
 * - `deny`: refused (403, or the document is invisible: 404 / empty list).
 * - `own`: only on documents the caller owns (stories they author, notes they wrote, their own account).
 * - `published-only`: only published stories (never a draft, nor the draft of a live story).
 * - `public-assets-only`: only assets a published story or the site settings use (`isPublic`); photos and
 *   credits only while the credit's licence runs (machine readers, `allow` here, never see a photo or credit
 *   whose licence ended either: src/visibility/publicAssetOrAuthenticated.ts).
 * - `n/a`: the operation does not exist for this collection (no drafts, no publishing, a global).
 */
export type Decision = 'allow' | 'deny' | 'own' | 'published-only' | 'public-assets-only' | 'n/a'

export type Row = Record<Subject, Decision>
export type CollectionPolicy = Record<Operation, Row>

const row = (
  anonymous: Decision,
  api: Decision,
  writer: Decision,
  otherWriter: Decision,
  editor: Decision,
  admin: Decision,
): Row => ({ anonymous, api, writer, otherWriter, editor, admin })

const everyone = (decision: Decision) => row(decision, decision, decision, decision, decision, decision)
const nobody = everyone('deny')
const notApplicable = everyone('n/a')
//                                anonymous  api      writer   otherWriter  editor   admin
const staff = /*             */ row('deny', 'deny', 'allow', 'allow', 'allow', 'allow')
const signedIn = /*          */ row('deny', 'allow', 'allow', 'allow', 'allow', 'allow')
const editors = /*           */ row('deny', 'deny', 'deny', 'deny', 'allow', 'allow')
const admins = /*            */ row('deny', 'deny', 'deny', 'deny', 'deny', 'allow')
const publicAssets = /*      */ row('public-assets-only', 'allow', 'allow', 'allow', 'allow', 'allow')

/** A shared asset (photo, credit, organization, call to action): staff add and edit, editors delete. */
const asset: CollectionPolicy = {
  create: staff,
  read: publicAssets,
  readDraft: notApplicable,
  update: staff,
  delete: editors,
  publish: notApplicable,
}

export const POLICY = {
  articles: {
    create: staff,
    read: row('published-only', 'allow', 'allow', 'allow', 'allow', 'allow'),
    readDraft: signedIn,
    // Writers edit the stories they author (drafts only: changing what is live is an editor's job).
    update: row('deny', 'deny', 'own', 'deny', 'allow', 'allow'),
    delete: editors,
    // Publishing (`_status: published`) from `approved` only; the workflow table says who moves stages.
    publish: editors,
  },
  media: asset,
  'photo-credits': asset,
  organizations: asset,
  'calls-to-action': asset,
  users: {
    create: admins,
    // Everyone signed in lists colleagues (bylines, assignment); field access hides all but names.
    read: signedIn,
    readDraft: notApplicable,
    update: row('deny', 'own', 'own', 'deny', 'own', 'allow'),
    delete: admins,
    publish: notApplicable,
  },
  'editorial-notes': {
    create: staff,
    read: staff,
    readDraft: notApplicable,
    update: row('deny', 'deny', 'own', 'deny', 'allow', 'allow'),
    delete: editors,
    publish: notApplicable,
  },
  // Append-only: only the workflow writes it (POST /api/articles/:id/transition).
  'article-transitions': { create: nobody, read: staff, readDraft: notApplicable, update: nobody, delete: nobody, publish: notApplicable },
  'preview-links': { create: editors, read: editors, readDraft: notApplicable, update: editors, delete: editors, publish: notApplicable },
  // Raised by the server's jobs; editors dismiss them.
  'workflow-alerts': { create: nobody, read: staff, readDraft: notApplicable, update: nobody, delete: editors, publish: notApplicable },
  // Admins manage the endpoints front ends subscribe with; their secrets never leave the server.
  webhooks: { create: admins, read: admins, readDraft: notApplicable, update: admins, delete: admins, publish: notApplicable },
  // Written by the delivery job only; admins read the log.
  'webhook-deliveries': { create: nobody, read: admins, readDraft: notApplicable, update: nobody, delete: nobody, publish: notApplicable },
} satisfies Record<string, CollectionPolicy>

export const GLOBAL_POLICY = {
  'site-settings': {
    create: notApplicable,
    read: everyone('allow'),
    readDraft: notApplicable,
    update: editors,
    delete: notApplicable,
    publish: notApplicable,
  },
} satisfies Record<string, CollectionPolicy>

export type PolicyCollection = keyof typeof POLICY
export type PolicyGlobal = keyof typeof GLOBAL_POLICY

/** The role a subject signs in with (anonymous has none). */
export const SUBJECT_ROLE: Record<Subject, Role | null> = {
  anonymous: null,
  api: 'api',
  writer: 'writer',
  otherWriter: 'writer',
  editor: 'editor',
  admin: 'admin',
}

export function decisionFor(collection: PolicyCollection | PolicyGlobal, operation: Operation, subject: Subject): Decision {
  const table: Record<string, CollectionPolicy> = { ...POLICY, ...GLOBAL_POLICY }
  return table[collection][operation][subject]
}
