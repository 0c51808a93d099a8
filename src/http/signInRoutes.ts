// Every sign-in path over REST goes through the one sign-in limiter (signInThrottle.ts); GraphQL's sign-in
// mutations go through the same one (graphqlGuards.ts). Forgot-password is answered here, the same way and in
// the same time whether or not the address belongs to an account: the work happens after the answer.
import type { NextFunction, Request, Response } from 'express'
import { handleEndpoints, headersWithCors, type Payload, type PayloadRequest, type SanitizedConfig } from 'payload'

import { sendError } from './errors'
import type { RequestWithRawBody } from './requireValidJson'
import { deviceCookieFor, trustedDeviceOf } from './signInDevice'
import { accountKey, type Outcome, type SignInAttempt, type SignInThrottle } from './signInThrottle'
import { sendWebResponse, toWebRequest } from './webBridge'

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

/** The JSON body requireValidJson kept, or a readable refusal: other encodings would hide the account. */
function jsonBodyOf(req: RequestWithRawBody, res: Response): Body | null {
  const isJson = (req.headers['content-type'] ?? '').toLowerCase().includes('application/json')
  if (!isJson || !req.rawBody?.length) {
    sendError(res, 400, 'Send sign-in requests as a JSON object (Content-Type: application/json), like {"email": "…", "password": "…"}.')
    return null
  }
  const body = JSON.parse(req.rawBody.toString('utf8')) as Body
  if (body.email !== undefined && typeof body.email !== 'string') {
    sendError(res, 400, 'The e-mail address must be text, like {"email": "name@example.com"}.')
    return null
  }
  return body
}

/**
 * Login, reset-password and unlock: Payload answers, the limiter counts the outcome. `isLogin`: a success marks
 * the browser as known for the account.
 */
export function throttledSignIn({ gate, config, isLogin }: { gate: SignInGate; config: Promise<SanitizedConfig> | SanitizedConfig; isLogin: boolean }) {
  return async (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    try {
      const body = jsonBodyOf(req, res)
      if (!body) return
      const attempt = signInAttempt(gate, req, body.email)
      const started = gate.throttle.begin(attempt)
      if (started.refused) return refuseTooMany(gate, req, res, started.refused)
      let response: globalThis.Response
      try {
        response = await handleEndpoints({ config, request: toWebRequest(req, req.rawBody) })
      } catch (error) {
        started.settle('not-counted')
        throw error
      }
      const outcome = outcomeOfStatus(response.status)
      started.settle(outcome)
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
  return (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    try {
      const body = jsonBodyOf(req, res)
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
