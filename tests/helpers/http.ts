// Small REST and GraphQL clients for tests that act as many callers at once.
import { randomUUID } from 'node:crypto'

import type { Payload, TypedUser } from 'payload'

import type { Role } from '../../src/access/roles'
import { forTheseTests } from './forTheseTests'
import { createUser, loginHeaders } from './users'

export type Caller = { name: string; headers: Record<string, string> }

export const anonymousCaller: Caller = { name: 'anonymous', headers: {} }

export async function callerFor(baseUrl: string, user: { email: string; name?: string | null }): Promise<Caller> {
  const { authorization } = await loginHeaders(baseUrl, user.email)
  return { name: user.name ?? user.email, headers: { authorization } }
}

type TestServerLike = { baseUrl: string; payload: Payload }

/**
 * A new user of `role` signed in over HTTP before the file's tests (in a beforeAll after the server's own). The
 * caller is filled in then: pass it around from the start, read its headers in tests.
 */
export const signedInCallerOfThisFile = (server: TestServerLike, role: Role, name?: string): Caller =>
  forTheseTests({ start: async () => callerFor(server.baseUrl, await createUser(server.payload, role, name)), stop: async () => {} })

/** Someone the tests act as both over HTTP (their session's JSON headers) and through the Local API (`user`). */
export type Person = Caller & { user: TypedUser }

type Account = { id: number; email: string; name?: string | null }

export async function personFor(baseUrl: string, user: Account): Promise<Person> {
  return { name: user.name ?? user.email, headers: await loginHeaders(baseUrl, user.email), user: { ...user, collection: 'users' } as TypedUser }
}

/**
 * As signedInCallerOfThisFile, as a Person: a new user of `role`, or the account `account` returns (an existing
 * one, such as the desk editor), signed in before the file's tests.
 */
export const signedInPersonOfThisFile = (server: TestServerLike, account: Role | ((payload: Payload) => Promise<Account>), name?: string): Person =>
  forTheseTests({
    start: async () => personFor(server.baseUrl, typeof account === 'string' ? await createUser(server.payload, account, name) : await account(server.payload)),
    stop: async () => {},
  })

/** As signedInCallerOfThisFile, as the headers of a JSON request (`loginHeaders`) for `fetch`. */
export const signedInHeadersOfThisFile = (server: TestServerLike, role: Role, name?: string): Record<string, string> =>
  forTheseTests({ start: async () => loginHeaders(server.baseUrl, (await createUser(server.payload, role, name)).email), stop: async () => {} })

/** Machine readers authenticate with an API key, as the preview front end does. */
export async function apiKeyCaller(payload: Payload, user: { id: number; name?: string | null }): Promise<Caller> {
  const apiKey = randomUUID()
  await payload.update({ collection: 'users', id: user.id, data: { enableAPIKey: true, apiKey }, overrideAccess: true })
  return { name: user.name ?? 'api', headers: { authorization: `users API-Key ${apiKey}` } }
}

export type HttpResult = { status: number; body: any; text: string; headers: Headers }

export async function rest(
  baseUrl: string,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<HttpResult> {
  const isForm = body instanceof FormData
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...caller.headers,
      ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
      ...extraHeaders,
    },
    body: body === undefined ? undefined : isForm ? body : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  return { status: response.status, body: parsed, text, headers: response.headers }
}

export async function graphql(
  baseUrl: string,
  caller: Caller,
  query: string,
  variables?: Record<string, unknown>,
): Promise<HttpResult> {
  return rest(baseUrl, caller, 'POST', '/api/graphql', { query, variables })
}
