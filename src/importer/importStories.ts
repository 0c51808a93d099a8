// Imports plain-text stories as draft articles, in batches of one transaction each: a story is reported
// imported only once its batch has committed, so a killed run loses nothing it reported, and a re-run
// skips what is already there (stories are found again by the hash of their text).
import { createHash } from 'node:crypto'
import path from 'node:path'
import { createLocalReq, type Payload, type PayloadRequest } from 'payload'

import { callToActionKey } from '../import/callsToAction'
import { createNearDuplicateTracker, creditNames, nearDuplicateWarning } from '../import/creditNames'
import type { OrganizationDirectory } from '../import/organizationDirectory'
import { type ParsedStory, parseStory, type StoryImage } from '../import/parseStory'
import { callsToActionBlock, paragraph, storyBody, uploadNode } from '../lib/lexicalBuilders'
import { slugify } from '../lib/slugify'
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
  /** Users credited as the stories' authors (the byline). */
  authorIds?: Id[]
  /** Stories per transaction. */
  batchSize?: number
  /** Called once per story, after its transaction committed (or after it failed). */
  onStory?: (outcome: StoryOutcome) => void
}

type Prepared = { source: StorySource; hash: string; story: ParsedStory; warnings: string[] }

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
  authorIds = [],
  batchSize = 100,
  onStory = () => {},
}: ImportOptions): Promise<ImportSummary> {
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
    const story = parseStory({ text, directory })
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

  const uniqueSlug = async ({ title, hash, req }: { title: string; hash: string; req: PayloadRequest }) => {
    const base = slugify(title) || 'story'
    const { totalDocs } = await payload.count({ collection: 'articles', where: { slug: { equals: base } }, trash: true, req, overrideAccess: true })
    return totalDocs === 0 ? base : `${base.slice(0, 70)}-${hash.slice(0, 6)}`
  }

  const createStory = async ({ source, hash, story, warnings }: Prepared, req: PayloadRequest): Promise<StoryOutcome> => {
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
    const article = await payload.create({
      collection: 'articles',
      data: {
        title: story.title,
        slug: await uniqueSlug({ title: story.title, hash, req }),
        dek: story.dek ?? undefined,
        authors: authorIds,
        contributors: story.authors.map((name) => ({ name })),
        body: storyBody(...children) as never,
        organizations: organizationIds,
        callsToAction: Array.from(callToActionIds),
        importHash: hash,
        _status: 'draft',
      },
      draft: true,
      depth: 0,
      req,
      overrideAccess: true,
    })
    return {
      name: source.name,
      status: 'created',
      id: article.id,
      title: story.title,
      images,
      callsToAction: callToActionIds.size,
      organizations: organizationIds.length,
      warnings,
    }
  }

  /** Imports the batch in one transaction; the outcomes are only true once it has committed. */
  const importInTransaction = async (batch: Prepared[]): Promise<StoryOutcome[]> => {
    const transactionID = await payload.db.beginTransaction()
    const req = await createLocalReq({}, payload)
    if (transactionID !== null) req.transactionID = transactionID
    try {
      const { docs: existing } = await payload.find({
        collection: 'articles',
        where: { importHash: { in: batch.map((prepared) => prepared.hash) } },
        select: { title: true, importHash: true },
        pagination: false,
        trash: true,
        depth: 0,
        req,
        overrideAccess: true,
      })
      const imported = new Map(existing.map((doc) => [doc.importHash!, { id: doc.id, title: doc.title }]))
      const outcomes: StoryOutcome[] = []
      for (const prepared of batch) {
        const earlier = imported.get(prepared.hash)
        if (earlier) {
          outcomes.push({ name: prepared.source.name, status: 'unchanged', ...earlier, images: 0, callsToAction: 0, organizations: 0, warnings: prepared.warnings })
          continue
        }
        const outcome = await createStory(prepared, req)
        imported.set(prepared.hash, { id: outcome.id!, title: outcome.title! })
        outcomes.push(outcome)
      }
      if (transactionID !== null) await payload.db.commitTransaction(transactionID)
      resolver.commit()
      return outcomes
    } catch (error) {
      if (transactionID !== null) await payload.db.rollbackTransaction(transactionID).catch(() => {})
      resolver.rollback()
      throw error
    }
  }

  const runBatch = async (sourcesInBatch: StorySource[]) => {
    const batch: Prepared[] = []
    for (const source of sourcesInBatch) {
      const prepared = await prepare(source)
      if (prepared) batch.push(prepared)
    }
    if (batch.length === 0) return
    try {
      ;(await importInTransaction(batch)).forEach(report)
    } catch {
      // One bad story must not cost the others: retry the batch one story per transaction.
      for (const prepared of batch) {
        try {
          ;(await importInTransaction([prepared])).forEach(report)
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

  let pending: StorySource[] = []
  for await (const source of sources) {
    pending.push(source)
    if (pending.length >= batchSize) {
      await runBatch(pending)
      pending = []
    }
  }
  if (pending.length > 0) await runBatch(pending)

  return { ...summary, ...resolver.totals() }
}

const describeError = (error: unknown): string => {
  const details = (error as { data?: { errors?: { message?: string }[] } }).data?.errors
  const messages = details?.map((detail) => detail.message).filter(Boolean)
  return messages?.length ? messages.join(' ') : error instanceof Error ? error.message : String(error)
}
