// The anonymous reader's story by slug in one SQL statement (issue 20): the published story, every photo, call to
// action, organization and byline it can show, and the response's cache tags with the earliest licence end, as one
// JSON row. PostgreSQL's parse, plan and round trip per statement were most of a cold read (8 statements before).
// The rows are judged here by the same pure rules the Local API path applies (access/readerRules), then rendered by
// the unchanged renderStory. Signed-in readers, drafts and preview links keep the Local API path (loadStory.ts).
import type { Payload } from 'payload'
import { formatAdminURL } from 'payload/shared'

import { Media } from '../collections/Media'
import { publicReadPool } from '../readReplica/replicaPools'
import { CACHED_COLLECTIONS, responseKeysOfSeedArrays } from '../cache/documentKeys'
import { tagsFromRows, type ResponseTags } from '../cache/responseTags'
import { isAssetReadableByAnonymous, isPhotoReadableByAnonymous, isPhotoShownToReaders } from '../access/readerRules'
import { renderStory, type RenderedStory, type SourceCallToAction, type SourceMedia, type SourceOrganization, type SourceStory } from './renderStory'

export type PublishedStoryResult =
  | { kind: 'found'; story: RenderedStory; tagged: ResponseTags }
  | { kind: 'moved'; slug: string }
  | { kind: 'missing' }

/** A date as Payload's Local API returns it (ISO 8601, milliseconds, UTC). */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

const SIZE_NAMES = (typeof Media.upload === 'object' ? (Media.upload.imageSizes ?? []) : []).map((size) => size.name)
const column = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

/** Ids in a body are numbers, numeric strings or populated documents (`{ id }`); only row ids are kept. */
const idText = (value: string) => `(case jsonb_typeof(${value}) when 'object' then ${value}->>'id' else ${value} #>> '{}' end)`
const ROW_ID = `'^[0-9]{1,9}$'`

/**
 * The ids the body may point at (a superset of collectStoryReferences's walk: rendering looks every reference up, so
 * a row fetched and not referenced shows nothing), and the polymorphic references `embeddedReferences` finds.
 * $1 the slug, $2 when production started; exported for the bench's plan timings (bench/edgeFresh.ts).
 */
export const STORY_BY_SLUG_STATEMENT = `
with story as (
  select a.* from articles a
  where a.slug = $1 and a._status = 'published' and a.deleted_at is null
  order by a.created_at desc limit 1
),
moved as (
  select a.slug from articles a join articles_previous_slugs p on p._parent_id = a.id
  where p.slug = $1 and a._status = 'published' and a.deleted_at is null and not exists (select 1 from story)
  order by a.created_at desc limit 1
),
rels as (select r.* from articles_rels r where r.parent_id = (select id from story)),
body_refs as (
  select 'media' as kind, ${idText('v')} as id_text from story, jsonb_path_query(story.body, 'strict $.** ? (@.relationTo == "media").value') v
  union all select 'media', ${idText('v')} from story, jsonb_path_query(story.body, 'lax $.**.image') v
  union all select 'calls-to-action', ${idText('v')} from story, jsonb_path_query(story.body, 'lax $.**.callsToAction[*]') v
  union all select 'organizations', ${idText('v')} from story, jsonb_path_query(story.body, 'strict $.** ? (@.relationTo == "organizations").value') v
),
embedded as (
  select r->>'relationTo' as collection, ${idText(`(r->'value')`)} as id_text
  from story, jsonb_path_query(story.body, 'strict $.** ? (@.relationTo.type() == "string")') r
),
media_ids as (
  select id_text::integer as id from body_refs where kind = 'media' and id_text ~ ${ROW_ID}
  union select hero_image_id from story union select social_image_id from story
),
cta_ids as (
  select id_text::integer as id from body_refs where kind = 'calls-to-action' and id_text ~ ${ROW_ID}
  union select calls_to_action_id from rels where path = 'callsToAction'
),
ctas as (select t.* from calls_to_action t where t.id in (select id from cta_ids)),
organization_ids as (
  select id_text::integer as id from body_refs where kind = 'organizations' and id_text ~ ${ROW_ID}
  union select organizations_id from rels where path = 'organizations'
  union select organization_id from ctas
),
seeds as (
  select collection, array_agg(distinct id) as ids from (
    select 'articles' as collection, id from story
    union all select collection, id_text::integer from embedded where id_text ~ ${ROW_ID} and collection in (${CACHED_COLLECTIONS.map((name) => `'${name}'`).join(', ')})
  ) ids group by collection
),
keys as (${responseKeysOfSeedArrays(
  (name) => `coalesce((select ids from seeds where collection = '${name}'), array[]::integer[])`,
  '$2::timestamptz',
)})
select
  (select slug from moved) as moved,
  (select json_build_object(
    'id', s.id, 'title', s.title, 'slug', s.slug, 'dek', s.dek,
    'publishedAt', ${iso('s.published_at')}, 'updatedAt', ${iso('s.updated_at')},
    'heroImage', s.hero_image_id, 'heroCaption', s.hero_caption, 'socialImage', s.social_image_id, 'body', s.body,
    'meta', json_build_object('title', s.meta_title, 'description', s.meta_description),
    'authors', (select coalesce(json_agg(users_id order by "order"), '[]') from rels where path = 'authors'),
    'organizations', (select coalesce(json_agg(organizations_id order by "order"), '[]') from rels where path = 'organizations'),
    'callsToAction', (select coalesce(json_agg(calls_to_action_id order by "order"), '[]') from rels where path = 'callsToAction'),
    'topics', (select coalesce(json_agg(text order by "order"), '[]') from articles_texts where parent_id = s.id and path = 'topics'),
    'contributors', (select coalesce(json_agg(json_build_object('name', name, 'role', role) order by _order), '[]')
                     from articles_contributors where _parent_id = s.id),
    'readerNotes', (select coalesce(json_agg(json_build_object('kind', n.kind, 'text', n.text, 'time', ${iso('n.time')}) order by n._order), '[]')
                    from articles_reader_notes n where n._parent_id = s.id)
  ) from story s) as story,
  (select coalesce(json_agg(json_build_object(
    'id', m.id, 'url', m.url, 'filename', m.filename, 'alt', m.alt, 'caption', m.caption, 'aiDisclosure', m.ai_disclosure,
    'width', m.width, 'height', m.height, 'mimeType', m.mime_type, 'focalX', m.focal_x, 'focalY', m.focal_y,
    'isPublic', m.is_public, 'creditId', c.id, 'creditLine', c.credit_line, 'licenceEndsAt', ${iso('least(c.license_expires_at, m.license_expires_at)')},
    'sizes', json_build_object(${SIZE_NAMES.map((name) => {
      const prefix = `m.sizes_${column(name)}`
      return `'${name}', json_build_object('url', ${prefix}_url, 'filename', ${prefix}_filename, 'width', ${prefix}_width, 'height', ${prefix}_height)`
    }).join(', ')})
  )), '[]') from media m left join photo_credits c on c.id = m.credit_id where m.id in (select id from media_ids)) as media,
  (select coalesce(json_agg(json_build_object(
    'id', t.id, 'title', t.title, 'kind', t.kind, 'url', t.url, 'organization', t.organization_id, 'instructions', t.instructions,
    'status', t.status, 'expiresAt', ${iso('t.expires_at')}, 'isPublic', t.is_public,
    'handles', (select coalesce(json_agg(text order by "order"), '[]') from calls_to_action_texts where parent_id = t.id and path = 'handles'),
    'hashtags', (select coalesce(json_agg(text order by "order"), '[]') from calls_to_action_texts where parent_id = t.id and path = 'hashtags')
  )), '[]') from ctas t) as calls_to_action,
  (select coalesce(json_agg(json_build_object(
    'id', o.id, 'name', o.name, 'slug', o.slug, 'kind', o.kind, 'website', o.website, 'isPublic', o.is_public,
    'socialHandles', (select coalesce(json_agg(json_build_object('platform', platform, 'handle', handle) order by _order), '[]')
                      from organizations_social_handles where _parent_id = o.id)
  )), '[]') from organizations o where o.id in (select id from organization_ids)) as organizations,
  (select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name)), '[]') from users u
    where u.id in (select users_id from rels where path = 'authors')) as authors,
  (select coalesce(json_agg(json_build_object('collection', collection, 'id', id, 'ends_at', ends_at)), '[]')
    from keys where exists (select 1 from story)) as keys`

