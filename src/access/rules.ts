// The rules the access policy table names (src/access/policy.ts): each name is one access function, and what that
// function decides for each kind of caller. The policy table picks a rule per collection and operation; the
// collections get their `access` from it (accessFromPolicy), and the access matrix test checks every decision.
import type { Access, Where } from 'payload'

import { runningLicenseWhere } from '../licenses/licenseRules'
import { hasRole, isStaffUser, type Role } from './roles'

/** The callers the policy distinguishes. `otherWriter` is a writer acting on a colleague's document. */
export const SUBJECTS = ['anonymous', 'api', 'writer', 'otherWriter', 'editor', 'admin'] as const
export type Subject = (typeof SUBJECTS)[number]

/** The role a subject signs in with (anonymous has none). */
export const SUBJECT_ROLE: Record<Subject, Role | null> = {
  anonymous: null,
  api: 'api',
  writer: 'writer',
  otherWriter: 'writer',
  editor: 'editor',
  admin: 'admin',
}

/**
 * - `allow`: on any document.
 * - `deny`: refused (403, or the document is invisible: 404 / empty list).
 * - `own`: only on documents the caller owns (stories they author, notes they wrote, their own account).
 * - `published-only`: only published stories (never a draft, nor the draft of a live story).
 * - `public-assets-only`: only assets a published story or the site settings use (`isPublic`); photos and
 *   credits only while the credit's licence runs (machine readers, `allow` here, never see a photo or credit
 *   whose licence ended either).
 * - `n/a`: the operation does not exist for this collection (no drafts, no publishing, a global).
 */
export type Decision = 'allow' | 'deny' | 'own' | 'published-only' | 'public-assets-only' | 'n/a'

export type Row = Record<Subject, Decision>

export type Rule = {
  /** The one function Payload runs for this rule. */
  access: Access
  /** What it decides for each caller: the access matrix test checks every cell of every rule in use. */
  decides: Row
}

const row = (anonymous: Decision, api: Decision, writer: Decision, otherWriter: Decision, editor: Decision, admin: Decision): Row => ({
  anonymous,
  api,
  writer,
  otherWriter,
  editor,
  admin,
})

const everyone = (decision: Decision) => row(decision, decision, decision, decision, decision, decision)

const isEditor = ({ req: { user } }: Parameters<Access>[0]) => hasRole(user, 'admin', 'editor')

/** Only assets a live story (or the site settings) uses: `isPublic`, kept by src/visibility/refreshPublicVisibility.ts. */
const isPublicWhere: Where = { isPublic: { equals: true } }

/**
 * A photo or credit is seen by readers only while its licence runs, judged at read time: the image is withheld from
 * every reader (REST at any depth, GraphQL, the render-ready story, feeds, the file and its sizes) from the minute
 * it ends, whether or not the withdrawal job has run yet. Machine readers (`api` keys: the front ends) read every
 * photo for previews, but not one whose licence ended: what they read, they publish. Staff see everything, to
 * replace it. `licenceEnds` are the paths to the dates on the collection read (a photo has its credit's and its own).
 */
const licensedWhilePublic =
  (licenceEnds: string[], shownOnlyIf: Where[] = []): Access =>
  ({ req: { user } }) => {
    if (isStaffUser(user)) return true
    const now = new Date()
    const licensed: Where[] = licenceEnds.map((path) => runningLicenseWhere(path, now))
    return user ? { and: [...licensed, ...shownOnlyIf] } : { and: [isPublicWhere, ...licensed, ...shownOnlyIf] }
  }

/**
 * A photo a reader may see names a credit and has alt text, whatever wrote the row: the publish gate and the
 * live-photo guards judge the words, and this keeps a row emptied in SQL behind the application's back (credit
 * removed, alt text cleared) from being served raw by `/api/media` and its files until the audit catches it.
 */
const attributedPhoto: Where[] = [{ credit: { exists: true } }, { alt: { exists: true } }, { alt: { not_equals: '' } }]

