// The sitemap of every published story, however large the archive: the protocol allows at most 50,000 URLs in one
// file (https://www.sitemaps.org/protocol.html), so beyond that `/sitemap.xml` is an index of numbered files.
// Read in SQL from the public stories index (src/publicApi/publicStoriesIndex.ts): no Payload document per URL.
import type { Payload } from 'payload'

import { databasePool } from '../db/closePayload'
import { PUBLICLY_VISIBLE } from './publicStoriesIndex'
import { READ_PUBLIC_STORY_COUNT } from './publicStoryCount'

/** The protocol's limit of URLs in one sitemap file. */
export const URLS_PER_SITEMAP = 50_000

/** The path of the n-th file (from 1) of a sitemap index. */
export const sitemapFilePath = (n: number) => `/sitemaps/stories-${n}.xml`

/** The file number a request names, or null: `stories-<n>.xml`, n a whole number from 1 without leading zeros. */
export function sitemapFileNumber(fileName: string): number | null {
  const match = /^stories-([1-9]\d{0,8})\.xml$/.exec(fileName)
  return match ? Number(match[1]) : null
}

/** How many sitemap files the public stories need: 1 when they fit one file (then `/sitemap.xml` lists them). */
export const sitemapFileCount = (publicStories: number, perFile = URLS_PER_SITEMAP) => Math.max(1, Math.ceil(publicStories / perFile))

/** The kept count (src/publicApi/publicStoryCount.ts): one row, however large the archive. */
export async function countPublicStories(payload: Payload): Promise<number> {
  const { rows } = await databasePool(payload).query<{ n: number }>(`select ${READ_PUBLIC_STORY_COUNT} as n`)
  return rows[0].n
}

/** The stories of sitemap file `n`, in id order (a story keeps its file as newer ones are published). */
export async function sitemapStories(payload: Payload, n: number, perFile = URLS_PER_SITEMAP): Promise<{ id: number; slug: string | null; updatedAt: string }[]> {
  const { rows } = await databasePool(payload).query<{ id: number; slug: string | null; updated_at: Date }>(
    `select id, slug, updated_at from articles where ${PUBLICLY_VISIBLE} order by id limit $1 offset $2`,
    [perFile, (n - 1) * perFile],
  )
  return rows.map((row) => ({ id: row.id, slug: row.slug, updatedAt: row.updated_at.toISOString() }))
}
