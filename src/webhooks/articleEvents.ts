// Which webhook event (if any) a write to a story is, judged by its live row before and after.

export const ARTICLE_EVENTS = ['article.published', 'article.unpublished', 'article.updated'] as const
export type ArticleEvent = (typeof ARTICLE_EVENTS)[number]

/** The story's live (main table) row: whether readers see it, and a token that changes with every write to it. */
export type LiveState = { isLive: boolean; version: string }

/**
 * A draft saved beside a live story leaves the live row untouched: no event, and nothing public changed.
 * A story that was never live and still is not: no event either.
 */
export function articleEventFor({ before, after }: { before: LiveState | null; after: LiveState | null }): ArticleEvent | null {
  const wasLive = before?.isLive ?? false
  const isLive = after?.isLive ?? false
  if (!wasLive && isLive) return 'article.published'
  if (wasLive && !isLive) return 'article.unpublished'
  if (wasLive && isLive && before?.version !== after?.version) return 'article.updated'
  return null
}
