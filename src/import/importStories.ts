// Imports plain-text stories as draft articles, in batches of one transaction each: a story is reported
// imported only once its batch has committed, so a killed run loses nothing it reported, and a re-run
// skips what is already there (stories are found again by the hash of their text).
import { createHash } from 'node:crypto'
import path from 'node:path'
import { createLocalReq, type Payload, type PayloadRequest } from 'payload'

import { callToActionKey } from './callsToAction'
import { createNearDuplicateTracker, creditNames, nearDuplicateWarning } from './creditNames'
import type { OrganizationDirectory } from './organizationDirectory'
import { type ParsedStory, parseStory, type StoryHeadline, type StoryImage } from './parseStory'
import { callsToActionBlock, paragraph, storyBody, uploadNode } from '../lexical/lexicalBuilders'
import { slugify } from '../fields/slugify'
import { createReferenceResolver, type ReferenceCounts } from './resolveReferences'

type Id = number

export type StorySource = { name: string; read: () => Promise<string> }

/** Alt text for photos without a caption: story file name → photo number → alt text. */
export type AltTextData = Record<string, Record<string, string> | string>

export type StoryOutcome = {
  name: string
  status: 'created' | 'unchanged' | 'failed'
  id?: Id
  title?: string
  images: number
  callsToAction: number
  organizations: number
  warnings: string[]
  error?: string
}

export type ImportSummary = ReferenceCounts & {
  stories: { created: number; unchanged: number; failed: number }
  warnings: number
  unreadable: number
}

export type ImportOptions = {
  payload: Payload
  sources: Iterable<StorySource> | AsyncIterable<StorySource>
  directory: OrganizationDirectory
  altText?: AltTextData
  /** Headlines and deks written for story files (`headlines.json`): story file name → headline and dek. */
  headlines?: Record<string, StoryHeadline>
  /** Users credited as the stories' authors (the byline). */
  authorIds?: Id[]
  /** Stories per transaction. */
  batchSize?: number
  /** Batches whose stories are written at once (each its own transaction). */
  concurrency?: number
  /** Called once per story, after its transaction committed (or after it failed). */
  onStory?: (outcome: StoryOutcome) => void
}

type Prepared = { source: StorySource; hash: string; story: ParsedStory; warnings: string[] }

/** A new story ready to be written: its data with every reference resolved, and what the report counts. */
type Plan = {
  data: {
    title: string
    slug: string
    dek?: string
    authors: Id[]
    contributors: { name: string }[]
    body: unknown
    organizations: Id[]
    callsToAction: Id[]
    importHash: string
  }
  images: number
  callsToAction: number
  organizations: number
}

// Node prepares the next story while PostgreSQL writes another: on 2 cores, 4 batches in flight keep both busy.
const DEFAULT_CONCURRENCY = 4

export const storyHash = (text: string): string =>
  createHash('sha256').update(text.replace(/\r\n?/g, '\n').trim()).digest('hex')

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16)

/**
 * A captioned photo is the same photo wherever the same caption line appears (agency pictures are reused
 * across stories); a photo without a caption is only itself, at its place in its story.
 */
export const photoKey = ({ image, storyHash: hash }: { image: StoryImage; storyHash: string }): string =>
  image.caption ? `photo-${shortHash(image.line)}` : `photo-${hash.slice(0, 16)}-${image.number}`

const withoutFinalPeriod = (text: string) => text.replace(/\.\s*$/, '')

