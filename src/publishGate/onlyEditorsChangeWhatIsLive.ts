// Once a story is live, what it shows is changed by editors only, as its own text is: a photo's file, alt text,
// caption, focal point and credit; the credit's parts and licence; the organizations its credit line names.
// Writers get a 403 that names the story; editors' changes still meet the attribution checks beside this file.
import {
  APIError,
  type CollectionBeforeChangeHook,
  type CollectionBeforeDeleteHook,
  type CollectionBeforeOperationHook,
  type PayloadRequest,
  type Where,
} from 'payload'

import { hasRole } from '../access/roles'
import { executeSql } from '../db/execute'
import { isRealAltText } from './attributionProblems'
import { changedShownFields, type LiveAssetCollection, listOf } from './liveChanges'
import {
  type LiveStory,
  liveStoriesCreditedBy,
  liveStoriesNamingOrganization,
  refusal,
  storyList,
} from './protectPublishedImages'

const isWriter = (req: PayloadRequest) => Boolean(req.user) && !hasRole(req.user, 'editor', 'admin')

const STORIES_NAMED = 3

const publishedStories = (stories: LiveStory[]) => {
  const named = storyList(stories.slice(0, STORIES_NAMED))
  const more = stories.length > STORIES_NAMED ? ` and ${stories.length - STORIES_NAMED} more` : ''
  return `${stories.length === 1 ? 'the published story' : 'the published stories'} ${named}${more}`
}

const WHAT: Record<LiveAssetCollection, string> = {
  media: 'This photo appears in',
  'photo-credits': 'This photo credit is shown in',
  organizations: 'This organization is named in the credit line of',
}

export const editorsOnlyRefusal = ({ collection, changes, stories }: { collection: LiveAssetCollection; changes: string[]; stories: LiveStory[] }) =>
  new APIError(
    `${WHAT[collection]} ${publishedStories(stories)}, so only an editor can change its ${listOf(changes)}. ` +
      'Ask an editor to make this change.',
    403,
    { stories: stories.map(({ id, title }) => ({ id, title })) },
    true,
  )

// ---- Photos: checked before the operation, because Payload deletes the old file (and writes the new one)
// before any change hook runs; a refusal there would leave the live story without its picture.

type MediaRow = { id: number; alt: string | null; caption: unknown; credit: number | null; focalX: number | null; focalY: number | null; filename: string | null }
type MediaUse = { media_id: number; id: number; title: string }

const positiveIds = (values: unknown[]) =>
  [...new Set(values.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0))]

async function targetIds(req: PayloadRequest, args: { id?: unknown; where?: Where }): Promise<number[]> {
  if (args.id !== undefined) return positiveIds([args.id])
  if (!args.where) return []
  const { docs } = await req.payload.find({
    collection: 'media',
    where: args.where,
    pagination: false,
    depth: 0,
    select: { filename: true },
    req,
    user: req.user,
    overrideAccess: false,
  })
  return positiveIds(docs.map((doc) => doc.id))
}

/** The photos' current state and the live stories showing each, locked as the attribution checks lock them. */
async function livePhotos(req: PayloadRequest, ids: number[]): Promise<{ rows: MediaRow[]; stories: Map<number, LiveStory[]> }> {
  const rows = await executeSql<MediaRow>(
    req,
    `select id, alt, caption, credit_id as credit, focal_x as "focalX", focal_y as "focalY", filename
     from media where id in (${ids.join(',')}) order by id for update`,
  )
  const uses = await executeSql<MediaUse>(
    req,
    `select distinct r.media_id, a.id, a.title from articles a
     join articles_rels r on r.parent_id = a.id and r.path = 'images'
     where a._status = 'published' and a.deleted_at is null and r.media_id in (${ids.join(',')})
     order by a.id`,
  )
  const stories = new Map<number, LiveStory[]>()
  for (const use of uses) stories.set(use.media_id, [...(stories.get(use.media_id) ?? []), { id: use.id, title: use.title }])
  return { rows, stories }
}

const hasUploadEdits = (req: PayloadRequest) => {
  const edits = (req.query as Record<string, unknown> | undefined)?.uploadEdits
  return Boolean(edits && typeof edits === 'object')
}

export const onlyEditorsChangeLivePhotos: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'update') return args
  const replacesFile = Boolean(req.file) || hasUploadEdits(req)
  const writer = isWriter(req)
  // Editors pass unless they replace a file; writers are checked for every shown field.
  if (!writer && !replacesFile) return args
  const ids = await targetIds(req, args)
  if (!ids.length) return args
  const { rows, stories } = await livePhotos(req, ids)
  const data = (args.data ?? {}) as Record<string, unknown>
  for (const row of rows) {
    const showing = stories.get(row.id)
    if (!showing?.length) continue
    if (writer) {
      const changes = changedShownFields({ collection: 'media', data, original: row, replacesFile })
      if (changes.length) throw editorsOnlyRefusal({ collection: 'media', changes, stories: showing })
      continue
    }
    // An editor's new file must keep the attribution, judged before Payload removes the old file.
    const credit = 'credit' in data ? data.credit : row.credit
    const alt = 'alt' in data ? data.alt : row.alt
    const problems = [
      ...(credit ? [] : ['It would have no photo credit.']),
      ...(isRealAltText({ alt: alt as string | null, filename: req.file?.name ?? row.filename })
        ? []
        : ['It would have no real alt text.']),
    ]
    if (problems.length) throw refusal(problems.join(' '), showing)
  }
  return args
}

// ---- Credits and organizations: per document, with Payload's own original.

/** A writer's change to what live stories show of a credit or an organization is refused with the stories named. */
const onlyEditorsChangeLive =
  (collection: 'photo-credits' | 'organizations', liveStoriesShowing: (req: PayloadRequest, id: number) => Promise<LiveStory[]>): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, operation, req }) => {
    if (operation !== 'update' || !originalDoc || !isWriter(req)) return data
    const changes = changedShownFields({ collection, data, original: originalDoc })
    if (!changes.length) return data
    const stories = await liveStoriesShowing(req, Number(originalDoc.id))
    if (stories.length) throw editorsOnlyRefusal({ collection, changes, stories })
    return data
  }

export const onlyEditorsChangeLiveCredits = onlyEditorsChangeLive('photo-credits', liveStoriesCreditedBy)

export const onlyEditorsChangeLiveOrganizations = onlyEditorsChangeLive('organizations', liveStoriesNamingOrganization)

/** Deleting an organization would silently drop its name from live credit lines: refused for everyone. */
export const protectPublishedOrganizationDeletion: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const stories = await liveStoriesNamingOrganization(req, Number(id))
  if (!stories.length) return
  throw new APIError(
    `This organization cannot be deleted: the credit line of ${publishedStories(stories)} names it. ` +
      'Give those photos another credit first, or unpublish the stories.',
    400,
    { stories: stories.map(({ id: storyId, title }) => ({ id: storyId, title })) },
    true,
  )
}
