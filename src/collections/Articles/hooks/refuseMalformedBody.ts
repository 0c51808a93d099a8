import { type CollectionBeforeOperationHook, ValidationError } from 'payload'

import { checkLexicalShape } from '../../../lexical/lexicalShape'

/**
 * The body's own `validate` runs after Lexical's field hooks, which crash (500) on a node that is not an
 * object. Checking the shape before the operation starts turns that into the same readable 400.
 */
export const refuseMalformedBody: CollectionBeforeOperationHook = ({ args, operation }) => {
  if (operation !== 'create' && operation !== 'update') return args
  const data = (args as { data?: { body?: unknown } }).data
  if (!data || typeof data !== 'object' || !('body' in data)) return args
  const shape = checkLexicalShape(data.body)
  if (shape !== true) throw new ValidationError({ collection: 'articles', errors: [{ path: 'body', message: shape }] })
  return args
}
