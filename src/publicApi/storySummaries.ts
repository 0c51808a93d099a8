// The list of published stories as a front page asks for it (`limit`, `page`, `sort`, `depth=0`), read with one
// SQL statement instead of Payload's find (query building, a separate count, afterRead over every field). It
// answers exactly what Payload's own list answers for an anonymous caller (tests compare the two); any other
// query is left to Payload.
import type { Payload } from 'payload'

import { databasePool } from '../db/closePayload'
import { PUBLICLY_VISIBLE } from './publicStoriesIndex'
import { READ_PUBLIC_STORY_COUNT } from './publicStoryCount'

export const SUMMARY_FIELDS = ['title', 'slug', 'dek', 'heroImage', 'heroCaption', 'publishedAt', 'updatedAt'] as const

type Id = number | string

export type StorySummary = {
  id: Id
  title: string
  slug: string | null
  dek: string | null
  heroImage: Id | null
  heroCaption: string | null
  publishedAt: string | null
  updatedAt: string
}

export type SummaryPage = {
  docs: StorySummary[]
  totalDocs: number
  limit: number
  totalPages: number
  page: number
  pagingCounter: number
  hasPrevPage: boolean
  hasNextPage: boolean
  prevPage: number | null
  nextPage: number | null
}

export type SummaryListPlan = { limit: number; page: number; orderBy: string }

/** Sortable summary fields and their columns; Payload's defaults when the query names none. */
const SORT_COLUMNS: Record<string, string> = { updatedAt: 'updated_at', publishedAt: 'published_at', createdAt: 'created_at', title: 'title' }
const DEFAULT_LIMIT = 10
const DEFAULT_SORT = '-createdAt'
const MAX_LIMIT = 100
const ANSWERED_PARAMETERS = new Set(['limit', 'page', 'sort', 'depth'])
const NATURAL = /^\d+$/

/**
 * How the SQL list answers this query, or null when Payload must (a `where`, a relationship to populate, a sort
 * on another field, anything unusual). Sorting follows Payload's drizzle adapter: the requested column, then
 * `created_at desc` as the tie-break unless the sort is on `createdAt` already.
 */
export function summaryListPlan(params: URLSearchParams): SummaryListPlan | null {
  for (const name of new Set(params.keys())) {
    if (!ANSWERED_PARAMETERS.has(name) || params.getAll(name).length > 1) return null
  }
  if (params.get('depth') !== '0') return null
  const limit = params.get('limit') ?? String(DEFAULT_LIMIT)
  const page = params.get('page') ?? '1'
  if (!NATURAL.test(limit) || !NATURAL.test(page) || Number(limit) < 1 || Number(limit) > MAX_LIMIT || Number(page) < 1) return null
  const match = /^(-?)(\w+)$/.exec(params.get('sort') ?? DEFAULT_SORT)
  const column = match && SORT_COLUMNS[match[2]]
  if (!match || !column) return null
  const orderBy = [`${column} ${match[1] ? 'desc' : 'asc'}`, ...(column === 'created_at' ? [] : ['created_at desc'])].join(', ')
  return { limit: Number(limit), page: Number(page), orderBy }
}

/** Payload's pagination fields for a page of `docs` out of `totalDocs` (as its drizzle adapter computes them). */
export function paginate({ docs, totalDocs, limit, page }: { docs: StorySummary[]; totalDocs: number; limit: number; page: number }): SummaryPage {
  if (!totalDocs) {
    return { docs, totalDocs: 0, limit, totalPages: 1, page, pagingCounter: 1, hasPrevPage: false, hasNextPage: false, prevPage: null, nextPage: null }
  }
  const totalPages = Math.ceil(totalDocs / limit)
  const hasPrevPage = page > 1
  const hasNextPage = totalPages > page
  return {
    docs,
    totalDocs,
    limit,
    totalPages,
    page,
    pagingCounter: (page - 1) * limit + 1,
    hasPrevPage,
    hasNextPage,
    prevPage: hasPrevPage ? page - 1 : null,
    nextPage: hasNextPage ? page + 1 : null,
  }
}

type SummaryRow = {
  id: Id
  title: string
  slug: string | null
  dek: string | null
  hero_image_id: Id | null
  hero_caption: string | null
  published_at: Date | null
  updated_at: Date
  total_docs: number
}

const toSummary = (row: SummaryRow): StorySummary => ({
  id: row.id,
  title: row.title,
  slug: row.slug,
  dek: row.dek,
  heroImage: row.hero_image_id,
  heroCaption: row.hero_caption,
  publishedAt: row.published_at?.toISOString() ?? null,
  updatedAt: row.updated_at.toISOString(),
})


/**
 * One page of published summaries with the total, in one statement: the total is the kept count
 * (src/publicApi/publicStoryCount.ts), read in the same snapshot as the page, so the two always agree.
 */
export async function findPublishedSummaries(payload: Payload, { limit, page, orderBy }: SummaryListPlan): Promise<SummaryPage> {
  const pool = databasePool(payload)
  const { rows } = await pool.query<SummaryRow>(
    `select id, title, slug, dek, hero_image_id, hero_caption, published_at, updated_at, ${READ_PUBLIC_STORY_COUNT} as total_docs
     from articles where ${PUBLICLY_VISIBLE} order by ${orderBy} limit $1 offset $2`,
    [limit, (page - 1) * limit],
  )
  // A page past the end has no row to carry the total.
  const totalDocs = rows.length ? rows[0].total_docs : (await pool.query<{ n: number }>(`select ${READ_PUBLIC_STORY_COUNT} as n`)).rows[0].n
  return paginate({ docs: rows.map(toSummary), totalDocs, limit, page })
}
