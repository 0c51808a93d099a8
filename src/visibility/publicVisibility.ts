// Which rows' `isPublic` a change can flip, and the SQL that recomputes exactly those rows. `isPublic` means
// "a live story or the site settings uses it": media through a live story's images, credits through public
// media, calls to action through live stories or the site promotion, organizations through any of those.
import { mergeSeeds, rowIdOf } from '../fields/relationIds'

type Id = number

/** Rows whose visibility must be recomputed; what they point at (credits of media, organizations) is added in SQL. */
export type VisibilitySeeds = { media: Id[]; credits: Id[]; callsToAction: Id[]; organizations: Id[] }

export const noSeeds = (): VisibilitySeeds => ({ media: [], credits: [], callsToAction: [], organizations: [] })

const idsOf = (...refs: unknown[]): Id[] => {
  const ids = refs.flatMap((ref) => (Array.isArray(ref) ? ref : [ref])).map(rowIdOf)
  return Array.from(new Set(ids.filter((id): id is Id => id !== undefined)))
}

type Doc = Record<string, unknown> | null | undefined

/**
 * What a change to a document other than a story can flip, from the document before and after: the document
 * itself and whatever it pointed at either way (a photo moved to another credit, a credit that lost an agency).
 */
export function seedsOfChange({ collection, id, doc, previousDoc }: { collection: string; id?: unknown; doc: Doc; previousDoc?: Doc }): VisibilitySeeds {
  const seeds = noSeeds()
  const both = (field: string) => [doc?.[field], previousDoc?.[field]]
  const self = idsOf(id ?? doc?.id)
  if (collection === 'media') return { ...seeds, media: self, credits: idsOf(...both('credit')) }
  if (collection === 'photo-credits') return { ...seeds, credits: self, organizations: idsOf(...both('agencies'), ...both('courtesyOf')) }
  if (collection === 'calls-to-action') return { ...seeds, callsToAction: self, organizations: idsOf(...both('organization')) }
  if (collection === 'organizations') return { ...seeds, organizations: self }
  if (collection === 'site-settings') return { ...seeds, callsToAction: idsOf(...both('promotion')) }
  return seeds
}

/** A live story's references as stored in articles_rels rows (one column set per row). */
export type StoryReferenceRow = { media_id?: unknown; calls_to_action_id?: unknown; organizations_id?: unknown }

export const seedsOfStoryRows = (rows: StoryReferenceRow[]): VisibilitySeeds => ({
  media: idsOf(rows.map((row) => row.media_id)),
  credits: [],
  callsToAction: idsOf(rows.map((row) => row.calls_to_action_id)),
  organizations: idsOf(rows.map((row) => row.organizations_id)),
})

export const hasSeeds = (seeds: VisibilitySeeds): boolean => Object.values(seeds).some((ids) => ids.length > 0)

/** The `articles_rels` paths of a story's references that count for visibility while it is live. */
export const STORY_REFERENCE_PATHS_SQL = `('images', 'callsToAction', 'bodyCallsToAction', 'organizations', 'mentionedOrganizations')`

/** The references of story `id` that count while it is live (its main row, not a draft beside it). */
export const liveStoryReferencesSql = (id: Id): string => `
select r.media_id, r.calls_to_action_id, r.organizations_id from articles_rels r join articles a on a.id = r.parent_id
where r.parent_id = ${id} and a._status = 'published' and a.deleted_at is null
  and r.path in ${STORY_REFERENCE_PATHS_SQL}`

const array = (ids: Id[]) => `array[${ids.filter((id) => Number.isSafeInteger(id)).join(',')}]::integer[]`

/**
 * The credits and organizations whose flags may follow from the seeds: the credits of the seeded media, and the
 * agencies and courtesy organizations of those credits and the organizations of the seeded calls to action.
 * One query, answered as rows of (kind, id).
 */
