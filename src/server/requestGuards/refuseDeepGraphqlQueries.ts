// GraphQL parses and validates a query by recursion: a query nested 20,000 levels deep overflows the stack, and the
// client reads "Maximum call stack size exceeded". No real query nests more than a few dozen levels (Payload's
// deepest, the introspection query, about fifteen), so deeper ones are refused before they are parsed.
import type { NextFunction, Response } from 'express'

import { sendError } from '../errors'
import { mediaTypeOf } from './readBody'
import type { RequestWithRawBody } from './requireValidJson'

export const MAX_GRAPHQL_NESTING = 64

/** The deepest nesting of `{`, `(` and `[` in a GraphQL document, outside strings and comments. */
export function graphqlNestingDepth(query: string): number {
  let depth = 0
  let deepest = 0
  for (let index = 0; index < query.length; index += 1) {
    const char = query[index]
    if (char === '#') {
      const end = query.indexOf('\n', index)
      index = end === -1 ? query.length : end
    } else if (char === '"') {
      const isBlock = query.startsWith('"""', index)
      const closing = isBlock ? '"""' : '"'
      let end = index + closing.length
      while (end < query.length && !query.startsWith(closing, end)) end += query[end] === '\\' ? 2 : 1
      index = end + closing.length - 1
    } else if (char === '{' || char === '(' || char === '[') {
      depth += 1
      if (depth > deepest) deepest = depth
    } else if (char === '}' || char === ')' || char === ']') {
      depth -= 1
    }
  }
  return deepest
}

/** After the body guard (requireValidJson): refuses GraphQL documents nested deeper than MAX_GRAPHQL_NESTING with a 400. */
export function refuseDeepGraphqlQueries(req: RequestWithRawBody, res: Response, next: NextFunction): void {
  // A multipart GraphQL request (an upload) carries no JSON document here; Payload reads its `operations` field.
  if (!req.rawBody?.length || mediaTypeOf(req) !== 'application/json') return next()
  const { query } = JSON.parse(req.rawBody.toString('utf8')) as { query?: unknown }
  if (typeof query !== 'string') return next()
  const depth = graphqlNestingDepth(query)
  if (depth > MAX_GRAPHQL_NESTING) {
    return sendError(res, 400, `The GraphQL query nests ${depth} levels deep; at most ${MAX_GRAPHQL_NESTING} are allowed. Ask for fewer nested fields.`)
  }
  next()
}
