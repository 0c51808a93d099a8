// A save of a story reads its row and its latest version once before the write (locking the row), shared by
// every hook that needs them, and the live row once after the write. Counted in the SQL statements themselves:
// our hooks' statements name tables bare (`from articles`), Payload's own are drizzle's, quoted (`from "articles"`),
// and are not ours to change.
import { createLocalReq, type Payload } from 'payload'
import type pg from 'pg'

import { storyBody, uploadNode } from '../../src/lexical/lexicalBuilders'
import { createCredit, createMedia } from '../helpers/content'
import { approveStory, deskEditor, publishStory } from '../helpers/stories'
import { startTestPayload, type TestContext } from '../helpers/testPayload'

let ctx: TestContext
let payload: Payload

beforeAll(async () => {
  ctx = await startTestPayload()
  payload = ctx.payload
})

afterAll(async () => {
  await ctx?.close()
})

const textOf = (query: unknown): string =>
  typeof query === 'string' ? query : query && typeof query === 'object' && 'text' in query ? String((query as { text: unknown }).text) : ''

/** Runs `save` and returns the text of every SQL statement it sent, in order. */
async function statementsOf(save: () => Promise<unknown>): Promise<string[]> {
  // The adapter's own pg (a nested copy of the package): its pool's client class runs every statement.
  const { Client } = (payload.db as unknown as { pool: { Client: typeof pg.Client } }).pool
  const originalQuery = Client.prototype.query
  const statements: string[] = []
  Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    statements.push(textOf(args[0]))
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof originalQuery
  try {
    await save()
  } finally {
    Client.prototype.query = originalQuery
  }
  return statements
}

/** A statement of ours that reads story `id`'s row: by its id, or its references joined to it. */
const readsStoryRow = (statement: string, id: number) =>
  /\b(from|join) articles\b/.test(statement) && new RegExp(`\\b(a\\.id|where id|parent_id) = ${id}\\b`).test(statement)
const readsLatestVersion = (statement: string, id: number) => /\bfrom _articles_v\b/.test(statement) && new RegExp(`\\b(a\\.id|parent_id) = ${id}\\b`).test(statement)
/** Payload's write of the story: the live row, or a new version beside it. */
const isStoryWrite = (statement: string) => /^\s*(update "articles"|insert into "_articles_v")/i.test(statement)

function readsAround(statements: string[], id: number) {
  const write = statements.findIndex(isStoryWrite)
  expect(write).toBeGreaterThan(0)
  const before = statements.slice(0, write)
  const after = statements.slice(write)
  return {
    rowReadsBefore: before.filter((statement) => readsStoryRow(statement, id)),
    versionReadsBefore: before.filter((statement) => readsLatestVersion(statement, id)),
    rowReadsAfter: after.filter((statement) => readsStoryRow(statement, id)),
    versionReadsAfter: after.filter((statement) => readsLatestVersion(statement, id)),
  }
}

async function creditedImage() {
  const credit = await createCredit(payload, { photographer: 'Counted Photographer' })
  return createMedia(payload, { credit: credit.id, alt: 'A counted photograph' })
}

async function liveStory() {
  const image = await creditedImage()
  const story = await payload.create({
    collection: 'articles',
    data: { title: `Counted ${Math.random()}`, heroImage: image.id, body: storyBody(uploadNode(image.id)) as never },
  })
  await publishStory(payload, story.id)
  return story
}

function expectOneReadEach(statements: string[], id: number) {
  const reads = readsAround(statements, id)
  expect(reads.rowReadsBefore).toHaveLength(1)
  expect(reads.rowReadsBefore[0]).toMatch(/for update/)
  expect(reads.versionReadsBefore).toEqual(reads.rowReadsBefore)
  // After the write, the live row once more (what readers now see), shared by visibility and change announcements.
  expect(reads.rowReadsAfter.length).toBeLessThanOrEqual(1)
  expect(reads.versionReadsAfter).toHaveLength(0)
}

