// The access policy without a server: every rule decides what the rule table says it decides, and every collection
// and global of the real config runs exactly the access functions the policy table names.
import { buildConfig, type Access, type PayloadRequest, type SanitizedConfig, type Where } from 'payload'

import { canChangeRole, isAdminField, isEditorOrAdminField, isSelfOrAdminField } from '../../src/access/fieldAccess'
import { accessFromPolicy, GLOBAL_POLICY, POLICY, type PolicyCollection } from '../../src/access/policy'
import { RULES, SUBJECT_ROLE, SUBJECTS, type Decision, type RuleName, type Subject } from '../../src/access/rules'
import type { Role } from '../../src/access/roles'

type Doc = Record<string, unknown>

const ID_OF: Record<Exclude<Subject, 'anonymous'>, number> = { api: 11, writer: 12, otherWriter: 13, editor: 14, admin: 15 }

const requestAs = (role?: Role | null, id = 7) => ({ req: { user: role ? { id, role } : null } as unknown as PayloadRequest })
const requestOf = (subject: Subject) => requestAs(SUBJECT_ROLE[subject], subject === 'anonymous' ? undefined : ID_OF[subject])

const inFuture = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString()
const inPast = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString()

/** A document of any collection, owned by `owner` (an author of it, its note's writer, or the account itself). */
const documentOf = (owner: number, overrides: Doc = {}): Doc => ({
  id: owner,
  authors: [owner],
  author: owner,
  article: { authors: [owner] },
  _status: 'draft',
  isPublic: false,
  licenseExpiresAt: inFuture,
  credit: { licenseExpiresAt: inFuture },
  alt: 'Protesters hold a banner outside the court',
  ...overrides,
})

/** Evaluates the constraints the rules return (equals, in, exists, greater_than, and, or), as the database would. */
function matches(where: Where, doc: Doc): boolean {
  return Object.entries(where).every(([key, condition]) => {
    if (key === 'and') return (condition as Where[]).every((part) => matches(part, doc))
    if (key === 'or') return (condition as Where[]).some((part) => matches(part, doc))
    const value = key.split('.').reduce<unknown>((current, name) => (current as Doc | undefined)?.[name], doc)
    return Object.entries(condition as Record<string, unknown>).every(([operator, operand]) => {
      switch (operator) {
        case 'equals':
          return value === operand
        case 'in':
          return (Array.isArray(value) ? value : [value]).some((item) => (operand as unknown[]).includes(item))
        case 'exists':
          return (value !== undefined && value !== null) === operand
        case 'not_equals':
          return value !== operand
        case 'greater_than':
          return new Date(value as string).getTime() > new Date(operand as string).getTime()
        default:
          throw new Error(`This test cannot evaluate the operator “${operator}”: teach matches() about it.`)
      }
    })
  })
}

async function admits(access: Access, subject: Subject, doc: Doc): Promise<boolean> {
  const result = await access(requestOf(subject) as Parameters<Access>[0])
  return typeof result === 'boolean' ? result : matches(result, doc)
}

/** The document a cell acts on by default: the writer's, as in the access matrix test. */
const writersDocument = () => documentOf(ID_OF.writer)

const RULE_NAMES = Object.keys(RULES) as RuleName[]

