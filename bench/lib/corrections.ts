// The newsroom side of the publish → fresh scenarios (bench/publishFresh.ts, bench/edgeFresh.ts): the editor of the
// bench's setup signed in, the live story they correct, the correction itself, and the addresses readers poll.
import type { BenchPostgres } from './postgres'
import { signInAsEditor } from './smallNewsroom'

/** The four reader addresses of a live story: the story by slug, the front page's list and both feeds. */
export function readerAddresses(base: string, slug: string): Record<string, string> {
  return {
    story: `${base}/api/articles/by-slug/${encodeURIComponent(slug)}`,
    list: `${base}/api/articles/summaries?limit=25&sort=-updatedAt&depth=0`,
    rss: `${base}/api/feeds/rss.xml`,
    jsonFeed: `${base}/api/feeds/feed.json`,
  }
}

/** The bench setup's editor signed in at `base`, with the headers a JSON write sends. */
export async function signedInEditor(base: string): Promise<Record<string, string>> {
  return { ...(await signInAsEditor({ url: base })), 'content-type': 'application/json' }
}

/** The newest story of the JSON feed read at `base`: it is in both feeds and (once corrected, newest updated) first in the list. */
export async function newestStoryOfTheFeed(base: string, postgres: Pick<BenchPostgres, 'query'>, databaseUrl: string): Promise<{ id: number; slug: string }> {
  const feed = (await (await fetch(`${base}/api/feeds/feed.json`)).json()) as { items: { id: string | number; url: string }[] }
  const newestSlug = decodeURIComponent(feed.items[0].url.split('/').pop()!)
  const [story] = await postgres.query<{ id: number; slug: string }>(databaseUrl, 'select id, slug from articles where slug = $1', [newestSlug])
  if (!story) throw new Error(`The feed's newest story (${feed.items[0].url}) is not in the database.`)
  return story
}

/** A correction of a live story through the real endpoints at `base`: a new dek saved as a draft, then published. */
export function correctionsThrough(base: string, staff: Record<string, string>, storyId: number) {
  return {
    saveDraft: async (marker: string) => {
      const save = await fetch(`${base}/api/articles/${storyId}?draft=true`, { method: 'PATCH', headers: staff, body: JSON.stringify({ dek: marker }) })
      if (save.status !== 200) throw new Error(`Saving the draft answered ${save.status}: ${(await save.text()).slice(0, 400)}`)
    },
    publish: async () => {
      const published = await fetch(`${base}/api/articles/${storyId}/publish-correction`, { method: 'POST', headers: staff, body: JSON.stringify({ note: 'Benchmark correction.' }) })
      if (published.status !== 200) throw new Error(`Publishing the correction answered ${published.status}: ${(await published.text()).slice(0, 400)}`)
    },
  }
}

/** When the transaction that last wrote the story's row committed (epoch ms): needs track_commit_timestamp=on. */
export async function commitTimeOfStory(postgres: Pick<BenchPostgres, 'query'>, databaseUrl: string, id: number): Promise<number> {
  const [row] = await postgres.query<{ committed: number | null }>(
    databaseUrl,
    'select extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000 as committed from articles where id = $1',
    [id],
  )
  if (row?.committed == null) throw new Error(`Story ${id} has no commit timestamp: the database needs track_commit_timestamp=on.`)
  return Number(row.committed)
}
