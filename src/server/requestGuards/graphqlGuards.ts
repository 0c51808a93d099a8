// What a GraphQL document asks for, read before Payload runs it: its sign-in mutations (aliases count, so one
// request cannot carry many password guesses) and, for anonymous callers, the same caps as REST reads.
import { Kind, parse, valueFromASTUntyped, type DocumentNode, type FieldNode, type SelectionSetNode } from 'graphql'

import { MAX_PUBLIC_LIMIT } from './apiQueryGuards'

/** Mutations that check a password or a token, or send a reset e-mail (Payload names them after `users`). */
export const SIGN_IN_MUTATIONS = new Set(['loginUser', 'forgotPasswordUser', 'resetPasswordUser', 'unlockUser'])

/** Nesting of selections an anonymous query may have (introspection excepted): a story with its images, their credits and agencies fits well within it. */
export const MAX_PUBLIC_GRAPHQL_DEPTH = 10

export type Variables = Record<string, unknown>
export type SignInField = { name: string; responseKey: string; args: Record<string, unknown> }
export type Problem = { status: number; message: string }

/** Tokens a document may have: far above any real query, and a bound on the work of reading one. */
export const MAX_GRAPHQL_TOKENS = 20_000

/**
 * The parsed document; a problem when it does not parse (it must then not reach Payload either, which would
 * read it without our limits); null when there is no query at all (graphql-http answers that itself).
 */
export function parseDocument(query: unknown): { document: DocumentNode } | { problem: Problem } | null {
  if (typeof query !== 'string') return null
  try {
    return { document: parse(query, { maxTokens: MAX_GRAPHQL_TOKENS }) }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    return { problem: { status: 400, message: `The GraphQL query could not be read (${detail}). Check its syntax.` } }
  }
}

const fieldsOf = (document: DocumentNode): FieldNode[] => {
  const fields: FieldNode[] = []
  const walk = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        fields.push(selection)
        walk(selection.selectionSet)
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet)
    }
  }
  // Every operation and every fragment, used or not: a count that can only be too high, never too low.
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) walk(definition.selectionSet)
  }
  return fields
}

const argumentsOf = (field: FieldNode, variables: Variables): Record<string, unknown> =>
  Object.fromEntries((field.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value, variables)]))

/** Every sign-in mutation the document names, each alias once. */
export function signInFields(document: DocumentNode, variables: Variables): SignInField[] {
  return fieldsOf(document)
    .filter((field) => SIGN_IN_MUTATIONS.has(field.name.value))
    .map((field) => ({ name: field.name.value, responseKey: field.alias?.value ?? field.name.value, args: argumentsOf(field, variables) }))
}

/** The deepest nesting of selections, following fragment spreads (a cycle counts as too deep). */
export function selectionDepth(document: DocumentNode): number {
  const fragments = new Map(
    document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition.selectionSet] as const] : [])),
  )
  const depthOf = (selectionSet: SelectionSetNode | undefined, visiting: Set<string>): number => {
    let deepest = 0
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue
        deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, visiting) : 1)
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting))
      } else {
        const name = selection.name.value
        if (visiting.has(name)) return Infinity
        deepest = Math.max(deepest, depthOf(fragments.get(name), new Set([...visiting, name])))
      }
      if (deepest > MAX_PUBLIC_GRAPHQL_DEPTH) return deepest
    }
    return deepest
  }
  let deepest = 0
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) deepest = Math.max(deepest, depthOf(definition.selectionSet, new Set()))
  }
  return deepest
}

const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value)

/** The first reason an anonymous caller may not run this document, or null: REST's caps, in GraphQL's terms. */
export function publicGraphqlProblem(document: DocumentNode, variables: Variables): Problem | null {
  for (const field of fieldsOf(document)) {
    const { limit, page, pagination, draft } = argumentsOf(field, variables)
    if (limit !== undefined && limit !== null && (!isWhole(limit) || limit < 1 || limit > MAX_PUBLIC_LIMIT)) {
      return { status: 400, message: `limit must be a whole number from 1 to ${MAX_PUBLIC_LIMIT}; page through longer lists with page.` }
    }
    if (page !== undefined && page !== null && (!isWhole(page) || page < 1)) return { status: 400, message: 'page must be a whole number from 1.' }
    if (pagination === false) return { status: 400, message: `pagination: false would list everything; page through lists of up to ${MAX_PUBLIC_LIMIT} with limit and page.` }
    if (draft === true) return { status: 401, message: 'Reading drafts is not allowed without an API key (Authorization: users API-Key …).' }
  }
  if (selectionDepth(document) > MAX_PUBLIC_GRAPHQL_DEPTH) {
    return { status: 400, message: `The query nests selections more than ${MAX_PUBLIC_GRAPHQL_DEPTH} levels deep; ask for less at once.` }
  }
  return null
}