describe('the access rules', () => {
  for (const name of RULE_NAMES) {
    for (const subject of SUBJECTS) {
      const decision: Decision = RULES[name].decides[subject]
      it(`“${name}” as ${subject}: ${decision}`, async () => {
        const { access } = RULES[name]
        switch (decision) {
          case 'allow':
            expect(await admits(access, subject, writersDocument())).toBe(true)
            return
          case 'deny':
            expect(await admits(access, subject, writersDocument())).toBe(false)
            expect(await admits(access, subject, documentOf(ID_OF.writer, { _status: 'published', isPublic: true }))).toBe(false)
            return
          case 'own': {
            const self = ID_OF[subject as Exclude<Subject, 'anonymous'>]
            const colleague = subject === 'writer' ? ID_OF.otherWriter : ID_OF.writer
            expect(await admits(access, subject, documentOf(self))).toBe(true)
            expect(await admits(access, subject, documentOf(colleague))).toBe(false)
            return
          }
          case 'published-only':
            expect(await admits(access, subject, documentOf(ID_OF.writer, { _status: 'published' }))).toBe(true)
            expect(await admits(access, subject, writersDocument())).toBe(false)
            return
          case 'public-assets-only':
            expect(await admits(access, subject, documentOf(ID_OF.writer, { isPublic: true }))).toBe(true)
            expect(await admits(access, subject, writersDocument())).toBe(false)
            return
          case 'n/a':
            throw new Error(`A rule decides for every caller; “${name}” says n/a for ${subject}.`)
        }
      })
    }
  }

  it('hides a live photo and its credit once the licence ended, from readers and api keys but not from staff', async () => {
    const ended = documentOf(ID_OF.writer, { isPublic: true, licenseExpiresAt: inPast, credit: { licenseExpiresAt: inPast } })
    for (const rule of [POLICY.media.read, POLICY['photo-credits'].read]) {
      const { access } = RULES[rule]
      expect(await admits(access, 'anonymous', ended)).toBe(false)
      expect(await admits(access, 'api', ended)).toBe(false)
      for (const subject of ['writer', 'editor', 'admin'] as const) expect(await admits(access, subject, ended)).toBe(true)
      // A licence without an end date never ends.
      const unlimited = documentOf(ID_OF.writer, { isPublic: true, licenseExpiresAt: null, credit: { licenseExpiresAt: null } })
      expect(await admits(access, 'anonymous', unlimited)).toBe(true)
    }
  })

  it('hides a live photo without a credit or alt text from readers and api keys but not from staff, whatever wrote the row', async () => {
    const { access } = RULES[POLICY.media.read]
    for (const unattributed of [{ credit: null }, { alt: '' }, { alt: null }]) {
      const photo = documentOf(ID_OF.writer, { isPublic: true, ...unattributed })
      expect({ unattributed, anonymous: await admits(access, 'anonymous', photo), api: await admits(access, 'api', photo) }).toEqual({ unattributed, anonymous: false, api: false })
      for (const subject of ['writer', 'editor', 'admin'] as const) expect(await admits(access, subject, photo)).toBe(true)
    }
  })

  it('lets a writer reach another story only through its byline, whoever else is on it', async () => {
    const { access } = RULES['authors or editors']
    const shared = documentOf(ID_OF.otherWriter, { authors: [ID_OF.otherWriter, ID_OF.writer] })
    expect(await admits(access, 'writer', shared)).toBe(true)
    expect(await admits(access, 'writer', documentOf(ID_OF.otherWriter, { authors: [] }))).toBe(false)
  })

  it('gives a signed-in caller with an unknown, miscased or listed role no staff rights', async () => {
    for (const role of ['root', 'Admin', ['admin'], '', undefined]) {
      const req = { req: { user: { id: 99, role } } as unknown as PayloadRequest } as Parameters<Access>[0]
      for (const name of ['staff', 'editors', 'admins', 'authors or editors', 'note writer or editors'] as const) {
        expect(await RULES[name].access(req)).toBe(false)
      }
      expect(await RULES['signed in'].access(req)).toBe(true)
      expect(await RULES['self or admin'].access(req)).toEqual({ id: { equals: 99 } })
      expect(isAdminField(req as never)).toBe(false)
    }
  })
})

describe('field access', () => {
  it.each([
    ['admin', true, true],
    ['editor', false, true],
    ['writer', false, false],
    ['api', false, false],
    [undefined, false, false],
  ] as const)('as %s: admin-only fields %s, editor fields %s', (role, isAdminAllowed, isEditorAllowed) => {
    expect(isAdminField(requestAs(role) as never)).toBe(isAdminAllowed)
    expect(isEditorOrAdminField(requestAs(role) as never)).toBe(isEditorAllowed)
  })

  it('compares the account being read with the signed-in user', () => {
    const own = { ...requestAs('writer', 5), doc: { id: 5 } }
    const other = { ...requestAs('writer', 5), doc: { id: 6 } }
    expect(isSelfOrAdminField(own as never)).toBe(true)
    expect(isSelfOrAdminField(other as never)).toBe(false)
    expect(isSelfOrAdminField({ ...requestAs('admin'), doc: { id: 6 } } as never)).toBe(true)
    expect(isSelfOrAdminField({ ...requestAs(), doc: { id: 6 } } as never)).toBe(false)
  })

  it('refuses a role change by anyone but an admin out loud, and lets the unchanged role through', () => {
    const change = (role: Role, requested: unknown) =>
      canChangeRole({ ...requestAs(role, 5), siblingData: { role: requested }, doc: { id: 5, role: 'writer' } } as never)
    expect(change('admin', 'editor')).toBe(true)
    expect(change('writer', 'writer')).toBe(true)
    expect(() => change('writer', 'admin')).toThrow(/Only admins can change a user’s role/)
    expect(() => change('editor', 'admin')).toThrow(/Only admins can change a user’s role/)
  })
})

