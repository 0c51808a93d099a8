// Checks the shape of a REST `where` (as qs parses it) before Payload sees it, so a malformed filter gets a
// 400 that says what is wrong instead of a silent empty result or a server error.
import { validOperatorSet } from 'payload/shared'

const SAFE_FIELD_PATH = /^\w+(?:\.\w+)*$/
const MAX_DEPTH = 8
// These take GeoJSON objects.
const GEOMETRY_OPERATORS = new Set(['near', 'within', 'intersects'])

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const asList = (value: unknown): unknown[] | null => {
  if (Array.isArray(value)) return value
  // qs turns `where[or][0][…]` into an object with numeric keys past its array limit.
  if (isRecord(value) && Object.keys(value).every((key) => /^\d+$/.test(key))) return Object.values(value)
  return null
}

/** The first problem found, as a sentence, or null when the filter is well formed. */
export function whereProblem(where: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return `The filter is nested more than ${MAX_DEPTH} levels deep.`
  if (!isRecord(where)) return 'The filter `where` must be an object, e.g. where[title][equals]=Election.'
  for (const [key, value] of Object.entries(where)) {
    if (key === 'and' || key === 'or') {
      const list = asList(value)
      if (!list) return `where[${key}] must be a list of conditions, e.g. where[${key}][0][title][equals]=Election.`
      for (const condition of list) {
        const problem = whereProblem(condition, depth + 1)
        if (problem) return problem
      }
      continue
    }
    if (!SAFE_FIELD_PATH.test(key)) return `“${key}” is not a field path: use names like title or heroImage.alt.`
    if (!isRecord(value)) return `where[${key}] needs an operator, e.g. where[${key}][equals]=… .`
    for (const [operator, operand] of Object.entries(value)) {
      if (!validOperatorSet.has(operator as never)) {
        return `“${operator}” is not a filter operator. Use one of: ${[...validOperatorSet].join(', ')}.`
      }
      const values = asList(operand) ?? [operand]
      if (!GEOMETRY_OPERATORS.has(operator) && values.some((item) => typeof item === 'object' && item !== null)) {
        return `where[${key}][${operator}] must be a value or a list of values, not an object.`
      }
    }
  }
  return null
}
