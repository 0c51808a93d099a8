// The "known device" cookie: after a successful sign-in the browser keeps a signed note of the account it signed
// in to, so that the account's backoff (signInThrottle.ts) slows strangers but not the account holder's own browser.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const DEVICE_COOKIE = 'newsroom-signin-device'
const MAX_AGE_SECONDS = 180 * 24 * 60 * 60

const sign = (secret: string, value: string) => createHmac('sha256', secret).update(`signin-device\n${value}`).digest('base64url')

/** The Set-Cookie value that marks this browser as known for `account`. */
export function deviceCookieFor({ account, secret, isSecure }: { account: string; secret: string; isSecure: boolean }): string {
  const value = `${randomBytes(12).toString('base64url')}.${Buffer.from(account).toString('base64url')}`
  // Path /api: sent to the REST sign-in routes and to GraphQL, nowhere else.
  return `${DEVICE_COOKIE}=${value}.${sign(secret, value)}; Path=/api; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${isSecure ? '; Secure' : ''}`
}

/** The device id of a valid cookie for `account`, else null. */
export function trustedDeviceOf({ cookieHeader, account, secret }: { cookieHeader: string | undefined; account: string | null; secret: string }): string | null {
  if (!cookieHeader || !account) return null
  const match = new RegExp(`(?:^|;\\s*)${DEVICE_COOKIE}=([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)`).exec(cookieHeader)
  if (!match) return null
  const [, id, encodedAccount, signature] = match
  const expected = Buffer.from(sign(secret, `${id}.${encodedAccount}`))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  return Buffer.from(encodedAccount, 'base64url').toString('utf8') === account ? id : null
}