describe('the configured access functions', () => {
  let config: SanitizedConfig
  /** Payload's own defaults, by identity: what it fills in for an operation a config leaves out. */
  let payloadDefaults: { collection: Record<string, unknown>; global: Record<string, unknown> }

  beforeAll(async () => {
    config = await (await import('../../payload.config')).default
    // Never started, so it needs no database.
    const probe = await buildConfig({
      secret: 'a probe config, never started',
      collections: [{ slug: 'probe', fields: [] }],
      globals: [{ slug: 'probe-global', fields: [] }],
    } as unknown as Parameters<typeof buildConfig>[0])
    payloadDefaults = { collection: probe.collections[0].access, global: probe.globals[0].access }
  })

  const RULE_OF = new Map<unknown, string>(RULE_NAMES.map((name) => [RULES[name].access, name]))

  /** Each configured access function by name: the rule it is, Payload's default, or neither. */
  const namesOf = (access: Record<string, unknown>, defaults: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(access)
        .filter(([, fn]) => fn !== undefined)
        .map(([key, fn]) => [key, RULE_OF.get(fn) ?? (fn === defaults[key] ? 'Payload’s default' : 'a function the policy table does not name')]),
    )

  /** What the table says a config's access must be: its cells' rules, Payload's default for anything it leaves out. */
  const expectedNames = (cells: Record<string, string>, defaults: Record<string, unknown>) => ({
    ...Object.fromEntries(Object.keys(defaults).map((key) => [key, 'Payload’s default'])),
    ...Object.fromEntries(Object.entries(cells).filter(([key]) => key !== 'publish')),
  })

  // Payload's own collections and globals (jobs, preferences, locks, migrations) keep Payload's access.
  const isOurs = ({ slug }: { slug: string }) => !slug.startsWith('payload-')

  it('has a row in the policy table for every collection and global of the config', () => {
    expect(config.collections.filter(isOurs).map(({ slug }) => slug).sort()).toEqual(Object.keys(POLICY).sort())
    expect(config.globals.filter(isOurs).map(({ slug }) => slug).sort()).toEqual(Object.keys(GLOBAL_POLICY).sort())
  })

  it('gives every collection exactly the access functions its row of the policy table names', () => {
    for (const collection of config.collections.filter(isOurs)) {
      const cells = POLICY[collection.slug as PolicyCollection] as Record<string, string>
      expect({ [collection.slug]: namesOf(collection.access, payloadDefaults.collection) }).toEqual({
        [collection.slug]: expectedNames(cells, payloadDefaults.collection),
      })
    }
  })

  it('gives the site settings exactly the access functions the policy table names', () => {
    for (const global of config.globals.filter(isOurs)) {
      const cells = GLOBAL_POLICY[global.slug as keyof typeof GLOBAL_POLICY] as Record<string, string>
      expect({ [global.slug]: namesOf(global.access, payloadDefaults.global) }).toEqual({
        [global.slug]: expectedNames(cells, payloadDefaults.global),
      })
    }
  })

  it('tells an access function set by hand, beside the table, from the rule the table names', () => {
    const byHand = { ...accessFromPolicy('webhooks'), read: (() => true) as Access }
    expect(namesOf(byHand, payloadDefaults.collection).read).toBe('a function the policy table does not name')
    const swapped = { ...accessFromPolicy('webhooks'), read: RULES.staff.access }
    expect(namesOf(swapped, payloadDefaults.collection)).not.toEqual(expectedNames(POLICY.webhooks, payloadDefaults.collection))
  })
})