type StoredPhoto = SourceMedia & {
  filename: string | null
  isPublic: boolean | null
  creditId: number | null
  licenceEndsAt: string | null
  sizes: Record<string, { url: string | null; filename: string | null; width: number | null; height: number | null }>
}
type Row = {
  moved: string | null
  story: (SourceStory & { slug: string }) | null
  media: StoredPhoto[]
  calls_to_action: (SourceCallToAction & { isPublic: boolean | null })[]
  organizations: (SourceOrganization & { isPublic: boolean | null })[]
  authors: { id: number; name: string }[]
  keys: Record<string, unknown>[]
}

/** The file's address as Payload's upload fields give it on read (payload/dist/uploads/generateFilePathOrURL). */
function fileUrl(payload: Payload, stored: string | null, filename: string | null): string | null {
  const { serverURL, routes } = payload.config
  if (stored && !stored.startsWith('/') && !stored.startsWith(serverURL || '')) return stored
  if (!filename) return null
  return formatAdminURL({ apiRoute: routes?.api || '', path: `/media/file/${encodeURIComponent(filename)}`, relative: false, serverURL })
}

const byId = <T extends { id: number | string }>(docs: T[]) => new Map(docs.map((doc) => [String(doc.id), doc]))

/** `startedAt`: when production of the response started (it bounds the response by the licences ending after it). */
export async function loadPublishedStoryBySlug({ payload, slug, startedAt }: { payload: Payload; slug: string; startedAt: Date }): Promise<PublishedStoryResult> {
  // Named: each connection parses and plans the statement once (PostgreSQL then keeps a generic plan), not per read.
  const { rows } = await publicReadPool(payload).query<Row>({ name: 'published-story-by-slug', text: STORY_BY_SLUG_STATEMENT, values: [slug, startedAt.toISOString()] })
  const [row] = rows
  if (!row?.story) return row?.moved && row.moved !== slug ? { kind: 'moved', slug: row.moved } : { kind: 'missing' }

  const now = new Date()
  const photos = row.media
    .filter((photo) => isPhotoReadableByAnonymous(photo, now))
    .map(
      (photo): SourceMedia => ({
        ...photo,
        url: fileUrl(payload, photo.url ?? null, photo.filename),
        sizes: Object.fromEntries(
          Object.entries(photo.sizes).map(([name, size]) => [name, { ...size, url: fileUrl(payload, size.url, size.filename) }]),
        ),
      }),
    )
    .filter(isPhotoShownToReaders)
  const story = renderStory(row.story, {
    media: byId(photos),
    callsToAction: byId(row.calls_to_action.filter(isAssetReadableByAnonymous)),
    organizations: byId(row.organizations.filter(isAssetReadableByAnonymous)),
    authors: byId(row.authors),
    now,
  })
  return { kind: 'found', story, tagged: tagsFromRows(row.keys, startedAt) }
}
