// Every sign-in path over REST goes through the one sign-in limiter (signInThrottle.ts); GraphQL's sign-in
// mutations go through the same one (graphqlGuards.ts). Forgot-password is answered here, the same way and in
// the same time whether or not the address belongs to an account: the work happens after the answer.
import type { NextFunction, Request, Response } from 'express'
import { handleEndpoints, headersWithCors, type Payload, type PayloadRequest, type SanitizedConfig } from 'payload'

import { recordFailedSignIn } from '../audit/recordAuditEvent'
import { sendError } from '../server/errors'
import type { RequestWithRawBody } from '../server/requestGuards/requireValidJson'
import { deviceCookieFor, trustedDeviceOf } from './signInDevice'
import { accountKey, type Outcome, type SignInAttempt, type SignInThrottle } from './signInThrottle'
import { sendWebResponse, toWebRequest } from '../server/webBridge'
import { SECOND_FACTOR_REQUIRED_STATUS } from './requireSecondFactor'

export type SignInGate = { throttle: SignInThrottle; secret: string; isSecure: boolean; payload: Payload }

/** Where the attempt comes from and which account it names. */
export function signInAttempt(gate: SignInGate, req: Request, email: unknown): SignInAttempt {
  const account = accountKey(email)
  return {
    address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    account,
    trustedDevice: trustedDeviceOf({ cookieHeader: req.headers.cookie, account, secret: gate.secret }),
  }
}

/** 4xx is a failed attempt (a wrong password, a bad token); 5xx says nothing about the password. */
export const outcomeOfStatus = (status: number): Outcome =>
  status >= 200 && status < 300 ? 'success' : status >= 400 && status < 500 && status !== 429 ? 'failure' : 'not-counted'

/** Payload's CORS headers on what we answer ourselves, so a front end on an allowed origin can read it. */
export function withCors(gate: SignInGate, req: Request, res: Response): Response {
  const headers = headersWithCors({ headers: new Headers(), req: { payload: gate.payload, headers: new Headers({ origin: req.get('origin') ?? '' }) } as unknown as PayloadRequest })
  headers.forEach((value, name) => res.setHeader(name, value))
  return res
}

export function refuseTooMany(gate: SignInGate, req: Request, res: Response, refusal: { retryAfterSeconds: number; message: string }): void {
  withCors(gate, req, res).set('Retry-After', String(refusal.retryAfterSeconds))
  sendError(res, 429, refusal.message)
}

