// The ids behind relationship values, and sets of them by collection ("seeds": the documents a change or a
// response starts from, for the cache's keys and for public visibility). Pure and free of Payload imports: the
// admin's components run it in the browser too.

export type Id = number | string

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

const isId = (value: unknown): value is Id =>
  (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '')

/** The id behind a relation value, whether it is a bare id or a populated document (depth 0 or depth ≥ 1). */
export const idOf = (ref: unknown): Id | undefined => {
  if (isId(ref)) return ref
  if (isRecord(ref) && isId(ref.id)) return ref.id
  return undefined
}

/** The id behind a relation value as PostgreSQL stores it (a positive integer), for SQL and for comparisons. */
export const rowIdOf = (ref: unknown): number | undefined => {
  const id = Number(idOf(ref))
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/** Ids by collection, several sets as one: each id once (10 and '10' are the same row). */
export function mergeSeeds<Seeds extends { [collection: string]: Id[] | undefined }>(...all: Seeds[]): Seeds {
  const merged: Record<string, Id[]> = {}
  const seen: Record<string, Set<string>> = {}
  for (const seeds of all) {
    for (const [collection, ids] of Object.entries(seeds)) {
      merged[collection] ??= []
      seen[collection] ??= new Set()
      for (const id of ids ?? []) {
        if (seen[collection].has(String(id))) continue
        seen[collection].add(String(id))
        merged[collection].push(id)
      }
    }
  }
  return merged as Seeds
}
