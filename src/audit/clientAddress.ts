// The client address the audit log and the session list record: Express's `req.ip`, the address the sign-in limiter
// counts (TRUST_PROXY decides which proxies' X-Forwarded-For is believed). Payload's handlers see a Fetch Request,
// not Express's, so the verified address travels to them in a header this server sets on every request after
// removing whatever a client sent under that name.
import type { IncomingMessage } from 'node:http'

import type { RequestHandler } from 'express'

export const CLIENT_ADDRESS_HEADER = 'x-newsroom-client-address'

/** First in the app: no client can choose the address its actions are logged under. */
export const stampClientAddress: RequestHandler = (req, _res, next) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? req.socket.remoteAddress ?? ''
  next()
}

/** The verified address of a request that came through this server; null for jobs, scripts and the Local API. */
export function clientAddressOf(req: { headers?: Headers | IncomingMessage['headers'] | null } | null | undefined): string | null {
  const headers = req?.headers
  if (!headers) return null
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER]
  const address = Array.isArray(value) ? value[0] : value
  return address ? address.slice(0, 100) : null
}
