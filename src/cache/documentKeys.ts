// Document keys ("media:12") name what a cached response contains and what a change invalidates.
// `documentClosure` follows the stored relations (story → images, calls to action, organizations, authors;
// image → credit; credit and call to action → organizations) so that one key set covers everything a
// response can show at any depth, in one SQL statement.

import { idOf, type Id } from '../fields/relationIds'

export const CACHED_COLLECTIONS = ['articles', 'media', 'photo-credits', 'organizations', 'calls-to-action'] as const
export type CachedCollection = (typeof CACHED_COLLECTIONS)[number]
export const isCachedCollection = (value: string): value is CachedCollection =>
  (CACHED_COLLECTIONS as readonly string[]).includes(value)

export const documentKey = (collection: string, id: Id): string => `${collection}:${id}`
/** Tag of list responses: any change in the collection may add, drop or reorder rows. */
export const listKey = (collection: string): string => `${collection}:*`
export const SITE_SETTINGS_KEY = 'site-settings:global'

/** A change to `media:12` invalidates responses that contain it and every list of media. */
export const keysInvalidatedBy = (changedKeys: string[]): string[] => {
  const keys = new Set<string>()
  for (const key of changedKeys) {
    keys.add(key)
    const separator = key.indexOf(':')
    if (separator > 0) keys.add(listKey(key.slice(0, separator)))
  }
  return [...keys]
}

export type Seeds = Partial<Record<CachedCollection | 'users', Id[]>>

const integers = (ids: Id[] | undefined): number[] =>
  [...new Set((ids ?? []).map(Number).filter((id) => Number.isSafeInteger(id)))]

const arrayLiteral = (ids: number[]) => `array[${ids.join(',')}]::integer[]`

/** One statement; ids are integers checked above, so they are inlined safely. */
export function closureStatement(seeds: Seeds): string {
  return closureOfSeedArrays((name) => arrayLiteral(integers(seeds[name])))
}

/**
 * The closure's query from an SQL expression (an `integer[]`) per seed collection: literal ids (`closureStatement`)
 * or a subquery of a larger statement (the story by slug computes its seeds from the story row it reads).
 */
export function closureOfSeedArrays(seed: (name: keyof Seeds) => string): string {
  return `
with a as (select unnest(${seed('articles')}) as id),
ar as (select r.media_id, r.calls_to_action_id, r.organizations_id, r.users_id
       from articles_rels r where r.parent_id in (select id from a)),
m as (select unnest(${seed('media')}) as id
      union select media_id from ar where media_id is not null
      union select hero_image_id from articles where id in (select id from a) and hero_image_id is not null
      union select social_image_id from articles where id in (select id from a) and social_image_id is not null),
c as (select unnest(${seed('photo-credits')}) as id
      union select credit_id from media where id in (select id from m) and credit_id is not null),
t as (select unnest(${seed('calls-to-action')}) as id
      union select calls_to_action_id from ar where calls_to_action_id is not null),
o as (select unnest(${seed('organizations')}) as id
      union select organizations_id from ar where organizations_id is not null
      union select organizations_id from photo_credits_rels where parent_id in (select id from c) and organizations_id is not null
      union select courtesy_of_id from photo_credits where id in (select id from c) and courtesy_of_id is not null
      union select organization_id from calls_to_action where id in (select id from t) and organization_id is not null),
u as (select unnest(${seed('users')}) as id union select users_id from ar where users_id is not null)
select 'articles' as collection, id from a
union all select 'media', id from m
union all select 'photo-credits', id from c
union all select 'calls-to-action', id from t
union all select 'organizations', id from o
union all select 'users', id from u`
}

/** The collection name of the row `responseKeysStatement` adds for the earliest licence end. */
export const LICENCE_END_ROW = 'licence-end'

/**
 * `closureStatement`'s rows, plus one row (LICENCE_END_ROW, no id, `ends_at`): the earliest licence end after
 * `licencesEndingAfter` among the credits and photos (their own licences) in the closure. A public response's keys and the moment it stops being
 * true, in one statement.
 */
export function responseKeysStatement(seeds: Seeds, licencesEndingAfter: Date): string {
  return responseKeysOfSeedArrays(
    (name) => arrayLiteral(integers(seeds[name])),
    `'${licencesEndingAfter.toISOString()}'::timestamptz`,
  )
}

/** `responseKeysStatement` from SQL expressions: seeds as in `closureOfSeedArrays`, the moment as a timestamptz. */
export function responseKeysOfSeedArrays(seed: (name: keyof Seeds) => string, licencesEndingAfter: string): string {
  return `
with closure as (${closureOfSeedArrays(seed)})
select collection, id, null::timestamptz as ends_at from closure
union all
select '${LICENCE_END_ROW}', null, min(ends_at) from (
  select license_expires_at as ends_at from photo_credits where id in (select id from closure where collection = 'photo-credits')
  union all
  select license_expires_at from media where id in (select id from closure where collection = 'media')) as licence
  where ends_at > ${licencesEndingAfter}`
}

export const keysFromRows = (rows: Record<string, unknown>[]): string[] => [
  ...new Set(rows.filter((row) => row.id !== null && row.id !== undefined).map((row) => documentKey(String(row.collection), String(row.id)))),
]

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/**
 * Polymorphic references inside a response (Lexical upload and link nodes: `{ relationTo, value }`), which
 * the relational closure does not see: e.g. a link to another story, whose title is shown at depth ≥ 1.
 */
export function embeddedReferences(body: unknown): Seeds {
  const seeds: Record<string, Id[]> = {}
  const stack: unknown[] = [body]
  let budget = 100_000
  while (stack.length && budget-- > 0) {
    const value = stack.pop()
    if (Array.isArray(value)) {
      stack.push(...value)
      continue
    }
    if (!isRecord(value)) continue
    if (typeof value.relationTo === 'string' && isCachedCollection(value.relationTo)) {
      const id = idOf(value.value)
      if (id !== undefined) (seeds[value.relationTo] ??= []).push(id)
    }
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child)
  }
  return seeds as Seeds
}
