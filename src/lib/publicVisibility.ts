// Which rows' `isPublic` a change can flip, and the SQL that recomputes exactly those rows. `isPublic` means
// "a live story or the site settings uses it": media through a live story's images, credits through public
// media, calls to action through live stories or the site promotion, organizations through any of those.

type Id = number

/** Rows whose visibility must be recomputed; what they point at (credits of media, organizations) is added in SQL. */
export type VisibilitySeeds = { media: Id[]; credits: Id[]; callsToAction: Id[]; organizations: Id[] }

export const noSeeds = (): VisibilitySeeds => ({ media: [], credits: [], callsToAction: [], organizations: [] })

const toId = (ref: unknown): Id | undefined => {
  const value = ref && typeof ref === 'object' ? (ref as { id?: unknown }).id : ref
  const id = Number(value)
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

const idsOf = (...refs: unknown[]): Id[] => {
  const ids = refs.flatMap((ref) => (Array.isArray(ref) ? ref : [ref])).map(toId)
  return Array.from(new Set(ids.filter((id): id is Id => id !== undefined)))
}

export const mergeSeeds = (...all: VisibilitySeeds[]): VisibilitySeeds => ({
  media: idsOf(...all.map((seeds) => seeds.media)),
  credits: idsOf(...all.map((seeds) => seeds.credits)),
  callsToAction: idsOf(...all.map((seeds) => seeds.callsToAction)),
  organizations: idsOf(...all.map((seeds) => seeds.organizations)),
})

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

/** The references of story `id` that count while it is live (its main row, not a draft beside it). */
export const liveStoryReferencesSql = (id: Id): string => `
select r.media_id, r.calls_to_action_id, r.organizations_id from articles_rels r join articles a on a.id = r.parent_id
where r.parent_id = ${id} and a._status = 'published' and a.deleted_at is null
  and r.path in ('images', 'callsToAction', 'bodyCallsToAction', 'organizations', 'mentionedOrganizations')`

const LIVE_ARTICLES = `select id from articles where _status = 'published' and deleted_at is null`

const array = (ids: Id[]) => `array[${ids.filter((id) => Number.isSafeInteger(id)).join(',')}]::integer[]`

/**
 * Recomputes `isPublic` over the given rows only, in dependency order (media, then the credits of those media,
 * then calls to action, then the organizations of all of them): each statement sees the ones before it.
 * Only rows whose value changes are written (and locked).
 */
export function visibilityRefreshSql(seeds: VisibilitySeeds): string {
  const media = array(seeds.media)
  const callsToAction = array(seeds.callsToAction)
  const credits = `(select unnest(${array(seeds.credits)}) union select credit_id from media where id = any(${media}) and credit_id is not null)`
  return `
update media set is_public = flag.value
  from (select m.id, exists (
          select 1 from articles_rels r
          where r.media_id = m.id and r.path = 'images' and r.parent_id in (${LIVE_ARTICLES})
        ) as value from media m where m.id = any(${media})) flag
  where flag.id = media.id and media.is_public is distinct from flag.value;

update photo_credits set is_public = flag.value
  from (select c.id, exists (select 1 from media m where m.credit_id = c.id and m.is_public) as value
        from photo_credits c where c.id in ${credits}) flag
  where flag.id = photo_credits.id and photo_credits.is_public is distinct from flag.value;

update calls_to_action set is_public = flag.value
  from (select t.id, (
          exists (select 1 from articles_rels r
                  where r.calls_to_action_id = t.id and r.path in ('callsToAction', 'bodyCallsToAction')
                    and r.parent_id in (${LIVE_ARTICLES}))
          or exists (select 1 from site_settings s where s.promotion_id = t.id)
        ) as value from calls_to_action t where t.id = any(${callsToAction})) flag
  where flag.id = calls_to_action.id and calls_to_action.is_public is distinct from flag.value;

update organizations set is_public = flag.value
  from (select o.id, (
          exists (select 1 from articles_rels r
                  where r.organizations_id = o.id and r.path in ('organizations', 'mentionedOrganizations')
                    and r.parent_id in (${LIVE_ARTICLES}))
          or exists (select 1 from photo_credits_rels r join photo_credits c on c.id = r.parent_id
                     where r.organizations_id = o.id and r.path = 'agencies' and c.is_public)
          or exists (select 1 from photo_credits c where c.courtesy_of_id = o.id and c.is_public)
          or exists (select 1 from calls_to_action t where t.organization_id = o.id and t.is_public)
        ) as value from organizations o
        where o.id = any(${array(seeds.organizations)})
           or o.id in (select organizations_id from photo_credits_rels where path = 'agencies' and parent_id in ${credits})
           or o.id in (select courtesy_of_id from photo_credits where id in ${credits})
           or o.id in (select organization_id from calls_to_action where id = any(${callsToAction}))) flag
  where flag.id = organizations.id and organizations.is_public is distinct from flag.value;
`
}
