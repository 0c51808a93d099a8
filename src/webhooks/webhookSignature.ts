// The `X-Signature` header of webhook deliveries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'X-Signature'

export function signWebhook({ secret, body, timestamp }: { secret: string; body: string; timestamp: number }): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${digest}`
}

/** What a receiver does: recompute the digest and refuse old timestamps (replays). */
export function verifyWebhook({
  secret,
  body,
  header,
  now = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
}: {
  secret: string
  body: string
  header: string | null | undefined
  now?: number
  toleranceSeconds?: number
}): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]))
  const timestamp = Number(parts.t)
  if (!Number.isSafeInteger(timestamp) || !parts.v1 || Math.abs(now - timestamp) > toleranceSeconds) return false
  const expected = Buffer.from(signWebhook({ secret, body, timestamp }).split('v1=')[1], 'hex')
  const given = Buffer.from(parts.v1, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
