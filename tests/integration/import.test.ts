import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

import { findNearDuplicateNames } from '../../src/import/captionParser'
import { generateStories } from '../../src/import/generateStories'
import { importStories, type StoryOutcome, type StorySource } from '../../src/import/importStories'
import { skipVersionTrimForNewStories } from '../../src/import/importProcess'
import { PLACEHOLDER_WIDTH } from '../../src/import/placeholderImage'
import { expandStoryPaths, fileSources, loadAltText, loadOrganizationDirectory } from '../../src/import/storySources'
import { testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()

const SEED_STORIES = path.resolve('content/seed/stories')
const directory = loadOrganizationDirectory()

const importSeed = async () => {
  const storyPaths = expandStoryPaths([SEED_STORIES])
  const outcomes: StoryOutcome[] = []
  const summary = await importStories({
    payload: ctx.payload,
    sources: fileSources(storyPaths),
    directory,
    altText: loadAltText({ storyPaths }),
    onStory: (outcome) => outcomes.push(outcome),
  })
  return { summary, outcomes }
}

/** Every credit line in the seed stories, the way the house style writes it. */
const distinctSeedCredits = () =>
  new Set(
    expandStoryPaths([SEED_STORIES]).flatMap((file) => fs.readFileSync(file, 'utf8').match(/Photo by [^\n]*?\.(?=\s*$)/gm) ?? []),
  ).size

const snapshot = async () => {
  const collections = ['articles', 'media', 'photo-credits', 'organizations', 'calls-to-action'] as const
  const result: Record<string, string[]> = {}
  for (const collection of collections) {
    const { docs } = await ctx.payload.find({ collection, pagination: false, depth: 0, overrideAccess: true, sort: 'id' })
    result[collection] = docs.map((doc) => `${doc.id}@${doc.updatedAt}`)
  }
  return result
}

type UploadNode = { type: 'upload'; value: number; fields: { caption?: string } }
type BlockNode = { type: 'block'; fields: { blockType: string; heading: string; callsToAction: number[] } }

describe('importing the seed stories', () => {
  let first: Awaited<ReturnType<typeof importSeed>>

  beforeAll(async () => {
    first = await importSeed()
  })

  it('creates four draft stories, one per file', async () => {
    expect(first.summary.stories).toEqual({ created: 4, unchanged: 0, failed: 0 })
    const { docs } = await ctx.payload.find({ collection: 'articles', draft: true, pagination: false, overrideAccess: true, sort: 'id' })
    expect(docs).toHaveLength(4)
    expect(docs.every((doc) => doc._status === 'draft')).toBe(true)
    expect(docs[3].title).toBe("Trump's been silent; Putin's shrugged it off. But you should care about Chechnya.")
    expect(docs[3].slug).toBe('trumps-been-silent-putins-shrugged-it-off-but-you-should-care-about-chechnya')
  })

  it('creates one placeholder photo per "Photo by" line, with its credit, alt text and the need for the original', async () => {
    expect(first.summary.images.created).toBe(18)
    const { docs } = await ctx.payload.find({ collection: 'media', pagination: false, depth: 1, overrideAccess: true })
    expect(docs).toHaveLength(18)
    expect(docs.every((doc) => doc.needsOriginal && doc.credit && doc.alt && doc.alt.trim() !== '')).toBe(true)
    expect(docs.every((doc) => fs.existsSync(path.join(ctx.mediaDir, doc.filename!)))).toBe(true)
    const kadyrov = docs.find((doc) => doc.caption === 'Chechen leader Ramzan Kadyrov.')!
    expect(kadyrov.alt).toBe('Chechen leader Ramzan Kadyrov')
    expect(kadyrov.creditLine).toBe('Photo by Alexander Nemenov/AFP/Getty Images.')
  })

  it('makes only the thumbnail of a placeholder: just narrower than the card rendition, it serves as its own card', async () => {
    const { docs } = await ctx.payload.find({ collection: 'media', pagination: false, depth: 0, overrideAccess: true })
    const cardWidth = ctx.payload.collections.media.config.upload.imageSizes!.find((size) => size.name === 'card')!.width!
    expect(PLACEHOLDER_WIDTH).toBeLessThan(cardWidth)
    expect(PLACEHOLDER_WIDTH).toBeGreaterThan(cardWidth * 0.95)
    for (const doc of docs) {
      expect(doc.width).toBe(PLACEHOLDER_WIDTH)
      expect(doc.sizes?.thumbnail?.width).toBe(320)
      expect(fs.existsSync(path.join(ctx.mediaDir, doc.sizes!.thumbnail!.filename!))).toBe(true)
      expect(doc.sizes?.card?.url ?? null).toBeNull()
    }
  })

  it('reuses one photo credit for every photo with the same credit line', async () => {
    const credits = await ctx.payload.find({ collection: 'photo-credits', pagination: false, depth: 0, overrideAccess: true })
    expect(distinctSeedCredits()).toBe(13)
    expect(credits.docs).toHaveLength(13)
    expect(first.summary.credits).toEqual({ created: 13, reused: 5 })
    const hooper = credits.docs.find((credit) => credit.creditLine === 'Photo by Aaron Hooper, courtesy of RUSA LGBT.')!
    const { totalDocs } = await ctx.payload.count({ collection: 'media', where: { credit: { equals: hooper.id } }, overrideAccess: true })
    expect(totalDocs).toBe(4)
  })

  it('creates the agencies of the credits as news agencies, none of them a near-duplicate of another', async () => {
    const { docs } = await ctx.payload.find({
      collection: 'organizations',
      where: { kind: { equals: 'news-agency' } },
      pagination: false,
      overrideAccess: true,
    })
    expect(docs.map((organization) => organization.name).sort()).toEqual(
      ['AFP', 'AP', 'Getty Images', 'Kremlin Pool', 'Pacific Press', 'Sipa', 'Sputnik'],
    )
    const all = await ctx.payload.find({ collection: 'organizations', pagination: false, overrideAccess: true })
    expect(findNearDuplicateNames(all.docs.map((organization) => organization.name))).toEqual([])
  })

  it('places upload nodes with the per-use caption and a calls-to-action block in the body', async () => {
    const story = await ctx.payload.find({
      collection: 'articles',
      where: { title: { like: 'Trump' } },
      draft: true,
      depth: 0,
      overrideAccess: true,
    })
    const article = story.docs[0]
    const children = (article.body as unknown as { root: { children: { type: string }[] } }).root.children
    const uploads = children.filter((node): node is UploadNode => node.type === 'upload')
    expect(uploads).toHaveLength(4)
    expect(uploads[0].fields.caption).toBe('A rally in Paris was held in support of gay and bisexual Chechen men on April 20, 2017.')
    // After the two opening paragraphs, where the caption line was.
    expect(children.indexOf(uploads[0])).toBe(2)
    const block = children.find((node): node is BlockNode => node.type === 'block')!
    expect(block.fields.blockType).toBe('callsToActionList')
    expect(block.fields.heading).toBe('This is what you can do this very moment to help gay and bi men in Chechnya at risk of arrest and abuse')
    expect(block.fields.callsToAction).toHaveLength(5)
    expect(article.images).toHaveLength(4)
    expect((article.callsToAction as number[]).sort()).toEqual([...block.fields.callsToAction].sort())
  })

  it('links the organizations and calls to action, one record per action and organization across stories', async () => {
    expect(first.summary.callsToAction.created).toBe(13)
    const petitions = await ctx.payload.find({
      collection: 'calls-to-action',
      where: { kind: { equals: 'petition' } },
      depth: 1,
      pagination: false,
      overrideAccess: true,
    })
    const outright = petitions.docs.find((cta) => cta.title === 'Sign OutRight Action International’s petition')!
    expect(outright.organization).toMatchObject({ name: 'OutRight Action International', kind: 'advocacy' })
    const listing = await ctx.payload.count({ collection: 'articles', where: { callsToAction: { in: [outright.id] } }, overrideAccess: true })
    expect(listing.totalDocs).toBe(2)

    const network = await ctx.payload.find({ collection: 'organizations', where: { name: { equals: 'Russian LGBT Network' } }, overrideAccess: true })
    const stories = await ctx.payload.count({ collection: 'articles', where: { organizations: { in: [network.docs[0].id] } }, overrideAccess: true })
    expect(stories.totalDocs).toBe(4)
  })

  it('warns about the missing headlines and the near-duplicate photographer names', () => {
    const warnings = first.outcomes.flatMap((outcome) => outcome.warnings)
    expect(warnings.filter((warning) => warning.includes('needs a headline'))).toHaveLength(3)
    expect(warnings.filter((warning) => warning.startsWith('Photo credits name'))).toEqual([
      expect.stringContaining('“Geoffrey Van Der Hasselt” and “Geoffroy Van Der Hasselt”'),
    ])
    expect(first.summary.warnings).toBe(4)
  })

  it('changes nothing when the same files are imported again', async () => {
    const before = await snapshot()
    const second = await importSeed()
    expect(second.summary.stories).toEqual({ created: 0, unchanged: 4, failed: 0 })
    expect(second.summary.images.created + second.summary.credits.created + second.summary.organizations.created).toBe(0)
    expect(second.summary.callsToAction.created).toBe(0)
    expect(await snapshot()).toEqual(before)
  })

  it('reports an unreadable file as failed and goes on with the others', async () => {
    const outcomes: StoryOutcome[] = []
    const summary = await importStories({
      payload: ctx.payload,
      sources: fileSources([path.join(SEED_STORIES, 'no-such-story.txt'), path.join(SEED_STORIES, '01-zelimkhan-bakaev.txt')]),
      directory,
      onStory: (outcome) => outcomes.push(outcome),
    })
    expect(summary.stories).toEqual({ created: 0, unchanged: 1, failed: 1 })
    expect(summary.unreadable).toBe(1)
    expect(outcomes[0].error).toMatch(/^Could not read the file/)
  })
})

describe('bulk import', () => {
  const generated = (count: number): StorySource[] =>
    Array.from(generateStories({ count, photoPoolSize: 10 }), ({ index, text }) => ({
      name: `generated-${index}.txt`,
      read: async () => text,
    }))

  it('imports 50 generated stories sharing 10 photos in batches, and a re-run creates nothing', async () => {
    const mediaBefore = await ctx.payload.count({ collection: 'media', overrideAccess: true })
    const reported: StoryOutcome[] = []
    const summary = await importStories({
      payload: ctx.payload,
      sources: generated(50),
      directory,
      batchSize: 20,
      onStory: (outcome) => reported.push(outcome),
    })
    expect(summary.stories).toEqual({ created: 50, unchanged: 0, failed: 0 })
    const mediaAfter = await ctx.payload.count({ collection: 'media', overrideAccess: true })
    expect(mediaAfter.totalDocs - mediaBefore.totalDocs).toBe(summary.images.created)
    expect(summary.images.created).toBeLessThanOrEqual(10)
    expect(summary.images.created + summary.images.reused).toBe(150)

    // Every story reported imported is in the database.
    const ids = reported.map((outcome) => outcome.id!)
    const found = await ctx.payload.count({ collection: 'articles', where: { id: { in: ids } }, overrideAccess: true })
    expect(found.totalDocs).toBe(50)

    const again = await importStories({ payload: ctx.payload, sources: generated(50), directory, batchSize: 20 })
    expect(again.stories).toEqual({ created: 0, unchanged: 50, failed: 0 })
    expect(again.images.created).toBe(0)
  })

  it('an import process skips the version trim, which cannot find anything for a new story', async () => {
    // Payload's trim asks for a story's 101st newest version: a select on the versions table with an offset.
    const trimQueries = async (label: string) => {
      const sql: string[] = []
      // The adapter's own pg (a nested copy): its pool's client class.
      const { Client } = (ctx.payload.db as unknown as { pool: { Client: typeof pg.Client } }).pool
      const originalQuery = Client.prototype.query
      Client.prototype.query = function recorded(this: pg.Client, ...args: unknown[]) {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text
        if (text) sql.push(text)
        return (originalQuery as (...a: unknown[]) => unknown).apply(this, args)
      } as typeof originalQuery
      try {
        const sources = Array.from(generateStories({ count: 3, photoPoolSize: 3 }), ({ text }, n) => ({
          name: `${label}-${n}.txt`,
          read: async () => text.replace('Generated story', `${label} story`),
        }))
        const summary = await importStories({ payload: ctx.payload, sources, directory })
        expect(summary.stories.created).toBe(3)
      } finally {
        Client.prototype.query = originalQuery
      }
      return sql.filter((text) => /from "_articles_v"/.test(text) && /\boffset\b/i.test(text)).length
    }
    const versions = ctx.payload.collections.articles.config.versions!
    const configured = versions.maxPerDoc
    try {
      expect(await trimQueries('Trimmed')).toBe(3)
      skipVersionTrimForNewStories(ctx.payload)
      expect(await trimQueries('Untrimmed')).toBe(0)
    } finally {
      versions.maxPerDoc = configured
    }
  })

  it('imports batches side by side: a text repeated in a later batch is one story, equal titles get distinct slugs', async () => {
    const texts = Array.from(generateStories({ count: 24, photoPoolSize: 6 }), ({ text }) => text.replace('Generated story', 'Side by side story'))
    const sameTitle = (n: number) => `Title: One headline for two stories\n\nParagraph ${n} of a story under a shared headline.\n`
    const sources: StorySource[] = texts.map((text, n) => ({ name: `side-${n}.txt`, read: async () => text }))
    // Batches of 4, four at a time: the first batch is still in flight when the second, with the repeat, starts.
    sources.splice(3, 0, { name: 'same-title-a.txt', read: async () => sameTitle(1) })
    sources.splice(5, 0, { name: 'side-repeat.txt', read: async () => texts[0] }, { name: 'same-title-b.txt', read: async () => sameTitle(2) })
    const reported: StoryOutcome[] = []
    const summary = await importStories({ payload: ctx.payload, sources, directory, batchSize: 4, concurrency: 4, onStory: (outcome) => reported.push(outcome) })

    expect(summary.stories).toEqual({ created: 26, unchanged: 1, failed: 0 })
    const byName = new Map(reported.map((outcome) => [outcome.name, outcome]))
    expect(byName.get('side-repeat.txt')).toMatchObject({ status: 'unchanged', id: byName.get('side-0.txt')!.id })
    const { docs: sameTitled } = await ctx.payload.find({
      collection: 'articles',
      where: { title: { equals: 'One headline for two stories' } },
      overrideAccess: true,
      depth: 0,
    })
    expect(sameTitled).toHaveLength(2)
    expect(new Set(sameTitled.map((doc) => doc.slug)).size).toBe(2)
    expect(sameTitled.map((doc) => doc.slug)).toContain('one-headline-for-two-stories')

    // Each reported story exists once, and the photos were created once each however many batches used them.
    const ids = reported.map((outcome) => outcome.id!)
    expect((await ctx.payload.count({ collection: 'articles', where: { id: { in: ids } }, overrideAccess: true })).totalDocs).toBe(26)
    expect(summary.images.created).toBeLessThanOrEqual(6)
    expect(summary.images.created + summary.images.reused).toBe(24 * 3)
    const again = await importStories({ payload: ctx.payload, sources, directory, batchSize: 4, concurrency: 4 })
    expect(again.stories).toEqual({ created: 0, unchanged: 27, failed: 0 })
  })
})
