// A small newsroom for the round-two scenarios that need live stories, accounts and photos (bench/setup.ts imports
// and publishes them): 20 stories of 10 images (or `storyCount`), the probes of 1, 10 and 50 images, and two 10-image gate stories.
import path from 'node:path'

import { DEMO_ACCOUNTS } from '../../src/seed/seedDemoContent'
import type { BenchServer, ScenarioContext } from './scenarios'
import { benchStory, writeStories } from './stories'

const PHOTO_POOL = 100

/** The password bench/setup.ts gives every demo account. */
export const BENCH_PASSWORD = 'bench-password'

export function freshStoryFolders(work: string, storyCount = 20) {
  const story = (index: number, images: number, title?: string) => benchStory({ index, images, photoPoolSize: PHOTO_POOL, title })
  return {
    stories: writeStories(path.join(work, `stories-small-${storyCount}`), Array.from({ length: storyCount }, (_, index) => ({ name: `bench-${index + 1}.txt`, text: story(index, 10) }))),
    probes: writeStories(path.join(work, 'stories-small-probes'), [1, 10, 50].map((images, n) => ({ name: `probe-${images}.txt`, text: story(90_000 + n, images, `Probe story with ${images} images`) }))),
    gate: writeStories(path.join(work, 'stories-small-gate'), [10, 10].map((images, n) => ({ name: `gate-${n + 1}.txt`, text: story(95_000 + n, images, `Gate story ${n + 1} with ${images} images`) }))),
  }
}

/** Signs the demo editor in on `server` through the REST login; the header that sends the editor's requests. */
export async function signInAsEditor(server: Pick<BenchServer, 'url'>): Promise<{ authorization: string }> {
  const editor = DEMO_ACCOUNTS.find((account) => account.role === 'editor')!
  const response = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: editor.email, password: BENCH_PASSWORD }),
  })
  const { token } = (await response.json()) as { token?: string }
  if (!token) throw new Error(`The editor could not sign in (${response.status}).`)
  return { authorization: `JWT ${token}` }
}

/** A database of its own named `bench_<name>` holding that small newsroom (bench/setup.ts), analysed; its URL. */
export async function smallNewsroom({ pg, work, runScript }: Pick<ScenarioContext, 'pg' | 'work' | 'runScript'>, name: string, storyCount?: number): Promise<string> {
  const databaseUrl = await pg.createDatabase(`bench_${name}`)
  const folders = freshStoryFolders(work, storyCount)
  await runScript('bench/setup.ts', [`${work}/setup-${name}.json`, folders.stories, folders.probes, folders.gate], databaseUrl, { BENCH_WORKFLOW_SAMPLE: '2' })
  await pg.query(databaseUrl, 'vacuum analyze')
  return databaseUrl
}
