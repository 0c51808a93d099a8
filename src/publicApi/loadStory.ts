// Loads one story by slug and everything it shows in a fixed number of queries (one per collection, by ids).
import type { Payload, TypedUser, Where } from 'payload'

import { idOf, mergeSeeds, rowIdOf } from '../fields/relationIds'
import { collectStoryReferences } from '../collections/Articles/storyReferences'
import {
  renderStory,
  type RenderedStory,
  type SourceCallToAction,
  type SourceMedia,
  type SourceOrganization,
  type SourceStory,
} from './renderStory'
import { embeddedReferences, type Seeds } from '../cache/documentKeys'
import { runningLicenseWhere } from '../licenses/licenseRules'
import { isPhotoShownToReaders } from '../access/readerRules'

type Id = number | string

export type StoryLookupResult =
  /** `shows`: the documents the story starts from; its cache keys follow from them (see cache/responseTags). */
  | { kind: 'found'; story: RenderedStory; shows: Seeds }
  | { kind: 'moved'; slug: string }
  | { kind: 'missing' }

/**
 * `relatedAccess: 'licensed'` is for a secret preview link (no user: the link grants the story): the documents the
 * draft shows are read whether or not a live story uses them yet, but never a photo whose licence has ended.
 */
type ReadOptions = { payload: Payload; user: TypedUser | null; draft: boolean; relatedAccess?: 'as-user' | 'licensed' }

const byId = <T extends { id: Id }>(docs: T[]) => new Map(docs.map((doc) => [String(doc.id), doc]))

async function findIn<T>({ payload, user, relatedAccess }: ReadOptions, collection: 'media' | 'organizations' | 'calls-to-action', references: Id[]) {
  // A reference that is no row id (written in SQL behind the application's back) points at nothing: it is never
  // sent to PostgreSQL, which would refuse the whole read, and the renderer leaves its node out.
  const ids = references.map(rowIdOf).filter((id) => id !== undefined)
  if (ids.length === 0) return [] as T[]
  const isLicensedRead = relatedAccess === 'licensed'
  const byIds: Where = { id: { in: ids } }
  const result = await payload.find({
    collection,
    where:
      isLicensedRead && collection === 'media'
        ? { and: [byIds, runningLicenseWhere('credit.licenseExpiresAt', new Date()), runningLicenseWhere('licenseExpiresAt', new Date())] }
        : byIds,
    depth: 0,
    // Joins ("used in stories") are staff-only and would cost a subquery each.
    joins: false,
    limit: ids.length,
    pagination: false,
    overrideAccess: isLicensedRead,
    user: user ?? undefined,
  })
  return result.docs as unknown as T[]
}

async function findStory(options: ReadOptions, where: Where) {
  const result = await options.payload.find({
    collection: 'articles',
    where,
    depth: 0,
    limit: 1,
    pagination: false,
    draft: options.draft,
    overrideAccess: false,
    user: options.user ?? undefined,
  })
  return result.docs[0] as unknown as (SourceStory & { slug: string }) | undefined
}

const unique = (ids: (Id | undefined)[]) => [...new Map(ids.filter((id) => id !== undefined).map((id) => [String(id), id as Id])).values()]

export async function loadStoryBySlug(options: ReadOptions & { slug: string }): Promise<StoryLookupResult> {
  const { slug } = options
  const story = await findStory(options, { slug: { equals: slug } })
  if (!story) {
    const renamed = await findStory(options, { 'previousSlugs.slug': { equals: slug } })
    return renamed?.slug && renamed.slug !== slug ? { kind: 'moved', slug: renamed.slug } : { kind: 'missing' }
  }
  return renderFoundStory(options, story)
}

/**
 * One story's latest draft by id, for the newsroom's own previews: `user` (staff, verified by the caller) reads
 * it under the access rules; a preview link passes no user and `relatedAccess: 'licensed'`, having checked its token.
 */
export async function loadDraftById(options: Omit<ReadOptions, 'draft'> & { id: Id; isGrantedByLink?: boolean }): Promise<StoryLookupResult> {
  const result = await options.payload.find({
    collection: 'articles',
    where: { id: { equals: options.id } },
    depth: 0,
    limit: 1,
    pagination: false,
    draft: true,
    overrideAccess: Boolean(options.isGrantedByLink),
    user: options.user ?? undefined,
  })
  const story = result.docs[0] as unknown as (SourceStory & { slug: string }) | undefined
  if (!story) return { kind: 'missing' }
  return renderFoundStory({ ...options, draft: true }, story)
}

async function renderFoundStory(options: ReadOptions, story: SourceStory & { slug: string }): Promise<StoryLookupResult> {
  const { payload } = options
  const references = collectStoryReferences({ heroImage: story.heroImage as Id, socialImage: story.socialImage as Id, body: story.body })
  const ctaIds = unique([...(story.callsToAction ?? []).map(idOf), ...references.callsToActionIds])
  const [media, callsToAction, authors] = await Promise.all([
    findIn<SourceMedia>(options, 'media', references.imageIds),
    findIn<SourceCallToAction>(options, 'calls-to-action', ctaIds),
    // Bylines are public even though user records are not: only names leave this function.
    (story.authors ?? []).length
      ? payload
          .find({
            collection: 'users',
            where: { id: { in: (story.authors ?? []).map(rowIdOf).filter((id) => id !== undefined) } },
            select: { name: true },
            depth: 0,
            pagination: false,
            overrideAccess: true,
          })
          .then((result) => result.docs as { id: Id; name: string }[])
      : Promise.resolve([]),
  ])
  const organizationIds = unique([
    ...(story.organizations ?? []).map(idOf),
    ...references.organizationIds,
    ...callsToAction.map((cta) => idOf(cta.organization)),
  ])
  const organizations = await findIn<SourceOrganization>(options, 'organizations', organizationIds)

  // Staff previews show a photo that lost its alt text or credit line, to fix; nobody else sees it.
  const isNewsroomPreview = options.draft && options.relatedAccess !== 'licensed'
  const shownMedia = isNewsroomPreview ? media : media.filter(isPhotoShownToReaders)
  const rendered = renderStory(story, {
    media: byId(shownMedia),
    callsToAction: byId(callsToAction),
    organizations: byId(organizations),
    authors: byId(authors),
    now: new Date(),
  })
  // As a REST read of the same story starts from it: the story and what its body links to.
  const shows = mergeSeeds<Seeds>({ articles: [story.id] }, embeddedReferences(story.body))
  return { kind: 'found', story: rendered, shows }
}
