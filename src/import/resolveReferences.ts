// Finds or creates what a story points at (organizations, photo credits, photos, calls to action), reusing
// existing records, inside the caller's transaction. Caches are only a shortcut and are dropped on rollback.
import { type CollectionSlug, createLocalReq, type Payload, type PayloadRequest, type SelectType, type Where } from 'payload'

import type { CallToActionItem } from './callsToAction'
import type { OrganizationDirectory, OrganizationKind } from './organizationDirectory'
import type { StoryImage } from './parseStory'
import { formatCreditLine } from '../collections/PhotoCredits/creditLine'
import { normalizeName } from '../fields/slugify'
import { placeholderImage } from './placeholderImage'

export type Tally = { created: number; reused: number }
export type ReferenceCounts = { images: Tally; credits: Tally; organizations: Tally; callsToAction: Tally }

const emptyCounts = (): ReferenceCounts => ({
  images: { created: 0, reused: 0 },
  credits: { created: 0, reused: 0 },
  organizations: { created: 0, reused: 0 },
  callsToAction: { created: 0, reused: 0 },
})

// Bulk runs share a bounded pool of names and photos; past this size a cache starts over (memory stays flat).
const MAX_CACHE_ENTRIES = 20_000

const createCache = <V>() => {
  const map = new Map<string, V>()
  return {
    get: (key: string) => map.get(key),
    set: (key: string, value: V) => {
      if (map.size >= MAX_CACHE_ENTRIES) map.clear()
      map.set(key, value)
    },
    clear: () => map.clear(),
  }
}

type Id = number
type Organization = { id: Id; name: string }
export type PhotoUse = { key: string; image: StoryImage; alt: string | null }

// Placeholders created at once while a batch's new photos are prepared: sharp renders them on its own threads,
// so the database and both cores stay busy.
const PHOTO_CONCURRENCY = 4

export type ReferenceResolver = ReturnType<typeof createReferenceResolver>