export function dependentsSql(seeds: VisibilitySeeds): string {
  const credits = `(select unnest(${array(seeds.credits)}) as id union select credit_id from media where id = any(${array(seeds.media)}) and credit_id is not null)`
  return `
with credits as ${credits}
select 'credit' as kind, id from credits
union all select 'organization', organizations_id from photo_credits_rels where path = 'agencies' and parent_id in (select id from credits)
union all select 'organization', courtesy_of_id from photo_credits where id in (select id from credits) and courtesy_of_id is not null
union all select 'organization', organization_id from calls_to_action where id = any(${array(seeds.callsToAction)}) and organization_id is not null`
}

/** What dependentsSql selects. */
export type DependentRow = { kind: 'credit' | 'organization'; id: number }

export const withDependents = (seeds: VisibilitySeeds, rows: { kind?: unknown; id?: unknown }[]): VisibilitySeeds =>
  mergeSeeds(seeds, {
    ...noSeeds(),
    credits: idsOf(rows.filter((row) => row.kind === 'credit').map((row) => row.id)),
    organizations: idsOf(rows.filter((row) => row.kind === 'organization').map((row) => row.id)),
  })

/** The condition that a column's id is among the rows being refreshed. */
type Among = (column: string) => string

const LIVE_REFERENCES = (column: string, among: Among, paths: string[]) => `
  select r.${column} from articles_rels r join articles a on a.id = r.parent_id
  where ${among(`r.${column}`)} and r.path in (${paths.map((path) => `'${path}'`).join(', ')})
    and a._status = 'published' and a.deleted_at is null`

/** `update <table> set is_public = (id in <users>)` over the given rows, writing (and locking) only rows that change. */
const refreshStatement = (table: string, among: Among, isUsedWhen: string) => `
update ${table} set is_public = flag.value
  from (select t.id, (${isUsedWhen}) as value from ${table} t where ${among('t.id')}) flag
  where flag.id = ${table}.id and ${table}.is_public is distinct from flag.value;`

/** Every row of every table: a backfill, or a repair after bulk SQL changes (a write refreshes only what it touches). */
export const EVERY_ROW = 'every row'

/**
 * Recomputes `isPublic` over the given rows only (seeds with their dependents: see dependentsSql), or over every
 * row, in dependency order: media, credits, calls to action, organizations, each statement seeing the ones before
 * it. Every lookup of a seeded refresh starts from the literal ids through an index, so its cost follows the
 * change, not the size of the library.
 */
export function visibilityRefreshSql(seeds: VisibilitySeeds | typeof EVERY_ROW): string {
  const among = (seeded: keyof VisibilitySeeds): Among =>
    seeds === EVERY_ROW ? () => 'true' : (column) => `${column} = any(${array(seeds[seeded])})`
  const media = among('media')
  const credits = among('credits')
  const callsToAction = among('callsToAction')
  const organizations = among('organizations')
  return [
    refreshStatement('media', media, `t.id in (${LIVE_REFERENCES('media_id', media, ['images'])})`),
    refreshStatement('photo_credits', credits, `t.id in (select credit_id from media where ${credits('credit_id')} and is_public)`),
    refreshStatement(
      'calls_to_action',
      callsToAction,
      `t.id in (${LIVE_REFERENCES('calls_to_action_id', callsToAction, ['callsToAction', 'bodyCallsToAction'])})
        or t.id in (select promotion_id from site_settings where promotion_id is not null)`,
    ),
    refreshStatement(
      'organizations',
      organizations,
      `t.id in (${LIVE_REFERENCES('organizations_id', organizations, ['organizations', 'mentionedOrganizations'])})
        or t.id in (select r.organizations_id from photo_credits_rels r join photo_credits c on c.id = r.parent_id
                    where ${organizations('r.organizations_id')} and r.path = 'agencies' and c.is_public)
        or t.id in (select courtesy_of_id from photo_credits where ${organizations('courtesy_of_id')} and is_public)
        or t.id in (select organization_id from calls_to_action where ${organizations('organization_id')} and is_public)`,
    ),
  ].join('\n')
}
