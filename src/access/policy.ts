// The access policy as one table: who may do what to which collection. Each cell names a rule (src/access/rules.ts);
// every collection and global takes its `access` from this table (accessFromPolicy), and
// tests/integration/accessMatrix.test.ts checks every decision of every cell through REST and GraphQL.
import type { CollectionConfig, GlobalConfig } from 'payload'

import type { Role } from './roles'
import { RULES, SUBJECT_ROLE, SUBJECTS, type Decision, type RuleName, type Subject } from './rules'

export { SUBJECTS, SUBJECT_ROLE, type Decision, type Row, type Subject } from './rules'

/**
 * What the matrix test checks. `readDraft` has no rule of its own: Payload reads a draft with the `read` rule.
 * `publish` is no access operation in Payload: the table names who may publish and the workflow refuses everyone
 * else (src/workflow/enforceEditorialWorkflow.ts); the matrix test holds the two together.
 */
export const OPERATIONS = ['create', 'read', 'readDraft', 'update', 'delete', 'publish'] as const
export type Operation = (typeof OPERATIONS)[number]

type CollectionPolicy = {
  create: RuleName
  read: RuleName
  update: RuleName
  delete: RuleName
  /** The version history (`/versions`), for collections with versions. */
  readVersions?: RuleName
  /** Auth collections: who may unlock an account, and who may open the admin panel. */
  unlock?: RuleName
  admin?: RuleName
  /** Stories: who may publish, unpublish or change what is live. */
  publish?: RuleName
}

type GlobalPolicy = { read: RuleName; update: RuleName }

/** A shared asset (organization, call to action): staff add and edit, editors delete, readers see the live ones. */
const asset = {
  create: 'staff',
  read: 'public while a live story uses it',
  update: 'staff',
  delete: 'editors',
} satisfies CollectionPolicy

export const POLICY = {
  articles: {
    create: 'staff',
    read: 'published or signed in',
    readVersions: 'staff',
    // Writers edit the stories they author (drafts only: changing what is live is an editor's job, see `publish`).
    update: 'authors or editors',
    delete: 'editors',
    // Publishing (`_status: published`) from `approved` only; the workflow table says who moves stages.
    publish: 'editors',
  },
  media: { ...asset, read: 'licensed photo, public while a live story uses it' },
  'photo-credits': { ...asset, read: 'licensed credit, public while a live story uses it' },
  organizations: asset,
  'calls-to-action': asset,
  users: {
    create: 'admins',
    // Everyone signed in lists colleagues (bylines, assignment); field access hides all but names.
    read: 'signed in',
    update: 'self or admin',
    delete: 'admins',
    unlock: 'admins',
    admin: 'staff',
  },
  'editorial-notes': { create: 'staff', read: 'staff', update: 'note writer or editors', delete: 'editors' },
  // Append-only: only the workflow writes it (POST /api/articles/:id/transition).
  'article-transitions': { create: 'nobody', read: 'staff', update: 'nobody', delete: 'nobody' },
  'preview-links': { create: 'editors', read: 'editors', update: 'editors', delete: 'editors' },
  // Raised by the server's jobs; shown to who can act on them; editors dismiss them.
  'workflow-alerts': { create: 'nobody', read: 'editors, or authors of its story', update: 'nobody', delete: 'editors' },
  // Admins manage the endpoints front ends subscribe with; their secrets never leave the server.
  webhooks: { create: 'admins', read: 'admins', update: 'admins', delete: 'admins' },
  // Written by the delivery job only; admins read the log.
  'webhook-deliveries': { create: 'nobody', read: 'admins', update: 'nobody', delete: 'nobody' },
  // Append-only: only the server records events (src/audit/recordAuditEvent.ts); admins read the log.
  'audit-events': { create: 'nobody', read: 'admins', update: 'nobody', delete: 'nobody' },
  // Written by the photo-metadata write-back job only; staff read which photos' files could not be written.
  'photo-metadata-writes': { create: 'nobody', read: 'staff', update: 'nobody', delete: 'nobody' },
} satisfies Record<string, CollectionPolicy>

export const GLOBAL_POLICY = {
  'site-settings': { read: 'anyone', update: 'editors' },
} satisfies Record<string, GlobalPolicy>

export type PolicyCollection = keyof typeof POLICY
export type PolicyGlobal = keyof typeof GLOBAL_POLICY

/** The Payload access operations a table cell can configure (`publish` is the workflow's, not Payload's). */
const COLLECTION_ACCESS_KEYS = ['create', 'read', 'readVersions', 'update', 'delete', 'unlock', 'admin'] as const
const GLOBAL_ACCESS_KEYS = ['read', 'update'] as const

/** A collection's `access`, exactly as the policy table names it: the only way a collection gets access functions. */
export function accessFromPolicy(collection: PolicyCollection): NonNullable<CollectionConfig['access']> {
  const cells: CollectionPolicy = POLICY[collection]
  const access: Record<string, unknown> = {}
  for (const key of COLLECTION_ACCESS_KEYS) {
    const rule = cells[key]
    if (rule) access[key] = RULES[rule].access
  }
  return access as NonNullable<CollectionConfig['access']>
}

/** A global's `access`, exactly as the policy table names it. */
export function accessFromGlobalPolicy(global: PolicyGlobal): NonNullable<GlobalConfig['access']> {
  const cells: GlobalPolicy = GLOBAL_POLICY[global]
  return Object.fromEntries(GLOBAL_ACCESS_KEYS.map((key) => [key, RULES[cells[key]].access]))
}

/** What the table decides for one caller: the rule's decision, or `n/a` where the collection has no such operation. */
export function decisionFor(target: PolicyCollection | PolicyGlobal, operation: Operation, subject: Subject): Decision {
  const cells: Partial<Record<string, RuleName>> = target in POLICY ? POLICY[target as PolicyCollection] : GLOBAL_POLICY[target as PolicyGlobal]
  if (operation === 'readDraft') {
    // Only a read rule that tells published stories from drafts makes reading a draft a decision of its own.
    const read = RULES[cells.read!].decides[subject]
    const hasDrafts = Object.values(RULES[cells.read!].decides).includes('published-only')
    return !hasDrafts ? 'n/a' : read === 'published-only' ? 'deny' : read
  }
  const rule = cells[operation]
  return rule ? RULES[rule].decides[subject] : 'n/a'
}

/**
 * Whether a signed-in role may publish, unpublish or change what readers see of a story: the table's `publish`
 * cell, read as data by the workflow (src/workflow/stageOfSave.ts), so the table and the refusal cannot drift.
 */
export function mayPublishStories(role: Role | null | undefined): boolean {
  const subject = SUBJECTS.find((candidate) => candidate !== 'otherWriter' && SUBJECT_ROLE[candidate] === (role ?? null))
  return subject !== undefined && decisionFor('articles', 'publish', subject) === 'allow'
}
