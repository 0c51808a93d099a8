// What full-text search reads of a story, and how a person's search box text becomes a PostgreSQL tsquery. Pure.

/** PostgreSQL's tsvector holds at most 1 MB; a story's words fit in far less, and the cap keeps one save cheap. */
export const SEARCH_TEXT_MAX_CHARACTERS = 100_000

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** Every `text` of a Lexical body (or any JSON), walked without recursion: a body nested 20,000 levels deep is fine. */
export function wordsOfBody(body: unknown): string[] {
  const texts: string[] = []
  const stack: unknown[] = [body]
  while (stack.length) {
    const node = stack.pop()
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i])
    } else if (isRecord(node)) {
      if (typeof node.text === 'string') texts.push(node.text)
      // Keys in reverse so the text comes out in reading order.
      const values = Object.values(node)
      for (let i = values.length - 1; i >= 0; i--) if (typeof values[i] === 'object') stack.push(values[i])
    }
  }
  return texts
}

export type SearchableStory = {
  title?: unknown
  dek?: unknown
  heroCaption?: unknown
  contributors?: unknown
  body?: unknown
  /** Captions, alt text, credit lines and photographers of the story's images. */
  imageTexts?: unknown[]
}

const textsOf = (value: unknown): string[] => (typeof value === 'string' && value.trim() ? [value] : [])

/** One text of everything a desk searches a story by: headline, dek, bylines, body, captions and credits. */
export function storySearchText(story: SearchableStory): string {
  const contributors = Array.isArray(story.contributors)
    ? story.contributors.flatMap((row) => (isRecord(row) ? [...textsOf(row.name), ...textsOf(row.role)] : []))
    : []
  const parts = [
    ...textsOf(story.title),
    ...textsOf(story.dek),
    ...contributors,
    ...textsOf(story.heroCaption),
    ...wordsOfBody(story.body),
    ...(story.imageTexts ?? []).flatMap(textsOf),
  ]
  return parts.join('\n').slice(0, SEARCH_TEXT_MAX_CHARACTERS)
}

const MAX_QUERY_CHARACTERS = 1000
const MAX_QUERY_WORDS = 16
const MAX_WORD_CHARACTERS = 64

/**
 * A person's search as a tsquery: every word must appear (stemmed, so "vigils" finds "vigil"), the words as
 * prefixes so results follow the typing ("Bak" finds "Bakaev"). Only letters and digits get through, so tsquery
 * syntax (`& | ! : ( ) '`) and SQL in the box are plain separators. Null when no word is left.
 */
export function fullTextQueryOf(search: unknown): string | null {
  if (typeof search !== 'string') return null
  const words = search.slice(0, MAX_QUERY_CHARACTERS).normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []
  const terms = words.slice(0, MAX_QUERY_WORDS).map((word) => `${word.slice(0, MAX_WORD_CHARACTERS).toLowerCase()}:*`)
  return terms.length ? terms.join(' & ') : null
}