export function createReferenceResolver({ payload, directory }: { payload: Payload; directory: OrganizationDirectory }) {
  const organizations = createCache<Organization>()
  const credits = createCache<Id>()
  const images = createCache<Id>()
  const callsToAction = createCache<Id>()
  // Photos preparePhotos created whose creation is counted at their first use.
  const createdUncounted = new Set<string>()
  const totals = emptyCounts()
  let pending = emptyCounts()

  const count = (tally: Tally, isCreated: boolean) => {
    if (isCreated) tally.created += 1
    else tally.reused += 1
  }

  // Lookups and creates run inside the caller's transaction, as the importer itself (no access checks), at depth 0.
  // `select` names one small field, so Payload reads the id without the whole row.
  const findFirst = async ({ collection, where, select, req }: { collection: CollectionSlug; where: Where; select: SelectType; req: PayloadRequest }) => {
    const { docs } = await payload.find({ collection, where, limit: 1, depth: 0, select, req, overrideAccess: true })
    return (docs[0] as { id: Id } | undefined)?.id
  }

  /**
   * The record behind `key`: from the cache, else the first `find` answers, else the one `create` makes; counted in
   * `tally` as reused or created.
   */
  async function reuseOrCreate<T>({
    cache,
    tally,
    key,
    find,
    create,
  }: {
    cache: { get: (key: string) => T | undefined; set: (key: string, value: T) => void }
    tally: keyof ReferenceCounts
    key: string
    find: () => Promise<T | undefined>
    create: () => Promise<T>
  }): Promise<T> {
    const cached = cache.get(key)
    if (cached) {
      count(pending[tally], false)
      return cached
    }
    const found = await find()
    const value = found ?? (await create())
    count(pending[tally], found === undefined)
    cache.set(key, value)
    return value
  }

  async function organization({ name, kind, req }: { name: string; kind: OrganizationKind; req: PayloadRequest }) {
    const listed = directory.lookup(name)
    const canonical = listed?.name ?? name
    const key = normalizeName(canonical)
    return reuseOrCreate<Organization>({
      cache: organizations,
      tally: 'organizations',
      key,
      find: async () => {
        const where = { nameKey: { equals: key } }
        const { docs } = await payload.find({ collection: 'organizations', where, limit: 1, depth: 0, select: { name: true }, req, overrideAccess: true })
        return docs[0] ? { id: docs[0].id, name: docs[0].name } : undefined
      },
      create: async () => {
        const data = { name: canonical, kind: listed?.kind ?? kind, ...(listed?.website ? { website: listed.website } : {}) }
        const doc = await payload.create({ collection: 'organizations', data, depth: 0, req, overrideAccess: true })
        return { id: doc.id, name: doc.name }
      },
    })
  }

  /** The credit of a caption, reused when one with the same credit line exists. */
  async function credit({ image, req }: { image: StoryImage; req: PayloadRequest }): Promise<Id> {
    const { photographer, isPool, agencies, courtesyOf } = image.credit
    const agencyRecords: Organization[] = []
    for (const agency of agencies) agencyRecords.push(await organization({ name: agency, kind: 'news-agency', req }))
    const courtesyRecord = courtesyOf ? await organization({ name: courtesyOf, kind: 'other', req }) : null
    const creditLine = formatCreditLine({
      photographer,
      isPool,
      agencies: agencyRecords.map((record) => record.name),
      courtesyOf: courtesyRecord?.name,
    })!
    return reuseOrCreate<Id>({
      cache: credits,
      tally: 'credits',
      key: creditLine,
      find: () => findFirst({ collection: 'photo-credits', where: { creditLine: { equals: creditLine } }, select: { creditLine: true }, req }),
      create: async () => {
        const data = {
          photographer: photographer ?? undefined,
          pool: isPool,
          agencies: agencyRecords.map((record) => record.id),
          courtesyOf: courtesyRecord?.id,
          license: agencyRecords.length > 0 ? ('agency' as const) : ('courtesy' as const),
        }
        return (await payload.create({ collection: 'photo-credits', data, depth: 0, req, overrideAccess: true })).id
      },
    })
  }

  async function createPhoto({ key, image, alt, creditId, req }: PhotoUse & { creditId: Id; req: PayloadRequest }): Promise<Id> {
    const data = await placeholderImage({ label: image.caption ?? image.creditText, key })
    // Its own request on the caller's transaction: the Local API leaves the upload on the request it is given,
    // and photos are created side by side.
    const photoReq = await createLocalReq({}, payload)
    photoReq.transactionID = req.transactionID
    const created = await payload.create({
      collection: 'media',
      data: { alt: alt ?? undefined, caption: image.caption ?? undefined, credit: creditId, needsOriginal: true, importKey: key },
      file: { data, mimetype: 'image/jpeg', name: `${key}.jpg`, size: data.length },
      // A run killed after writing the file but before committing leaves the file behind: take its place.
      overwriteExistingFiles: true,
      depth: 0,
      req: photoReq,
      overrideAccess: true,
    })
    return created.id
  }

  /**
   * Finds or creates, ahead of their stories, the photos of a batch: one query for those not cached, then the
   * missing placeholders PHOTO_CONCURRENCY at a time (rendering and resizing them is most of an import's work
   * while the photo pool fills). `photo()` then answers from the cache and counts each use as before.
   */
  async function preparePhotos({ uses, req }: { uses: PhotoUse[]; req: PayloadRequest }) {
    const firstUse = new Map<string, PhotoUse>()
    for (const use of uses) if (!images.get(use.key) && !firstUse.has(use.key)) firstUse.set(use.key, use)
    if (firstUse.size === 0) return
    const { docs } = await payload.find({
      collection: 'media',
      where: { importKey: { in: Array.from(firstUse.keys()) } },
      pagination: false,
      depth: 0,
      select: { importKey: true },
      req,
      overrideAccess: true,
    })
    for (const doc of docs) {
      images.set(doc.importKey!, doc.id)
      firstUse.delete(doc.importKey!)
    }
    // Credits and organizations first, one at a time (photos share them), so the parallel creates only find them.
    const missing: (PhotoUse & { creditId: Id })[] = []
    for (const use of firstUse.values()) missing.push({ ...use, creditId: await credit({ image: use.image, req }) })
    // A failed create rolls the whole transaction back: the other workers then stop taking photos.
    let hasFailed = false
    const worker = async () => {
      for (let use = missing.shift(); use && !hasFailed; use = missing.shift()) {
        try {
          images.set(use.key, await createPhoto({ ...use, req }))
          createdUncounted.add(use.key)
        } catch (error) {
          hasFailed = true
          throw error
        }
      }
    }
    // Every worker settles before the caller rolls back, so none writes after the transaction is gone.
    const settled = await Promise.allSettled(Array.from({ length: Math.min(PHOTO_CONCURRENCY, missing.length) }, worker))
    const failure = settled.find((result) => result.status === 'rejected')
    if (failure) throw failure.reason
  }

  /** The photo behind a caption line: an existing one with the same key, or a new placeholder. */
  async function photo({ key, image, alt, req }: PhotoUse & { req: PayloadRequest }) {
    const cached = images.get(key)
    if (cached) {
      count(pending.images, createdUncounted.delete(key))
      return cached
    }
    const found = await findFirst({ collection: 'media', where: { importKey: { equals: key } }, select: { importKey: true }, req })
    const id = found ?? (await createPhoto({ key, image, alt, creditId: await credit({ image, req }), req }))
    count(pending.images, createdUncounted.delete(key) || found === undefined)
    images.set(key, id)
    return id
  }

  async function callToAction({ item, cacheKey, req }: { item: CallToActionItem; cacheKey: string; req: PayloadRequest }) {
    let organizationId: Id | null = null
    return reuseOrCreate<Id>({
      cache: callsToAction,
      tally: 'callsToAction',
      key: cacheKey,
      // Its organization is looked up (and counted) only when the call to action is not cached.
      find: async () => {
        organizationId = item.organization ? (await organization({ name: item.organization, kind: 'other', req })).id : null
        const where: Where = {
          kind: { equals: item.kind },
          title: { equals: item.title },
          organization: organizationId === null ? { exists: false } : { equals: organizationId },
        }
        return findFirst({ collection: 'calls-to-action', where, select: { title: true }, req })
      },
      create: async () => {
        const data = {
          title: item.title,
          kind: item.kind,
          organization: organizationId ?? undefined,
          handles: item.handles.length ? item.handles : undefined,
          hashtags: item.hashtags.length ? item.hashtags : undefined,
          instructions: item.text.length > 500 ? `${item.text.slice(0, 499)}…` : item.text,
          status: 'active' as const,
        }
        return (await payload.create({ collection: 'calls-to-action', data, depth: 0, req, overrideAccess: true })).id
      },
    })
  }

  const addInto = (target: ReferenceCounts, source: ReferenceCounts) => {
    for (const name of Object.keys(target) as (keyof ReferenceCounts)[]) {
      target[name].created += source[name].created
      target[name].reused += source[name].reused
    }
  }

  return {
    organization,
    credit,
    photo,
    preparePhotos,
    callToAction,
    /** What was found and created since the last call, handed over to be counted once its stories commit. */
    takePending: (): ReferenceCounts => {
      const taken = pending
      pending = emptyCounts()
      return taken
    },
    addToTotals: (counts: ReferenceCounts) => addInto(totals, counts),
    /** The transaction rolled back: nothing it created exists, so forget it all. */
    rollback: () => {
      pending = emptyCounts()
      ;[organizations, credits, images, callsToAction, createdUncounted].forEach((cache) => cache.clear())
    },
    totals: () => totals,
  }
}
