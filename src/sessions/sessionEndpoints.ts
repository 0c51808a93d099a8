// A person's sessions, over REST: list them, end one, end all of them (a lost laptop, a departure).
//   GET    /api/users/sessions           the caller's active sessions
//   DELETE /api/users/sessions/:sessionId end one of the caller's sessions
//   DELETE /api/users/:id/sessions        an admin ends all of a person's sessions; the person themself ends all
//                                         their others (the one they use stays)
import { commitTransaction, initTransaction, killTransaction, type Endpoint, type PayloadRequest } from 'payload'

import { recordAuditEvent } from '../audit/recordAuditEvent'
import { hasRole } from '../access/roles'
import { describeDevice } from './describeDevice'
import { activeSessionsOf, endSessions, isSessionId } from './sessionRows'

const answer = (status: number, message: string) => Response.json({ errors: [{ message }] }, { status, headers: { 'cache-control': 'private, no-store' } })

const signedInPerson = (req: PayloadRequest) => (req.user?.collection === 'users' ? req.user : null)
const currentSessionOf = (req: PayloadRequest): string | null => (req.user as { _sid?: string } | null)?._sid ?? null

/** Runs `work` in one transaction with the audit event it records. */
async function inTransaction<T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> {
  const shouldCommit = await initTransaction(req)
  try {
    const result = await work()
    if (shouldCommit) await commitTransaction(req)
    return result
  } catch (error) {
    if (shouldCommit) await killTransaction(req)
    throw error
  }
}

type SignedInPerson = NonNullable<ReturnType<typeof signedInPerson>>

/** A route for a signed-in person: anyone else hears 401 with `signIn`, the sentence that says what to do. */
const personRoute = (
  { path, method, signIn }: { path: string; method: 'get' | 'delete'; signIn: string },
  handler: (req: PayloadRequest, person: SignedInPerson) => Promise<Response>,
): Endpoint => ({
  path,
  method,
  handler: async (req) => {
    const person = signedInPerson(req)
    return person ? handler(req, person) : answer(401, signIn)
  },
})

export const listOwnSessions = personRoute({ path: '/sessions', method: 'get', signIn: 'Sign in to see your sessions.' }, async (req, person) => {
  const current = currentSessionOf(req)
  const sessions = (await activeSessionsOf({ req, userId: Number(person.id) })).map((session) => ({
    ...session,
    device: describeDevice(session.userAgent),
    isCurrent: session.id === current,
  }))
  return Response.json({ sessions }, { headers: { 'cache-control': 'private, no-store' } })
})

export const endOwnSession = personRoute({ path: '/sessions/:sessionId', method: 'delete', signIn: 'Sign in to end a session.' }, async (req, person) => {
  const sessionId = req.routeParams?.sessionId
  if (!isSessionId(sessionId)) return answer(400, 'That is not a session id. Take the id from GET /api/users/sessions.')
  const ended = await inTransaction(req, async () => {
    const ids = await endSessions({ req, userId: Number(person.id), only: sessionId })
    if (ids.length) {
      await recordAuditEvent(req, {
        action: 'session.ended',
        document: { collection: 'users', id: person.id, title: person.email },
        details: { reason: 'ended by the account holder', wasCurrent: sessionId === currentSessionOf(req) },
      })
    }
    return ids
  })
  // Another person's session id, or one already ended: the same answer, so ids cannot be probed.
  if (!ended.length) return answer(404, 'You have no active session with that id. GET /api/users/sessions lists yours.')
  return Response.json({ message: 'The session was ended; its sign-in no longer works.', ended: ended.length })
})

export const endAllSessionsOfPerson = personRoute({ path: '/:id/sessions', method: 'delete', signIn: 'Sign in to end sessions.' }, async (req, caller) => {
  const rawId = req.routeParams?.id
  const userId = Number(rawId)
  if (typeof rawId !== 'string' || !/^[1-9][0-9]{0,9}$/.test(rawId) || !Number.isSafeInteger(userId)) {
    return answer(400, 'Name the person by their numeric id, like DELETE /api/users/12/sessions.')
  }
  const isSelf = Number(caller.id) === userId
  if (!isSelf && !hasRole(caller, 'admin')) return answer(403, 'Only admins can end another person’s sessions.')
  const person = await req.payload.findByID({ collection: 'users', id: userId, depth: 0, overrideAccess: true, disableErrors: true, req })
  if (!person) return answer(404, `There is no account with id ${userId}.`)
  // Ending your own: every other session (you stay signed in where you are). An admin ending someone's: all of them.
  const keep = isSelf ? currentSessionOf(req) : null
  const ended = await inTransaction(req, async () => {
    const ids = await endSessions({ req, userId, keep })
    await recordAuditEvent(req, {
      action: 'sessions.ended-all',
      document: { collection: 'users', id: userId, title: person.email },
      details: { endedSessions: ids.length, keptCurrent: Boolean(keep), by: isSelf ? 'the account holder' : 'an admin' },
    })
    return ids
  })
  return Response.json({ message: `${ended.length} session(s) ended.`, ended: ended.length })
})

export const sessionEndpoints: Endpoint[] = [listOwnSessions, endOwnSession, endAllSessionsOfPerson]
