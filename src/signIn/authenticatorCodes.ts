// The pure rules of the second factor's codes: authenticator-app codes (TOTP, RFC 6238 via otpauth), one-time
// recovery codes, and how both are kept at rest (secrets sealed with AES-256-GCM, recovery codes as peppered hashes).
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto'

import * as OTPAuth from 'otpauth'

export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
/** One step either side: a phone clock 30 seconds off, or a code typed as it changed. */
export const TOTP_WINDOW = 1
export const RECOVERY_CODE_COUNT = 10

/** Characters people paste by accident (zero-width, BOM, soft hyphen, bidi marks) and separators they type. */
const INVISIBLE_OR_SEPARATOR = /[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF_-]/g

/** The six digits of an authenticator code as typed ("123 456", "123-456"), else null. */
export function authenticatorCodeOf(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 40) return null
  const code = input.replace(INVISIBLE_OR_SEPARATOR, '')
  return /^[0-9]{6}$/.test(code) ? code : null
}

/** A recovery code as typed (any case, with or without its dash), normalised; else null. */
export function recoveryCodeOf(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 60) return null
  const code = input.replace(INVISIBLE_OR_SEPARATOR, '').toUpperCase()
  return /^[A-Z2-7]{10}$/.test(code) ? code : null
}

const totpFor = ({ secret, label }: { secret: string; label?: string }) =>
  new OTPAuth.TOTP({
    issuer: 'Newsroom CMS',
    label: label ?? 'staff',
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secret),
  })

/** A new authenticator secret (160 bits, as RFC 4226 recommends), base32 as authenticator apps read it. */
export const newAuthenticatorSecret = (): string => new OTPAuth.Secret({ size: 20 }).base32

/** The otpauth:// address an authenticator app reads from the QR code. */
export const authenticatorUri = ({ secret, accountName }: { secret: string; accountName: string }): string =>
  totpFor({ secret, label: accountName }).toString()

/**
 * The time step a code belongs to when it is valid now (within one step either side), else null. The caller refuses
 * a step at or before the last one used, so that no code works twice.
 */
export function matchingTimeStep({ secret, code, now = Date.now() }: { secret: string; code: string; now?: number }): number | null {
  const delta = totpFor({ secret }).validate({ token: code, timestamp: now, window: TOTP_WINDOW })
  if (delta === null) return null
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS) + delta
}

/** Ten recovery codes as shown once to the person: 10 base32 characters each (50 bits), printed as XXXXX-XXXXX. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const code = [...randomBytes(10)].map((byte) => alphabet[byte % 32]).join('')
    return `${code.slice(0, 5)}-${code.slice(5)}`
  })
}

const keyFor = (key: string, purpose: string) => Buffer.from(hkdfSync('sha256', key, 'newsroom-second-factor', purpose, 32))

/**
 * A recovery code as stored: an HMAC with a key only the server holds (SECOND_FACTOR_KEY), so a copy of the database
 * alone cannot test guesses; the codes carry 50 random bits, so a slow hash adds nothing.
 */
export const recoveryCodeHash = ({ code, key }: { code: string; key: string }): string =>
  createHmac('sha256', keyFor(key, 'recovery-codes')).update(code).digest('base64url')

/** An authenticator secret as stored: AES-256-GCM under a key derived from SECOND_FACTOR_KEY. */
export function sealSecret({ secret, key }: { secret: string; key: string }): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFor(key, 'totp-secret'), iv)
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
  return `v1.${iv.toString('base64url')}.${sealed.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`
}

/** The secret a sealed value holds, or null when it was not sealed with this key (or was tampered with). */
export function openSecret({ sealed, key }: { sealed: string; key: string }): string | null {
  const [version, iv, data, tag] = sealed.split('.')
  if (version !== 'v1' || !iv || !data || !tag) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(key, 'totp-secret'), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

/** Tokens are kept only as their hash: a copy of the store cannot be replayed. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url')
