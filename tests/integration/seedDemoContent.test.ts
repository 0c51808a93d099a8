import fs from 'node:fs'
import path from 'node:path'

import type { DemoSettings } from '../../src/env'
import { findNearDuplicateNames } from '../../src/import/captionParser'
import { SEED_DIR, seedDemoContent } from '../../src/seed/seedDemoContent'
import { capturedEmails } from '../../src/server/emailAdapter'
import { testPayloadOfThisFile } from '../helpers/testPayload'

// Literal settings, not env.ts: importing it before startTestPayload would read MEDIA_DIR before it is set.
const inDevelopment: DemoSettings = { isAllowed: true, isSeededOnStart: true, password: 'demo-password' }
const inProduction: DemoSettings = { isAllowed: false, isSeededOnStart: false, password: 'demo-password' }

const ctx = testPayloadOfThisFile({ withBootstrapAdmin: false })

describe('seedDemoContent', () => {
  it('never seeds in production', async () => {
    const result = await seedDemoContent(ctx.payload, { demo: inProduction })
    expect(result).toEqual({ isSeeded: false, reason: 'Demo content is never seeded in production.' })
    expect((await ctx.payload.count({ collection: 'users' })).totalDocs).toBe(0)
  })

  it('fills an empty database with the demo accounts, the four seed stories published, and the pre-order promotion', async () => {
    capturedEmails().length = 0
    const result = await seedDemoContent(ctx.payload, { demo: { ...inDevelopment, password: 'a-demo-secret' } })
    expect(result.isSeeded).toBe(true)

    const moves = await ctx.payload.find({ collection: 'article-transitions', pagination: false, depth: 1 })
    const steps = moves.docs.map((move) => `${move.from}→${move.to} by ${typeof move.by === 'object' ? move.by?.email : move.by}`)
    expect(steps.filter((step) => step === 'draft→in-review by writer@example.com')).toHaveLength(4)
    expect(steps.filter((step) => step === 'in-review→approved by editor@example.com')).toHaveLength(4)
    expect(steps.filter((step) => step === 'approved→published by editor@example.com')).toHaveLength(4)
    // The demo's moves email nobody: without SMTP, each email was an "Email attempted" line on the first start.
    expect(capturedEmails()).toEqual([])

    const users = await ctx.payload.find({ collection: 'users', overrideAccess: true, sort: 'email' })
    expect(users.docs.map(({ email, role }) => [email, role])).toEqual([
      ['admin@example.com', 'admin'],
      ['editor@example.com', 'editor'],
      ['writer@example.com', 'writer'],
    ])
    const login = await ctx.payload.login({ collection: 'users', data: { email: 'writer@example.com', password: 'a-demo-secret' } })
    expect(login.user?.email).toBe('writer@example.com')

    // What an anonymous reader sees: the four stories, published, by the writer.
    const published = await ctx.payload.find({ collection: 'articles', overrideAccess: false, depth: 0 })
    expect(published.totalDocs).toBe(4)
    const writer = users.docs.find((user) => user.role === 'writer')!
    expect(published.docs.every((story) => story._status === 'published' && story.authors?.includes(writer.id))).toBe(true)
    expect(published.docs.every((story) => story.publishedAt)).toBe(true)

    const media = await ctx.payload.find({ collection: 'media', pagination: false, overrideAccess: true })
    expect(media.totalDocs).toBe(18)
    expect(media.docs.every((photo) => photo.credit && photo.alt?.trim())).toBe(true)

    const settings = await ctx.payload.findGlobal({ slug: 'site-settings', depth: 1 })
    expect(settings.promotion).toMatchObject({ kind: 'pre-order', title: 'Pre-order our first book' })
  })

  it('gives every seeded story a real headline and dek: those of content/seed/headlines.json, or the file’s own', async () => {
    const headlines = JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'headlines.json'), 'utf8')) as Record<string, { title: string; dek: string } | string>
    const written = Object.values(headlines).filter((entry) => typeof entry === 'object')
    expect(written).toHaveLength(3)
    const stories = await ctx.payload.find({ collection: 'articles', overrideAccess: true, depth: 0, sort: 'id', pagination: false })
    expect(stories.docs.map(({ title, dek }) => ({ title, dek }))).toEqual([
      ...written,
      {
        title: "Trump's been silent; Putin's shrugged it off. But you should care about Chechnya.",
        dek: "Chechnya wants to 'eliminate' its gay population by the end of May. We can't sit back and watch.",
      },
    ])
  })

  it('credits the seed photos to AFP and Getty Images, with no near-duplicate spelling of an organization', async () => {
    const organizations = await ctx.payload.find({ collection: 'organizations', overrideAccess: true, pagination: false })
    const names = organizations.docs.map((organization) => organization.name)
    expect(names).toEqual(expect.arrayContaining(['AFP', 'Getty Images']))
    expect(findNearDuplicateNames(names)).toEqual([])
  })

  it('leaves a database with content alone', async () => {
    const result = await seedDemoContent(ctx.payload, { demo: inDevelopment })
    expect(result).toEqual({ isSeeded: false, reason: 'The database already has content, so no demo content was added.' })
    expect((await ctx.payload.count({ collection: 'users' })).totalDocs).toBe(3)
  })
})
