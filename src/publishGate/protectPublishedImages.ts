// Once a story is live, the images it shows keep their attribution: no removing a credit, clearing alt
// text, expiring a licence or deleting the image or credit from under it.
import {
  APIError,
  type CollectionBeforeChangeHook,
  type CollectionBeforeDeleteHook,
  type PayloadRequest,
} from 'payload'

import { executeSql, type SqlTimestamp } from '../db/execute'
import { rowIdOf } from '../fields/relationIds'
import { isRealAltText } from './attributionProblems'
import { formatCreditLine } from '../collections/PhotoCredits/creditLine'
import { creditFactsSql, type CreditFactsRow, creditPartsOf } from './loadImageFacts'

export type LiveStory = { id: number; title: string }

const LIVE_STORIES_SHOWING = (mediaCondition: string) => `
  select distinct a.id, a.title from articles a
  join articles_rels r on r.parent_id = a.id and r.path = 'images'
  join media m on m.id = r.media_id
  where a._status = 'published' and a.deleted_at is null and ${mediaCondition}
  order by a.id`

export async function liveStoriesShowingMedia(req: PayloadRequest, mediaId: number): Promise<LiveStory[]> {
  // Lock first: a publish holding FOR SHARE on this row finishes before we look, and one that starts
  // after us waits for our commit and then sees the new state.
  await executeSql(req, `select id from media where id = ${mediaId} for update`)
  return executeSql<LiveStory>(req, LIVE_STORIES_SHOWING(`m.id = ${mediaId}`))
}

export async function liveStoriesCreditedBy(req: PayloadRequest, creditId: number): Promise<LiveStory[]> {
  await executeSql(req, `select id from photo_credits where id = ${creditId} for update`)
  return executeSql<LiveStory>(req, LIVE_STORIES_SHOWING(`m.credit_id = ${creditId}`))
}

/** Stories whose credit lines name the organization, as an agency or as “courtesy of”. */
export async function liveStoriesNamingOrganization(req: PayloadRequest, organizationId: number): Promise<LiveStory[]> {
  await executeSql(req, `select id from organizations where id = ${organizationId} for update`)
  return executeSql<LiveStory>(
    req,
    LIVE_STORIES_SHOWING(`m.credit_id in (
      select parent_id from photo_credits_rels where path = 'agencies' and organizations_id = ${organizationId}
      union select id from photo_credits where courtesy_of_id = ${organizationId})`),
  )
}

export const storyList = (stories: LiveStory[]) => stories.map((story) => `“${story.title}” (story ${story.id})`).join(', ')

export const refusal = (what: string, stories: LiveStory[]) =>
  new APIError(
    `${what} ${stories.length === 1 ? 'A published story shows' : 'Published stories show'} this image: ${storyList(stories)}. ` +
      'Unpublish the story or replace the image there first.',
    400,
    { stories: stories.map(({ id, title }) => ({ id, title })) },
    true,
  )

async function isExpiredCredit(req: PayloadRequest, creditId: number): Promise<boolean> {
  const [row] = await executeSql<{ license_expires_at: SqlTimestamp | null }>(req, `select license_expires_at from photo_credits where id = ${creditId}`)
  const expiresAt = row?.license_expires_at ? new Date(row.license_expires_at) : null
  return Boolean(expiresAt && expiresAt.getTime() <= Date.now())
}

/** A credit row from before names had to be visible may render no credit line at all. */
async function isCreditNamingNoOne(req: PayloadRequest, creditId: number): Promise<boolean> {
  const [row] = await executeSql<CreditFactsRow>(req, creditFactsSql([creditId]))
  return Boolean(row) && formatCreditLine(creditPartsOf(row)) === null
}

export const protectPublishedMediaAttribution: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || !originalDoc) return data
  const creditId = rowIdOf('credit' in data ? data.credit : originalDoc.credit)
  const alt = 'alt' in data ? data.alt : originalDoc.alt
  const filename = data.filename ?? originalDoc.filename
  const problems: string[] = []
  if (!creditId) problems.push('It would have no photo credit.')
  else if (creditId !== rowIdOf(originalDoc.credit) && (await isExpiredCredit(req, creditId))) {
    problems.push('The new photo credit’s licence has expired.')
  } else if (creditId !== rowIdOf(originalDoc.credit) && (await isCreditNamingNoOne(req, creditId))) {
    problems.push('The new photo credit names no one.')
  }
  if (!isRealAltText({ alt, filename })) problems.push('It would have no real alt text.')
  // The photo's own licence end (typed, or read from a replacement file) already past withholds it at once.
  const ownEnd = 'licenseExpiresAt' in data && data.licenseExpiresAt ? new Date(data.licenseExpiresAt) : null
  if (ownEnd && ownEnd.getTime() <= Date.now() && ownEnd.getTime() !== new Date(originalDoc.licenseExpiresAt ?? NaN).getTime()) {
    problems.push('Its own licence would already have ended; set an end in the future, or none.')
  }
  if (!problems.length) return data
  const stories = await liveStoriesShowingMedia(req, originalDoc.id)
  if (stories.length) throw refusal(problems.join(' '), stories)
  return data
}

export const protectPublishedMediaDeletion: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const stories = await liveStoriesShowingMedia(req, Number(id))
  if (stories.length) throw refusal('This image cannot be deleted.', stories)
}

export const protectPublishedCreditChange: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || !originalDoc || !('licenseExpiresAt' in data)) return data
  const expiresAt = data.licenseExpiresAt ? new Date(data.licenseExpiresAt) : null
  // An unreadable date is refused by the field's validation, with a message that says so.
  if (!expiresAt || Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() > Date.now()) return data
  const stories = await liveStoriesCreditedBy(req, originalDoc.id)
  if (stories.length) throw refusal('This credit’s licence cannot end in the past.', stories)
  return data
}

export const protectPublishedCreditDeletion: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const stories = await liveStoriesCreditedBy(req, Number(id))
  if (stories.length) throw refusal('This photo credit cannot be deleted.', stories)
}

