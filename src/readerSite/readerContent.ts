// What the reader site's pages read, always through the content API's own loaders and access rules (src/publicApi):
// anonymous readers get what the public API gives them; a draft needs a verified staff session or a valid link.
import config from '@payload-config'
import { executeAuthStrategies, getPayload, type TypedUser } from 'payload'
import { cache } from 'react'

import { isStaffUser } from '../access/roles'
import { loadDraftById, type StoryLookupResult } from '../publicApi/loadStory'
import { loadPublishedStoryBySlug, type PublishedStoryResult } from '../publicApi/loadPublishedStory'
import { findPublishedSummaries, summaryListPlan, type StorySummary } from '../publicApi/storySummaries'

export const HOME_STORY_COUNT = 20

const payloadInstance = () => getPayload({ config })

/** The newest published stories, as the public summaries endpoint answers an anonymous caller. */
export async function recentStories(): Promise<StorySummary[]> {
  const plan = summaryListPlan(new URLSearchParams({ limit: String(HOME_STORY_COUNT), sort: '-publishedAt', depth: '0' }))
  if (!plan) throw new Error('The summaries list no longer answers the home page’s query; update recentStories.')
  const page = await findPublishedSummaries(await payloadInstance(), plan)
  return page.docs
}

/** A published story as the public by-slug endpoint gives it to an anonymous reader: the same one-statement read
 * (on a replica when one is configured), read once per request (the page and its metadata share it). */
export const publishedStory = cache(async (slug: string): Promise<PublishedStoryResult> =>
  loadPublishedStoryBySlug({ payload: await payloadInstance(), slug, startedAt: new Date() }),
)

/**
 * The signed-in staff member the request's own credentials identify (Payload's auth strategies check the session
 * cookie's signature and the account), or null. Never a query flag.
 */
export async function verifiedStaff(requestHeaders: Headers): Promise<TypedUser | null> {
  const payload = await payloadInstance()
  const { user } = await executeAuthStrategies({ headers: requestHeaders, payload, canSetHeaders: false })
  return user && isStaffUser(user) ? (user as TypedUser) : null
}

/** A story's latest draft for a verified staff member, read under their own access. */
export async function draftForStaff({ id, user }: { id: number; user: TypedUser }): Promise<StoryLookupResult> {
  return loadDraftById({ payload: await payloadInstance(), id, user })
}

export type SharedPreview =
  | { kind: 'found'; lookup: StoryLookupResult; expiresAt: string }
  | { kind: 'missing' | 'revoked' | 'expired' }

/** The draft a secret preview link opens, checked as GET /api/preview/:token checks it. */
export async function draftForLink(token: string): Promise<SharedPreview> {
  const payload = await payloadInstance()
  const { docs } = await payload.find({
    collection: 'preview-links',
    where: { token: { equals: token } },
    limit: 1,
    depth: 0,
    // The token is the credential: the reviewer has no account to read the link with.
    overrideAccess: true,
  })
  const link = docs[0]
  if (!link) return { kind: 'missing' }
  if (link.revoked) return { kind: 'revoked' }
  if (!link.expiresAt || new Date(link.expiresAt).getTime() <= Date.now()) return { kind: 'expired' }
  const id = typeof link.article === 'object' ? link.article.id : link.article
  const lookup = await loadDraftById({ payload, id, user: null, isGrantedByLink: true, relatedAccess: 'licensed' })
  return { kind: 'found', lookup, expiresAt: link.expiresAt }
}

/** The newsroom's name as readers see it (site settings are public), read once per request. */
export const siteName = cache(async (): Promise<string> => {
  const settings = await (await payloadInstance()).findGlobal({ slug: 'site-settings', depth: 0, overrideAccess: false })
  return settings.siteName || 'Newsroom'
})
