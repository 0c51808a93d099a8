// After a write to published content: invalidate cached responses (NOTIFY, on commit) and, for stories,
// queue the webhook deliveries of the event (published, unpublished, updated).
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, GlobalAfterChangeHook } from 'payload'

import { announceChange } from './changeNotifications'
import { SITE_SETTINGS_KEY, type Seeds } from './documentKeys'
import { rememberedStoryBeforeSave, storyAfterSave } from '../collections/Articles/storyRow'
import { idOf, mergeSeeds } from '../fields/relationIds'
import { articleEventFor } from '../webhooks/articleEvents'
import { queueWebhookDeliveries } from '../webhooks/queueDeliveries'

type Id = number | string
type Doc = Record<string, unknown> | undefined

/** Which fields of each collection point at other cached documents (their old values must be invalidated too). */
const RELATIONS: Record<string, Record<string, keyof Seeds>> = {
  articles: {
    images: 'media',
    heroImage: 'media',
    socialImage: 'media',
    bodyCallsToAction: 'calls-to-action',
    callsToAction: 'calls-to-action',
    mentionedOrganizations: 'organizations',
    organizations: 'organizations',
    authors: 'users',
  },
  media: { credit: 'photo-credits' },
  'photo-credits': { agencies: 'organizations', courtesyOf: 'organizations' },
  'calls-to-action': { organization: 'organizations' },
}

export function seedsOf(collection: string, doc: Doc): Seeds {
  const seeds: Record<string, Id[]> = {}
  if (!doc) return seeds
  if (doc.id !== undefined) seeds[collection] = [doc.id as Id]
  for (const [field, target] of Object.entries(RELATIONS[collection] ?? {})) {
    const value = doc[field]
    const refs = Array.isArray(value) ? value : [value]
    for (const ref of refs) {
      const id = idOf(ref)
      if (id !== undefined) (seeds[target] ??= []).push(id)
    }
  }
  return seeds
}

/** Generic: media, credits, organizations, calls to action. */
export const announceDocumentChange: CollectionAfterChangeHook = async ({ collection, doc, previousDoc, req }) => {
  await announceChange(req, mergeSeeds(seedsOf(collection.slug, doc), seedsOf(collection.slug, previousDoc)))
  return doc
}

export const announceDocumentDelete: CollectionAfterDeleteHook = async ({ collection, doc, req }) => {
  await announceChange(req, seedsOf(collection.slug, doc))
  return doc
}

/** A renamed author changes bylines; nothing else about a user is public. */
export const announceAuthorRename: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (operation === 'update' && previousDoc?.name !== doc.name) await announceChange(req, { users: [doc.id] })
  return doc
}

export const announceSiteSettingsChange: GlobalAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const promotions = [idOf(doc?.promotion), idOf(previousDoc?.promotion)].filter((id) => id !== undefined) as Id[]
  await announceChange(req, { 'calls-to-action': promotions }, [SITE_SETTINGS_KEY])
  return doc
}

// ---- Stories: what matters is the live row (the main table), not a draft version saved beside it.

export const announceStoryChange: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  // A story created as a draft was never live and is not now: no event, and no query to find that out.
  if (operation === 'create' && doc._status !== 'published') return doc
  // The live row before and after, as read once for this save (src/collections/Articles/storyRow.ts).
  const before = rememberedStoryBeforeSave({ req, id: doc.id })?.liveState ?? null
  const after = (await storyAfterSave({ req, id: doc.id }))?.liveState ?? null
  const event = articleEventFor({ before, after })
  if (!event) return doc
  await announceChange(req, mergeSeeds(seedsOf('articles', doc), seedsOf('articles', previousDoc)))
  await queueWebhookDeliveries({ req, event, article: doc })
  return doc
}

export const announceStoryDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  if (doc?._status !== 'published' || doc?.deletedAt) return doc
  await announceChange(req, seedsOf('articles', doc))
  await queueWebhookDeliveries({ req, event: 'article.unpublished', article: doc })
  return doc
}
