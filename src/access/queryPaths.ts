// Who may filter and sort on what: a `where` or `sort` path may only pass through fields the caller can read,
// also behind relationships (`authors.sessions.createdAt`, `heroImage.credit.notes`). Otherwise the result set
// answers questions about data the caller cannot see (when a staff member last signed in, what a credit's notes say).
//
// Payload checks these paths itself, but for a path behind a relationship it starts the check of the related
// collection without waiting for it (payload 3.90, validateSearchParams: `promises.push` after `Promise.all`):
// the query runs unfiltered by the rule, and the late check's rejection is left unhandled. This runs first,
// in every collection's `beforeOperation`, so REST, GraphQL and the Local API (without overrideAccess) all get a 400.
import {
  APIError,
  type CollectionBeforeOperationHook,
  type FlattenedField,
  type PayloadRequest,
  type SanitizedCollectionConfig,
  type Where,
} from 'payload'

/** `unreadable`: the path up to the first field the caller may not read; `closed`: the collection it leads to, when that is what they may not read. */
type Walk = { unreadable: string | null; closed?: string; unsupported?: string; target: SanitizedCollectionConfig | null }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [])

async function canReadField(field: FlattenedField, req: PayloadRequest): Promise<boolean> {
  // Payload's own hidden fields (hash, salt, sessions, reset tokens, lockout state) are never queryable.
  if ('hidden' in field && field.hidden) return false
  const read = field.access?.read
  if (!read) return true
  // As Payload judges query paths: without a document (it does not know which one the path will meet).
  return Boolean(await read({ req } as Parameters<typeof read>[0]))
}

async function canReadCollection(collection: SanitizedCollectionConfig, req: PayloadRequest): Promise<boolean> {
  // A query constraint (e.g. "public assets only") is fine: Payload adds it to the hop.
  return (await collection.access.read({ req } as Parameters<typeof collection.access.read>[0])) !== false
}

/** The related collection a relationship, upload or join field leads to, when it is a single one. */
function relatedCollection(field: FlattenedField, req: PayloadRequest): SanitizedCollectionConfig | null {
  const slug =
    field.type === 'relationship' || field.type === 'upload' ? field.relationTo : field.type === 'join' ? field.collection : null
  return typeof slug === 'string' ? (req.payload.collections[slug]?.config ?? null) : null
}

function nestedFields(field: FlattenedField): FlattenedField[] | null {
  if (field.type === 'group' || field.type === 'array' || field.type === 'tab') return field.flattenedFields
  if (field.type === 'blocks') return field.blocks.flatMap((block) => block.flattenedFields ?? [])
  return null
}

/**
 * Follows `path` from `collection` through groups, arrays, blocks and relationships. `unreadable` is the part of
 * the path up to the first field (or related collection) the caller may not read; `target` is the collection the
 * last relationship field leads to (for a nested `contains` filter). Unknown paths are left to Payload.
 */
async function walk(collection: SanitizedCollectionConfig, path: string, req: PayloadRequest): Promise<Walk> {
  const segments = path.replace(/__/g, '.').replace(/^-/, '').split('.')
  // Versions are queried as `version.<field>` (findVersions, countVersions).
  if (segments[0] === 'version' && collection.versions && !collection.flattenedFields.some((field) => field.name === 'version')) {
    segments.shift()
  }
  let fields = collection.flattenedFields
  let target: SanitizedCollectionConfig | null = null
  for (let index = 0; index < segments.length; index++) {
    const field = fields.find((candidate) => candidate.name === segments[index])
    if (!field) return { unreadable: null, target: null }
    const reached = segments.slice(0, index + 1).join('.')
    if (!(await canReadField(field, req))) return { unreadable: reached, target: null }
    const nested = nestedFields(field)
    if (nested) {
      fields = nested
      continue
    }
    const related = relatedCollection(field, req)
    if (!related) return { unreadable: null, target: null }
    // Payload's SQL cannot follow a join behind a relationship (a 500 from the database): refuse it readably.
    if (field.type === 'join' && target) return { unreadable: null, unsupported: reached, target: null }
    const rest = segments.slice(index + 1)
    // `authors.id` is the relationship value itself (Payload reads it as `authors`), not the related document.
    if (rest.length === 0 || (rest.length === 1 && rest[0] === 'id')) return { unreadable: null, target: related }
    if (!(await canReadCollection(related, req))) return { unreadable: reached, closed: related.slug, target: null }
    fields = related.flattenedFields
    target = related
  }
  return { unreadable: null, target }
}

