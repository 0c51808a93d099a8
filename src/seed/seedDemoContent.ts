// The demo a new user sees: three accounts, the seed stories imported and published, and the book
// pre-order as the site-wide promotion. Only ever on an empty database, and never in production.
import fs from 'node:fs'
import path from 'node:path'
import type { Payload } from 'payload'

import type { Role } from '../access/roles'
import type { DemoSettings } from '../env'
import { importStories, type ImportSummary } from '../import/importStories'
import { expandStoryPaths, fileSources, loadAltText, loadHeadlines, loadOrganizationDirectory } from '../import/storySources'
import type { User } from '../payload-types'
import { projectFolder } from '../projectFolder'
import { publishDemoStory } from './publishDemoStory'

export const SEED_DIR = path.join(projectFolder, 'content/seed/')

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
  // The admin first: the first account of a newsroom becomes its admin anyway.
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' },
  { email: 'editor@example.com', name: 'Eddie Editor', role: 'editor' },
  { email: 'writer@example.com', name: 'Wren Writer', role: 'writer' },
]

export type SeedResult =
  | { isSeeded: false; reason: string }
  | { isSeeded: true; password: string; accounts: string[]; stories: number[]; summary: ImportSummary }

/** No accounts, no stories, no media: a database nobody has used yet. */
export async function isDatabaseEmpty(payload: Payload): Promise<boolean> {
  const counts = await Promise.all([
    payload.count({ collection: 'users', overrideAccess: true }),
    payload.count({ collection: 'articles', overrideAccess: true, trash: true }),
    payload.count({ collection: 'media', overrideAccess: true }),
  ])
  return counts.every(({ totalDocs }) => totalDocs === 0)
}

export async function seedDemoContent(
  payload: Payload,
  // The settings come from the caller (settings.demo): importing env.ts here would read the environment before a
  // test has set its own.
  { demo, log = () => {} }: { demo: DemoSettings; log?: (message: string) => void },
): Promise<SeedResult> {
  if (!demo.isAllowed) return { isSeeded: false, reason: 'Demo content is never seeded in production.' }
  if (!(await isDatabaseEmpty(payload))) {
    return { isSeeded: false, reason: 'The database already has content, so no demo content was added.' }
  }

  const { password } = demo
  const users = {} as Record<Role, User>
  for (const account of DEMO_ACCOUNTS) {
    users[account.role] = await payload.create({ collection: 'users', data: { ...account, password }, overrideAccess: true })
  }

  const storyPaths = expandStoryPaths([`${SEED_DIR}stories`])
  const created: number[] = []
  const summary = await importStories({
    payload,
    sources: fileSources(storyPaths),
    directory: loadOrganizationDirectory(),
    altText: loadAltText({ storyPaths, explicitFile: `${SEED_DIR}alt-text.json` }),
    headlines: loadHeadlines({ storyPaths, explicitFile: `${SEED_DIR}headlines.json` }),
    authorIds: [users.writer.id],
    onStory: (outcome) => {
      if (outcome.status === 'created' && outcome.id !== undefined) created.push(outcome.id)
      if (outcome.status === 'failed') log(`Demo story ${outcome.name} was not imported: ${outcome.error}`)
    },
  })

  const promotion = JSON.parse(fs.readFileSync(`${SEED_DIR}promotion.json`, 'utf8')) as {
    title: string
    kind: 'pre-order'
    instructions: string
  }
  const callToAction = await payload.create({
    collection: 'calls-to-action',
    data: { ...promotion, status: 'active' },
    user: users.editor,
    overrideAccess: false,
  })
  await payload.updateGlobal({ slug: 'site-settings', data: { promotion: callToAction.id }, user: users.editor, overrideAccess: false })

  for (const articleId of created) {
    await publishDemoStory({ payload, articleId, writer: users.writer, editor: users.editor })
  }

  log(`Demo content: ${created.length} stories published, ${summary.images.created} photos.`)
  return { isSeeded: true, password, accounts: DEMO_ACCOUNTS.map(({ email }) => email), stories: created, summary }
}
