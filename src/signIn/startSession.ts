// A session for an account whose second factor (or passkey) was just verified: the same session, JWT and cookie
// Payload's own login issues, without a password (the password was checked in the step before, or not needed).
import { createLocalReq, getFieldsToSign, jwtSign, type Payload, type TypedUser } from 'payload'
import { addSessionToUser, generatePayloadCookie } from 'payload/shared'

import { storedUserAgent } from '../sessions/describeDevice'
import { describeSession } from '../sessions/sessionRows'

export type StartedSession = { token: string; exp: number; cookie: string; user: { id: number | string; email: string; name?: string; role?: string } }

/** `device`: what the sessions list shows of it (the browser's user agent, the verified client address). */
export async function startSession(
  payload: Payload,
  userId: number | string,
  device: { userAgent: string | null; address: string | null },
): Promise<StartedSession | null> {
  const collectionConfig = payload.collections.users.config
  const user = (await payload.db.findOne({ collection: 'users', where: { id: { equals: userId } } })) as (TypedUser & Record<string, unknown>) | null
  if (!user) return null
  const req = await createLocalReq({}, payload)
  const { sid } = await addSessionToUser({ collectionConfig, payload, req, user })
  // As a password sign-in's afterLogin hook does (src/sessions/sessionHooks.ts), so the person knows the session.
  if (sid) await describeSession({ req, sessionId: sid, userAgent: storedUserAgent(device.userAgent), address: device.address })
  const fieldsToSign = getFieldsToSign({ collectionConfig, email: String(user.email), sid, user: { ...user, collection: 'users' } as TypedUser })
  const { token, exp } = await jwtSign({ fieldsToSign, secret: payload.secret, tokenExpiration: collectionConfig.auth.tokenExpiration })
  const cookie = generatePayloadCookie({ collectionAuthConfig: collectionConfig.auth, cookiePrefix: payload.config.cookiePrefix, token })
  return { token, exp, cookie, user: { id: user.id, email: String(user.email), name: user.name as string, role: user.role as string } }
}