//                                                       anonymous  api        writer   otherWriter  editor   admin
export const RULES = {
  anyone: { access: () => true, decides: everyone('allow') },
  /** Only the server writes it (jobs, the workflow's own Local API calls with access off). */
  nobody: { access: () => false, decides: everyone('deny') },
  'signed in': { access: ({ req: { user } }) => Boolean(user), decides: row('deny', 'allow', 'allow', 'allow', 'allow', 'allow') },
  /** Newsroom staff: admins, editors and writers (not machine `api` readers). */
  staff: { access: ({ req: { user } }) => isStaffUser(user), decides: row('deny', 'deny', 'allow', 'allow', 'allow', 'allow') },
  editors: { access: isEditor, decides: row('deny', 'deny', 'deny', 'deny', 'allow', 'allow') },
  admins: { access: ({ req: { user } }) => hasRole(user, 'admin'), decides: row('deny', 'deny', 'deny', 'deny', 'deny', 'allow') },
  /** Editors and admins reach every story; writers only the stories they are an author of. */
  'authors or editors': {
    access: (args) => {
      if (isEditor(args)) return true
      const { user } = args.req
      return hasRole(user, 'writer') ? { authors: { in: [user!.id] } } : false
    },
    decides: row('deny', 'deny', 'own', 'deny', 'allow', 'allow'),
  },
  /** Editors and admins reach every note; writers only the notes they wrote. */
  'note writer or editors': {
    access: (args) => {
      if (isEditor(args)) return true
      const { user } = args.req
      return hasRole(user, 'writer') ? { author: { equals: user!.id } } : false
    },
    decides: row('deny', 'deny', 'own', 'deny', 'allow', 'allow'),
  },
  /** Editors and admins see every alert; writers the alerts about the stories they author (they can act on those). */
  'editors, or authors of its story': {
    access: (args) => {
      if (isEditor(args)) return true
      const { user } = args.req
      return hasRole(user, 'writer') ? { 'article.authors': { in: [user!.id] } } : false
    },
    decides: row('deny', 'deny', 'own', 'deny', 'allow', 'allow'),
  },
  /** Admins reach every account; everyone else signed in only their own. */
  'self or admin': {
    access: ({ req: { user } }) => {
      if (!user) return false
      if (hasRole(user, 'admin')) return true
      return { id: { equals: user.id } }
    },
    decides: row('deny', 'own', 'own', 'deny', 'own', 'allow'),
  },
  /** Anyone signed in (staff, `api` readers) reads every story and draft; anonymous callers published stories only. */
  'published or signed in': {
    access: ({ req: { user } }) => (user ? true : { _status: { equals: 'published' } }),
    decides: row('published-only', 'allow', 'allow', 'allow', 'allow', 'allow'),
  },
  /**
   * Media, credits, organizations and calls to action are public only while a published story (or the site
   * settings) uses them: photos from unpublished stories about people at risk must not leak.
   */
  'public while a live story uses it': {
    access: ({ req: { user } }) => (user ? true : isPublicWhere),
    decides: row('public-assets-only', 'allow', 'allow', 'allow', 'allow', 'allow'),
  },
  /** A photo: public while a live story uses it and both its credit's licence and its own run. */
  'licensed photo, public while a live story uses it': {
    access: licensedWhilePublic(['credit.licenseExpiresAt', 'licenseExpiresAt'], attributedPhoto),
    decides: row('public-assets-only', 'allow', 'allow', 'allow', 'allow', 'allow'),
  },
  /** A credit: public while a public photo uses it and its licence runs (an ended licence shows no photo). */
  'licensed credit, public while a live story uses it': {
    access: licensedWhilePublic(['licenseExpiresAt']),
    decides: row('public-assets-only', 'allow', 'allow', 'allow', 'allow', 'allow'),
  },
} satisfies Record<string, Rule>

export type RuleName = keyof typeof RULES
