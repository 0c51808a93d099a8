// The admin list's search box, and `where[searchText][like]=…` over REST or GraphQL, as a PostgreSQL full-text
// search of the story's headline, dek, body and credits, in the stored words of searchIndex.ts.
import type { CollectionBeforeOperationHook, PayloadRequest, Where } from 'payload'

import { isStaffUser } from '../access/roles'
import { executeSql } from '../db/execute'
import { DRAFT_SEARCH_TABLE, LIVE_SEARCH_TABLE, SEARCH_LANGUAGE } from './searchIndex'
import { fullTextQueryOf } from './storySearchText'

/**
 * A search lists at most this many stories, the most recently changed first: a word found in 100,000 archived
 * stories still answers in milliseconds, and nobody pages past the first thousand hits of a search.
 */
export const SEARCH_RESULT_LIMIT = 1000

const SEARCH_FIELD = 'searchText'
const SEARCH_OPERATORS = ['like', 'contains', 'equals'] as const

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** tsquery text built by fullTextQueryOf holds only letters, digits, `:*` and ` & `; quotes are doubled all the same. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/**
 * The statement a search runs: the stories whose stored words match, the most recently changed first. Drafts are
 * searched in each story's latest version (the admin list shows those); other reads in the live rows. `query` is
 * fullTextQueryOf's output (letters, digits, `:*`, ` & `) and goes in as a quoted literal, never as SQL.
 */
export function storySearchStatement({ query, isDraft }: { query: string; isDraft: boolean }): string {
  const tsquery = `to_tsquery('${SEARCH_LANGUAGE}'::regconfig, ${literal(query)})`
  // A rare word is read through the GIN index and its few matches sorted; a word in most stories by walking the
  // recency index until the limit: the planner chooses by the stored column's statistics (see searchIndex.ts).
  const table = isDraft ? DRAFT_SEARCH_TABLE : LIVE_SEARCH_TABLE
  return `select s.story_id as id from ${table} s where s.words @@ ${tsquery} order by s.updated_at desc limit ${SEARCH_RESULT_LIMIT}`
}

async function idsMatching({ req, query, isDraft }: { req: PayloadRequest; query: string; isDraft: boolean }): Promise<number[]> {
  const rows = await executeSql<{ id: number }>(req, storySearchStatement({ query, isDraft }))
  return rows.map((row) => Number(row.id))
}

/** The search condition's text, when `condition` is `{ searchText: { like: … } }` (or contains/equals). */
function searchOf(condition: Record<string, unknown>): { found: boolean; text?: unknown } {
  const keys = Object.keys(condition)
  if (keys.length !== 1 || keys[0] !== SEARCH_FIELD || !isRecord(condition[SEARCH_FIELD])) return { found: false }
  const operators = condition[SEARCH_FIELD] as Record<string, unknown>
  const operator = SEARCH_OPERATORS.find((name) => name in operators)
  return operator ? { found: true, text: operators[operator] } : { found: false }
}

async function rewrite(where: unknown, answer: (text: unknown) => Promise<Where>): Promise<unknown> {
  if (Array.isArray(where)) return Promise.all(where.map((item) => rewrite(item, answer)))
  if (!isRecord(where)) return where
  const search = searchOf(where)
  if (search.found) return answer(search.text)
  const result: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(where)) {
    result[key] = key.toLowerCase() === 'and' || key.toLowerCase() === 'or' ? await rewrite(value, answer) : value
  }
  return result
}

/**
 * beforeOperation, after refuseUnreadableQueryPaths: a staff member's search condition on `searchText` becomes
 * "one of the stories whose words match". Anonymous and `api` callers keep the condition as written, which Payload
 * refuses (they may not read the field), so nobody outside the newsroom searches drafts.
 */
export const searchStories: CollectionBeforeOperationHook = async ({ args, req }) => {
  const where = (args as { where?: unknown }).where
  if (!isStaffUser(req.user) || !where || !JSON.stringify(where).includes(`"${SEARCH_FIELD}"`)) return args
  const isDraft = Boolean((args as { draft?: unknown }).draft)
  const answer = async (text: unknown): Promise<Where> => {
    const query = fullTextQueryOf(text)
    // Nothing searchable in the box (only spaces, invisible characters or punctuation): the list is not narrowed.
    if (!query) return { id: { exists: true } }
    const ids = await idsMatching({ req, query, isDraft })
    // No id is 0: an empty result without an empty `in`, which not every path of the query builder accepts.
    return { id: { in: ids.length ? ids : [0] } }
  }
  return { ...args, where: (await rewrite(where, answer)) as Where }
}