export async function importStories({
  payload,
  sources,
  directory,
  altText = {},
  headlines = {},
  authorIds = [],
  batchSize = 100,
  concurrency = DEFAULT_CONCURRENCY,
  onStory = () => {},
}: ImportOptions): Promise<ImportSummary> {
  const serially = createSerialQueue()
  const resolver = createReferenceResolver({ payload, directory })
  const nearDuplicates = createNearDuplicateTracker()
  const summary = { stories: { created: 0, unchanged: 0, failed: 0 }, warnings: 0, unreadable: 0 }

  const report = (outcome: StoryOutcome) => {
    summary.stories[outcome.status] += 1
    summary.warnings += outcome.warnings.length
    onStory(outcome)
  }

  const altFor = (source: StorySource, image: StoryImage): string | null => {
    const forStory = altText[path.basename(source.name)]
    const written = typeof forStory === 'object' ? forStory[String(image.number)] : undefined
    return written?.trim() || (image.caption ? withoutFinalPeriod(image.caption) : null)
  }

  const prepare = async (source: StorySource): Promise<Prepared | null> => {
    let text: string
    try {
      text = await source.read()
    } catch (error) {
      summary.unreadable += 1
      report({
        name: source.name,
        status: 'failed',
        images: 0,
        callsToAction: 0,
        organizations: 0,
        warnings: [],
        error: `Could not read the file: ${(error as Error).message}`,
      })
      return null
    }
    const headline = headlines[path.basename(source.name)]
    const story = parseStory({ text, directory, headline: typeof headline === 'object' && headline !== null ? headline : undefined })
    const warnings = [...story.warnings]
    for (const item of story.items) {
      if (item.type !== 'image') continue
      nearDuplicates.add(creditNames(item.credit)).forEach((pair) => warnings.push(nearDuplicateWarning(pair)))
      if (!altFor(source, item)) {
        warnings.push(`Photo ${item.number} (“${item.creditText}”) has no caption and no alt text: write alt text before publishing.`)
      }
    }
    return { source, hash: storyHash(text), story, warnings }
  }

  // Batches in flight: their stories' hashes and the slugs given to them, which other batches cannot see yet.
  const inFlight = new Set<Promise<void>>()
  const hashesInFlight = new Set<string>()
  const slugsInFlight = new Set<string>()
  let stoppedBy: { error: unknown } | undefined
  const throwIfStopped = () => {
    if (stoppedBy) throw stoppedBy.error
  }

  const withTransaction = async <T>(work: (req: PayloadRequest) => Promise<T>): Promise<T> => {
    const transactionID = await payload.db.beginTransaction()
    const req = await createLocalReq({}, payload)
    if (transactionID !== null) req.transactionID = transactionID
    try {
      const result = await work(req)
      if (transactionID !== null) await payload.db.commitTransaction(transactionID)
      return result
    } catch (error) {
      if (transactionID !== null) await payload.db.rollbackTransaction(transactionID).catch(() => {})
      throw error
    }
  }

  const findImported = async (hashes: string[], req: PayloadRequest) => {
    const { docs } = await payload.find({
      collection: 'articles',
      where: { importHash: { in: hashes } },
      select: { title: true, importHash: true },
      pagination: false,
      trash: true,
      depth: 0,
      req,
      overrideAccess: true,
    })
    return new Map(docs.map((doc) => [doc.importHash!, { id: doc.id, title: doc.title }]))
  }

  const takenSlugs = async (slugs: string[], req: PayloadRequest) => {
    // Read before the query: a batch that commits meanwhile leaves this set once its slugs are in the table.
    const inFlightNow = slugs.filter((slug) => slugsInFlight.has(slug))
    const { docs } = await payload.find({
      collection: 'articles',
      where: { slug: { in: slugs } },
      select: { slug: true },
      pagination: false,
      trash: true,
      depth: 0,
      req,
      overrideAccess: true,
    })
    return new Set([...docs.map((doc) => doc.slug), ...inFlightNow])
  }

  const planStory = async ({ source, hash, story }: Prepared, slug: string, req: PayloadRequest): Promise<Plan> => {
    const children: unknown[] = []
    const callToActionIds = new Set<Id>()
    let images = 0
    for (const item of story.items) {
      if (item.type === 'paragraph') children.push(paragraph(item.text))
      if (item.type === 'image') {
        const mediaId = await resolver.photo({ key: photoKey({ image: item, storyHash: hash }), image: item, alt: altFor(source, item), req })
        children.push(uploadNode(mediaId, item.caption ?? undefined))
        images += 1
      }
      if (item.type === 'callsToAction') {
        const ids: Id[] = []
        for (const action of item.items) {
          const id = await resolver.callToAction({ item: action, cacheKey: callToActionKey(action), req })
          if (!ids.includes(id)) ids.push(id)
          callToActionIds.add(id)
        }
        children.push(callsToActionBlock({ heading: item.heading, callsToAction: ids }))
      }
    }
    const organizationIds: Id[] = []
    for (const name of story.organizations) {
      const { id } = await resolver.organization({ name, kind: directory.lookup(name)?.kind ?? 'other', req })
      if (!organizationIds.includes(id)) organizationIds.push(id)
    }
    return {
      data: {
        title: story.title,
        slug,
        dek: story.dek ?? undefined,
        authors: authorIds,
        contributors: story.authors.map((name) => ({ name })),
        body: storyBody(...children),
        organizations: organizationIds,
        callsToAction: Array.from(callToActionIds),
        importHash: hash,
      },
      images,
      callsToAction: callToActionIds.size,
      organizations: organizationIds.length,
    }
  }

  /**
   * Step 1, one batch at a time: finds or creates what the batch's new stories point at (photos, credits,
   * organizations, calls to action) and picks their slugs, in a transaction of its own. Those records commit
   * before any story uses them, so batches whose stories are being written meanwhile never wait on one another.
   */
  const planBatch = (batch: Prepared[]) =>
    withTransaction(async (req) => {
      const imported = await findImported(batch.map((prepared) => prepared.hash), req)
      const fresh = batch.filter((prepared, n) => !imported.has(prepared.hash) && batch.findIndex((other) => other.hash === prepared.hash) === n)
      await resolver.preparePhotos({
        uses: fresh.flatMap(({ source, hash, story }) =>
          story.items.flatMap((item) => (item.type === 'image' ? [{ key: photoKey({ image: item, storyHash: hash }), image: item, alt: altFor(source, item) }] : [])),
        ),
        req,
      })
      const baseSlugs = fresh.map((prepared) => slugify(prepared.story.title) || 'story')
      const taken = await takenSlugs(Array.from(new Set(baseSlugs)), req)
      const plans = new Map<string, Plan>()
      for (const [n, prepared] of fresh.entries()) {
        const base = baseSlugs[n]
        const slug = taken.has(base) ? `${base.slice(0, 70)}-${prepared.hash.slice(0, 6)}` : base
        taken.add(slug)
        plans.set(prepared.hash, await planStory(prepared, slug, req))
      }
      return plans
    })

  /** Plans one batch at a time; a failed plan leaves no cached id, count or slug behind. */
  const planInTurn = (batch: Prepared[]) =>
    serially(async () => {
      try {
        const plans = await planBatch(batch)
        plans.forEach((plan) => slugsInFlight.add(plan.data.slug))
        return { plans, counts: resolver.takePending() }
      } catch (error) {
        resolver.rollback()
        throw error
      }
    })

  /** Step 2, several batches at once: the stories themselves, one transaction per batch, reported once committed. */
  const createBatch = (batch: Prepared[], plans: Map<string, Plan>) =>
    withTransaction(async (req) => {
      const imported = await findImported(batch.map((prepared) => prepared.hash), req)
      const outcomes: StoryOutcome[] = []
      for (const prepared of batch) {
        const earlier = imported.get(prepared.hash)
        const plan = plans.get(prepared.hash)
        if (earlier || !plan) {
          if (!earlier) throw new Error(`${prepared.source.name} was neither imported before nor planned.`)
          outcomes.push({ name: prepared.source.name, status: 'unchanged', ...earlier, images: 0, callsToAction: 0, organizations: 0, warnings: prepared.warnings })
          continue
        }
        const article = await payload.create({
          collection: 'articles',
          data: { ...plan.data, body: plan.data.body as never, _status: 'draft' },
          draft: true,
          depth: 0,
          // Only the id is used: Payload then runs its read hooks over the title alone, not the whole story.
          select: { title: true },
          req,
          overrideAccess: true,
        })
        imported.set(prepared.hash, { id: article.id, title: prepared.story.title })
        outcomes.push({
          name: prepared.source.name,
          status: 'created',
          id: article.id,
          title: prepared.story.title,
          images: plan.images,
          callsToAction: plan.callsToAction,
          organizations: plan.organizations,
          warnings: prepared.warnings,
        })
      }
      return outcomes
    })

  const importBatch = async (batch: Prepared[]) => {
    const { plans, counts } = await planInTurn(batch)
    try {
      const outcomes = await createBatch(batch, plans)
      resolver.addToTotals(counts)
      outcomes.forEach(report)
    } finally {
      plans.forEach((plan) => slugsInFlight.delete(plan.data.slug))
    }
  }

  const runBatch = async (batch: Prepared[]) => {
    try {
      await importBatch(batch)
    } catch {
      // One bad story must not cost the others: retry the batch one story per transaction.
      for (const prepared of batch) {
        try {
          await importBatch([prepared])
        } catch (error) {
          report({
            name: prepared.source.name,
            status: 'failed',
            title: prepared.story.title,
            images: 0,
            callsToAction: 0,
            organizations: 0,
            warnings: prepared.warnings,
            error: describeError(error),
          })
        }
      }
    }
  }

  /** Starts a batch once a slot is free; a story also in a batch still in flight waits for that one to commit. */
  const launch = async (sourcesInBatch: StorySource[]) => {
    const batch: Prepared[] = []
    for (const source of sourcesInBatch) {
      const prepared = await prepare(source)
      if (prepared) batch.push(prepared)
    }
    if (batch.length === 0) return
    if (batch.some((prepared) => hashesInFlight.has(prepared.hash))) await Promise.all(inFlight)
    while (inFlight.size >= concurrency) await Promise.race(inFlight)
    throwIfStopped()
    batch.forEach((prepared) => hashesInFlight.add(prepared.hash))
    const running: Promise<void> = runBatch(batch)
      .catch((error: unknown) => {
        // Only the caller's onStory can throw here: stop starting batches and hand the error back.
        stoppedBy ??= { error }
      })
      .finally(() => {
        inFlight.delete(running)
        batch.forEach((prepared) => hashesInFlight.delete(prepared.hash))
      })
    inFlight.add(running)
  }

  let pending: StorySource[] = []
  for await (const source of sources) {
    pending.push(source)
    if (pending.length >= batchSize) {
      await launch(pending)
      pending = []
    }
  }
  if (pending.length > 0) await launch(pending)
  await Promise.all(inFlight)
  throwIfStopped()

  return { ...summary, ...resolver.totals() }
}

/** Runs one task at a time, in the order they were asked for. */
const createSerialQueue = () => {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task)
    tail = result.catch(() => {})
    return result
  }
}

const describeError = (error: unknown): string => {
  const details = (error as { data?: { errors?: { message?: string }[] } }).data?.errors
  const messages = details?.map((detail) => detail.message).filter(Boolean)
  return messages?.length ? messages.join(' ') : error instanceof Error ? error.message : String(error)
}