/** A successful sign-in marks the browser as known for that account, so the account's backoff spares it. */
export function withDeviceCookie(gate: SignInGate, response: globalThis.Response, account: string | null): globalThis.Response {
  if (!account) return response
  const headers = new Headers(response.headers)
  headers.append('set-cookie', deviceCookieFor({ account, secret: gate.secret, isSecure: gate.isSecure }))
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

type Body = Record<string, unknown>

/** Payload's answer to the right password of an account with a second factor (requireSecondFactor.ts). */
export async function isSecondFactorPending(response: globalThis.Response): Promise<boolean> {
  if (response.status !== SECOND_FACTOR_REQUIRED_STATUS) return false
  try {
    const body = (await response.clone().json()) as { errors?: { data?: { secondFactorRequired?: unknown } }[] }
    return body.errors?.[0]?.data?.secondFactorRequired === true
  } catch {
    return false
  }
}

/** A sign-in form is a few hundred bytes; nothing bigger is read. */
export const MAX_SIGN_IN_BODY_BYTES = 64 * 1024

const TELL_FORMAT = 'Send sign-in requests as a JSON object (Content-Type: application/json), like {"email": "…", "password": "…"}, or as the admin’s form (multipart with one `_payload` field).'

async function readAtMost(req: Request, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/**
 * The sign-in's data, as JSON (what requireValidJson kept) or as the admin's own forms send it (multipart with one
 * `_payload` field, as Payload reads it); else a readable refusal. Payload is then handed exactly this object as
 * JSON (signInRequest), so the account the limiter counts is the account Payload checks.
 */
async function signInBodyOf(req: RequestWithRawBody, res: Response): Promise<Body | null> {
  const refuse = (status: number, message: string) => (sendError(res, status, message), null)
  const contentType = (req.headers['content-type'] ?? '').toLowerCase()
  let text: string | null = null
  if (contentType.includes('application/json')) {
    text = req.rawBody?.length ? req.rawBody.toString('utf8') : null
  } else if (contentType.startsWith('multipart/form-data')) {
    const bytes = await readAtMost(req, MAX_SIGN_IN_BODY_BYTES)
    if (!bytes) return refuse(413, `A sign-in request may be at most ${MAX_SIGN_IN_BODY_BYTES / 1024} KB.`)
    let form: FormData
    try {
      form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': req.headers['content-type'] as string } }).formData()
    } catch {
      return refuse(400, `The form could not be read. ${TELL_FORMAT}`)
    }
    const fields = [...form.keys()]
    const payloadField = form.get('_payload')
    if (fields.length !== 1 || typeof payloadField !== 'string') return refuse(400, TELL_FORMAT)
    try {
      const parsed: unknown = JSON.parse(payloadField)
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return refuse(400, TELL_FORMAT)
      text = payloadField
    } catch {
      return refuse(400, `The form’s \`_payload\` is not valid JSON. ${TELL_FORMAT}`)
    }
  }
  if (text === null) return refuse(400, TELL_FORMAT)
  const body = JSON.parse(text) as Body
  if (body.email !== undefined && typeof body.email !== 'string') return refuse(400, 'The e-mail address must be text, like {"email": "name@example.com"}.')
  return body
}

/** The request Payload answers: the same URL and headers, with the body as the JSON the limiter read. */
function signInRequest(req: Request, body: Body): globalThis.Request {
  const bytes = Buffer.from(JSON.stringify(body))
  const request = toWebRequest(req, bytes)
  const headers = new Headers(request.headers)
  headers.set('content-type', 'application/json')
  headers.delete('content-length')
  headers.delete('transfer-encoding')
  return new Request(request.url, { method: request.method, headers, body: bytes })
}

/**
 * Login, reset-password and unlock: Payload answers, the limiter counts the outcome. `isLogin`: a success marks
 * the browser as known for the account.
 */
export function throttledSignIn({ gate, config, isLogin }: { gate: SignInGate; config: Promise<SanitizedConfig> | SanitizedConfig; isLogin: boolean }) {
  return async (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    try {
      const body = await signInBodyOf(req, res)
      if (!body) return
      const attempt = signInAttempt(gate, req, body.email)
      const started = gate.throttle.begin(attempt)
      if (started.refused) return refuseTooMany(gate, req, res, started.refused)
      let response: globalThis.Response
      try {
        response = await handleEndpoints({ config, request: signInRequest(req, body) })
      } catch (error) {
        started.settle('not-counted')
        throw error
      }
      // The right password of an account with a second factor is neither a failure nor a sign-in yet: the codes
      // tried next count on their own.
      const outcome = (await isSecondFactorPending(response)) ? 'not-counted' : outcomeOfStatus(response.status)
      started.settle(outcome)
      if (isLogin && outcome === 'failure') await recordFailedSignIn({ payload: gate.payload, email: attempt.account, address: attempt.address })
      await sendWebResponse(res, isLogin && outcome === 'success' ? withDeviceCookie(gate, response, attempt.account) : response)
    } catch (error) {
      next(error)
    }
  }
}

/**
 * Starts Payload's forgot-password work without waiting for it: finding the account, storing the token and
 * sending the e-mail would otherwise make the answer slower for addresses that have an account.
 */
export function startForgotPassword({ gate, req, email }: { gate: SignInGate; req: Request; email: string }): void {
  const { payload } = gate
  // The Host header takes part only through Payload's own allow-list (getRequestOrigin), as it does for REST.
  const localReq = { url: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`, headers: new Headers({ host: req.get('host') ?? '' }) }
  setImmediate(() => {
    payload
      .forgotPassword({ collection: 'users', data: { email }, req: localReq })
      .catch((error: unknown) => payload.logger.error({ err: error }, 'Forgot-password failed after the request was answered'))
  })
}

/** Every forgot-password request counts against its address (each may send an e-mail); none against an account. */
export function forgotPasswordRoute(gate: SignInGate) {
  return async (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    try {
      const body = await signInBodyOf(req, res)
      if (!body) return
      if (!accountKey(body.email)) return sendError(res, 400, 'Send the e-mail address to reset, like {"email": "name@example.com"}.')
      const started = gate.throttle.begin({ address: signInAttempt(gate, req, null).address, account: null })
      if (started.refused) return refuseTooMany(gate, req, res, started.refused)
      startForgotPassword({ gate, req, email: body.email as string })
      // Payload's own answer, for every address.
      withCors(gate, req, res).status(200).json({ message: 'Success' })
    } catch (error) {
      next(error)
    }
  }
}