describe('reads of the story per save', () => {
  it('reads the row (locked) and the latest version once before an editor’s live correction, and the row once after', async () => {
    const story = await liveStory()
    const editor = await deskEditor(payload)
    const statements = await statementsOf(() =>
      payload.update({ collection: 'articles', id: story.id, data: { dek: 'A corrected standfirst.', _status: 'published' }, user: editor, overrideAccess: false }),
    )
    expectOneReadEach(statements, story.id)
  })

  it('reads them once for a draft saved beside a live story', async () => {
    const story = await liveStory()
    const editor = await deskEditor(payload)
    const statements = await statementsOf(() =>
      payload.update({ collection: 'articles', id: story.id, draft: true, data: { dek: 'A draft standfirst.' }, user: editor, overrideAccess: false }),
    )
    expectOneReadEach(statements, story.id)
  })

  it('reads them once when an approved story is published', async () => {
    const image = await creditedImage()
    const story = await payload.create({ collection: 'articles', data: { title: `Approved ${Math.random()}`, heroImage: image.id } })
    await approveStory(payload, story.id)
    const editor = await deskEditor(payload)
    const statements = await statementsOf(() =>
      payload.update({ collection: 'articles', id: story.id, data: { _status: 'published' }, user: editor, overrideAccess: false }),
    )
    expectOneReadEach(statements, story.id)
    expect((await payload.findByID({ collection: 'articles', id: story.id })).stage).toBe('published')
  })

  it('reads each story once, locked, in a bulk update of several live stories', async () => {
    const stories = [await liveStory(), await liveStory()]
    const editor = await deskEditor(payload)
    const statements = await statementsOf(() =>
      payload.update({
        collection: 'articles',
        where: { id: { in: stories.map((story) => story.id) } },
        draft: true,
        data: { dek: 'One standfirst for both drafts.' },
        user: editor,
        overrideAccess: false,
      }),
    )
    for (const story of stories) {
      const locked = statements.filter((statement) => readsStoryRow(statement, story.id) && /for update/.test(statement))
      expect({ story: story.id, lockedReads: locked.length }).toEqual({ story: story.id, lockedReads: 1 })
      expect(statements.filter((statement) => readsLatestVersion(statement, story.id))).toEqual(locked)
    }
  })

  it('reads the story anew for each of two saves in one request: publishing then unpublishing hides its photo and tells the webhooks both', async () => {
    const webhook = await payload.create({
      collection: 'webhooks',
      data: { url: 'https://hooks.example.com/revalidate', secret: 'a-long-shared-secret-for-signing', events: ['article.published', 'article.unpublished'], active: true },
      overrideAccess: true,
    })
    try {
      const image = await creditedImage()
      const story = await payload.create({ collection: 'articles', data: { title: `Twice ${Math.random()}`, heroImage: image.id, body: storyBody(uploadNode(image.id)) as never } })
      await approveStory(payload, story.id)
      const editor = await deskEditor(payload)
      const req = await createLocalReq({ user: editor }, payload)
      await payload.update({ collection: 'articles', id: story.id, data: { _status: 'published' }, user: editor, overrideAccess: false, req })
      expect((await payload.findByID({ collection: 'media', id: image.id, depth: 0 })).isPublic).toBe(true)
      await payload.update({ collection: 'articles', id: story.id, data: { _status: 'draft' }, user: editor, overrideAccess: false, req })
      expect((await payload.findByID({ collection: 'articles', id: story.id })).stage).toBe('approved')
      expect((await payload.findByID({ collection: 'media', id: image.id, depth: 0 })).isPublic).toBe(false)
      const deliveries = await payload.find({ collection: 'webhook-deliveries', where: { articleId: { equals: story.id } }, sort: 'createdAt', depth: 0, overrideAccess: true })
      expect(deliveries.docs.map((delivery) => delivery.event)).toEqual(['article.published', 'article.unpublished'])
    } finally {
      await payload.delete({ collection: 'webhooks', id: webhook.id, overrideAccess: true })
    }
  })

  it('reads nothing of the story before creating it', async () => {
    const statements = await statementsOf(() => payload.create({ collection: 'articles', data: { title: `New ${Math.random()}` } }))
    const write = statements.findIndex((statement) => /^\s*insert into "articles"/i.test(statement))
    expect(write).toBeGreaterThan(0)
    expect(statements.slice(0, write).filter((statement) => /\b(from|join) _?articles(_v)?\b/.test(statement))).toEqual([])
  })
})
