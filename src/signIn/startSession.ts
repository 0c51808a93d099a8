// A session for an account whose second factor (or passkey) was just verified: the same session, JWT and cookie
// Payload's own login issues, without a password (the password was checked in the step before, or not needed).
import { createLocalReq, getFieldsToSign, jwtSign, type Payload, type TypedUser } from 'payload'
import { addSessionToUser, generatePayloadCookie } from 'payload/shared'

export type StartedSession = { token: string; exp: number; cookie: string; user: { id: number | string; email: string; name?: string; role?: string } }

export async function startSession(payload: Payload, userId: number | string): Promise<StartedSession | null> {
  const collectionConfig = payload.collections.users.config
  const user = (await payload.db.findOne({ collection: 'users', where: { id: { equals: userId } } })) as (TypedUser & Record<string, unknown>) | null
  if (!user) return null
  const req = await createLocalReq({}, payload)
  const { sid } = await addSessionToUser({ collectionConfig, payload, req, user })
  const fieldsToSign = getFieldsToSign({ collectionConfig, email: String(user.email), sid, user: { ...user, collection: 'users' } as TypedUser })
  const { token, exp } = await jwtSign({ fieldsToSign, secret: payload.secret, tokenExpiration: collectionConfig.auth.tokenExpiration })
  const cookie = generatePayloadCookie({ collectionAuthConfig: collectionConfig.auth, cookiePrefix: payload.config.cookiePrefix, token })
  return { token, exp, cookie, user: { id: user.id, email: String(user.email), name: user.name as string, role: user.role as string } }
}
