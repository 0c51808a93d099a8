// Issuing and revoking a machine reader's key over REST (admins only):
//   POST   /api/users/:id/api-key  { "name": "Preview front end" }  → { apiKey, name }: the only time the key is shown
//   DELETE /api/users/:id/api-key                                   → the key stops working at once
// The key is made here, from 32 random bytes; the database keeps only its hash (keepOnlyTheKeysHash.ts).
import { randomBytes } from 'node:crypto'

import type { Endpoint, PayloadRequest } from 'payload'

import { hasRole } from '../access/roles'
import { isRealText } from '../fields/realText'

const answer = (status: number, message: string) => Response.json({ errors: [{ message }] }, { status, headers: { 'cache-control': 'private, no-store' } })

export const newApiKey = (): string => `nrk_${randomBytes(32).toString('base64url')}`

async function machineReaderOf(req: PayloadRequest): Promise<{ id: number } | Response> {
  if (!hasRole(req.user, 'admin')) return answer(req.user ? 403 : 401, 'Only admins issue and revoke API keys.')
  const rawId = req.routeParams?.id
  if (typeof rawId !== 'string' || !/^[1-9][0-9]{0,9}$/.test(rawId)) return answer(400, 'Name the account by its numeric id, like /api/users/12/api-key.')
  const person = await req.payload.findByID({ collection: 'users', id: Number(rawId), depth: 0, overrideAccess: true, disableErrors: true, req })
  if (!person) return answer(404, `There is no account with id ${rawId}.`)
  if (person.role !== 'api') return answer(400, 'Only users with the “api” role can have an API key. Change the role to “api” first.')
  return { id: Number(person.id) }
}

async function nameOf(req: PayloadRequest): Promise<string | null | Response> {
  let body: unknown
  try {
    body = req.json ? await req.json() : {}
  } catch {
    // No body, or not JSON: the key is issued without a name.
    body = {}
  }
  const name = (body as { name?: unknown } | null)?.name
  if (name === undefined || name === null) return null
  if (typeof name !== 'string' || !isRealText(name) || name.length > 100) return answer(400, 'Give the key a name of up to 100 characters that says what it is for, like {"name": "Preview front end"}.')
  return name.trim()
}

/** A route on a machine reader's key: the admin check and the account's id and role come first (machineReaderOf). */
const apiKeyRoute = (method: 'post' | 'delete', act: (req: PayloadRequest, reader: { id: number }) => Promise<Response>): Endpoint => ({
  path: '/:id/api-key',
  method,
  handler: async (req) => {
    const reader = await machineReaderOf(req)
    return reader instanceof Response ? reader : act(req, reader)
  },
})

export const issueApiKey = apiKeyRoute('post', async (req, reader) => {
  const name = await nameOf(req)
  if (name instanceof Response) return name
  const apiKey = newApiKey()
  await req.payload.update({ collection: 'users', id: reader.id, data: { enableAPIKey: true, apiKey, ...(name ? { apiKeyName: name } : {}) }, overrideAccess: true, req })
  return Response.json(
    { apiKey, name, message: 'Copy the key now: it is shown only this once and cannot be read back. Send it as `Authorization: users API-Key <key>`.' },
    { status: 201, headers: { 'cache-control': 'private, no-store' } },
  )
})

export const revokeApiKey = apiKeyRoute('delete', async (req, reader) => {
  await req.payload.update({ collection: 'users', id: reader.id, data: { enableAPIKey: false, apiKey: null }, overrideAccess: true, req })
  return Response.json({ message: 'The API key was revoked; requests made with it are refused from now on.' })
})

export const apiKeyEndpoints: Endpoint[] = [issueApiKey, revokeApiKey]