type Problem = { path: string; unreadable: string; closed?: string; unsupported?: boolean }

async function whereProblem(collection: SanitizedCollectionConfig, where: unknown, req: PayloadRequest, depth = 0): Promise<Problem | null> {
  if (!isRecord(where) || depth > 16) return null
  for (const [key, value] of Object.entries(where)) {
    if (key.toLowerCase() === 'and' || key.toLowerCase() === 'or') {
      for (const condition of asList(value)) {
        const problem = await whereProblem(collection, condition, req, depth + 1)
        if (problem) return problem
      }
      continue
    }
    const { unreadable, closed, unsupported, target } = await walk(collection, key, req)
    if (unreadable) return { path: key, unreadable, closed }
    if (unsupported) return { path: key, unreadable: unsupported, unsupported: true }
    // A nested filter on the related documents (`authors: { contains: { email: … } }`) is a path too.
    if (target && isRecord(value)) {
      for (const operand of Object.values(value)) {
        const problem = isRecord(operand) ? await whereProblem(target, operand, req, depth + 1) : null
        if (problem) return { ...problem, path: `${key}.${problem.path}`, unreadable: `${key}.${problem.unreadable}` }
      }
    }
  }
  return null
}

const sortPaths = (sort: unknown): string[] =>
  (Array.isArray(sort) ? sort : [sort])
    .filter((entry): entry is string => typeof entry === 'string')
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim().replace(/^-/, ''))
    .filter(Boolean)

type QueryArgs = { where?: Where; sort?: unknown; joins?: unknown }

/** The first `where`, `sort` or join path of a read that passes through a field the caller may not read, or null. */
export async function unreadableQueryPath({
  collection,
  query,
  req,
}: {
  collection: SanitizedCollectionConfig
  query: QueryArgs
  req: PayloadRequest
}): Promise<Problem | null> {
  const whereIssue = await whereProblem(collection, query.where, req)
  if (whereIssue) return whereIssue
  for (const path of sortPaths(query.sort)) {
    const { unreadable, closed, unsupported } = await walk(collection, path, req)
    if (unreadable) return { path, unreadable, closed }
    if (unsupported) return { path, unreadable: unsupported, unsupported: true }
  }
  if (isRecord(query.joins)) {
    for (const [joinPath, join] of Object.entries(query.joins)) {
      if (!isRecord(join) || (join.where === undefined && join.sort === undefined)) continue
      const { unreadable, closed, target } = await walk(collection, joinPath, req)
      if (unreadable) return { path: joinPath, unreadable, closed }
      if (!target) continue
      const problem = await unreadableQueryPath({ collection: target, query: { where: join.where as Where, sort: join.sort }, req })
      if (problem) return { ...problem, path: `${joinPath}.${problem.path}`, unreadable: `${joinPath}.${problem.unreadable}` }
    }
  }
  return null
}

export function unreadablePathMessage({ path, unreadable, closed, unsupported }: Problem): string {
  if (unsupported) {
    return `You cannot filter or sort on “${path}”: “${unreadable}” is a list of related documents behind another relationship, which cannot be queried. Query that collection directly instead.`
  }
  const reason = closed ? `“${unreadable}” leads to ${closed}, which you may not read` : `“${unreadable}” is a field you may not read`
  return `You cannot filter or sort on “${path}”: ${reason}. Filter and sort only on fields you can see in the response.`
}

/**
 * Refuses a read, count or bulk write whose `where`, `sort` or join query reaches a field the caller may not read.
 * List it first in every collection's `beforeOperation`.
 */
export const refuseUnreadableQueryPaths: CollectionBeforeOperationHook = async ({ args, collection, overrideAccess, req }) => {
  if (overrideAccess ?? (args as { overrideAccess?: boolean }).overrideAccess) return args
  const query = args as QueryArgs
  if (query.where === undefined && query.sort === undefined && !isRecord(query.joins)) return args
  const problem = await unreadableQueryPath({ collection, query, req })
  if (problem) throw new APIError(unreadablePathMessage(problem), 400, undefined, true)
  return args
}
