// The second factor's routes: enrolment (signed in), the second step of a password sign-in, and passkey sign-in.
// Every attempt at a code or a passkey meets the same limiter as passwords (signInThrottle.ts).
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import type { TypedUser } from 'payload'
import QRCode from 'qrcode'

import { verifiedUser } from '../access/requestIdentity'
import { isStaffUser } from '../access/roles'
import { settings, type SecondFactorSettings } from '../env'
import { sendError } from '../server/errors'
import { requireValidJson, type RequestWithRawBody } from '../server/requestGuards/requireValidJson'
import { authenticatorCodeOf, authenticatorUri } from './authenticatorCodes'
import { endPendingSignIn, pendingSignInAccount, rememberChallenge, takeChallenge, type ChallengePurpose } from './pendingSignIns'
import {
  addPasskey,
  confirmAuthenticatorEnrolment,
  notePasskeyUse,
  replaceRecoveryCodes,
  secondFactorOf,
  startAuthenticatorEnrolment,
  spendAuthenticatorCode,
  spendRecoveryCode,
  type SecondFactorRecord,
} from './secondFactorStore'
import { recordSignInEvent, type SecondFactorMethod } from './signInEvents'
import { refuseTooMany, signInAttempt, withCors, withDeviceCookie, type SignInGate } from './signInRoutes'
import { startSession } from './startSession'

type Body = Record<string, unknown>

/** A code, a token and a passkey response fit in a few kilobytes; nothing bigger is read. */
const smallJson = requireValidJson({ maxBytes: 16 * 1024, maxDepth: 8, maxArrayItems: 20 })
const bodyOf = (req: RequestWithRawBody): Body => (req.rawBody?.length ? (JSON.parse(req.rawBody.toString('utf8')) as Body) : {})

const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? null

const asyncRoute =
  (handler: (req: RequestWithRawBody, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next: NextFunction) =>
    void handler(req, res).catch(next)

/** The session as Payload's login answers it: the cookie, and the token in the body for API clients. */
async function answerWithSession(gate: SignInGate, req: Request, res: Response, userId: number | string, account: string | null) {
  const session = await startSession(gate.payload, userId, { userAgent: req.get('user-agent') ?? null, address: addressOf(req) })
  if (!session) return sendError(res, 401, 'This account no longer exists.')
  const response = withDeviceCookie(gate, new Response(JSON.stringify({ message: 'Signed in.', token: session.token, exp: session.exp, user: session.user }), {
    status: 200,
    headers: { 'content-type': 'application/json', 'set-cookie': session.cookie, 'cache-control': 'no-store' },
  }), account)
  withCors(gate, req, res)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  res.setHeader('set-cookie', response.headers.getSetCookie())
  res.status(200).send(await response.text())
}

const passkeyOptionsFrom = (factor: SecondFactorSettings) => ({ rpID: factor.relyingPartyId, expectedOrigin: factor.origins, expectedRPID: factor.relyingPartyId })

/** The challenge a WebAuthn response answers, read from its clientDataJSON; null when unreadable. */
function challengeOf(response: unknown): string | null {
  try {
    const clientData = (response as { response?: { clientDataJSON?: unknown } })?.response?.clientDataJSON
    if (typeof clientData !== 'string' || clientData.length > 4096) return null
    const parsed = JSON.parse(Buffer.from(clientData, 'base64url').toString('utf8')) as { challenge?: unknown }
    return typeof parsed.challenge === 'string' ? parsed.challenge : null
  } catch {
    return null
  }
}

const isWebAuthnResponse = (value: unknown): value is { id: string; response: Record<string, unknown> } =>
  Boolean(value) && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' && typeof (value as { response?: unknown }).response === 'object'

/** Verifies a passkey assertion against the account's stored passkeys; updates the counter. */
async function verifyPasskey({ gate, record, response, purpose }: { gate: SignInGate; record: SecondFactorRecord; response: AuthenticationResponseJSON; purpose: ChallengePurpose }) {
  const passkey = record.passkeys.find((stored) => stored.id === response.id)
  const challenge = challengeOf(response)
  if (!passkey || !challenge) return false
  const taken = await takeChallenge(gate.payload, { challenge, purpose })
  if (!taken || (taken.userId !== null && String(taken.userId) !== String(record.id))) return false
  const factor = settings.secondFactor
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: factor.origins,
      expectedRPID: factor.relyingPartyId,
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter, transports: passkey.transports as never },
      requireUserVerification: false,
    })
    if (!verified) return false
    await notePasskeyUse(gate.payload, record, passkey.id, authenticationInfo.newCounter)
    return true
  } catch {
    // A malformed or forged response: simplewebauthn throws with a reason; to the client it is just a refusal.
    return false
  }
}

export function secondFactorRoutes({ gate, factor = settings.secondFactor }: { gate: SignInGate; factor?: SecondFactorSettings }) {
  const router = express.Router()
  const { payload } = gate

  /** The signed-in staff member, or a 401 sentence. */
  const staffOf = async (req: Request, res: Response): Promise<TypedUser | null> => {
    const user = await verifiedUser(req, payload)
    if (!user || !isStaffUser(user)) {
      sendError(res, 401, 'Sign in with your password first; two-factor sign-in is set up for the signed-in staff account.')
      return null
    }
    return user
  }

  /**
   * Changing the factors of an account that has one asks for one of them again (a current authenticator code or a
   * recovery code), counted by the limiter: a stolen session cookie alone cannot add the thief's own passkey or
   * authenticator and so keep the account. True when the request may go on; otherwise it has been answered.
   */
  const provesSecondFactor = async (req: RequestWithRawBody, res: Response, user: TypedUser): Promise<boolean> => {
    const record = await secondFactorOf(payload, user.id)
    if (!record?.hasSecondFactor) return true
    const body = bodyOf(req)
    const code = authenticatorCodeOf(body.currentCode)
    if (!code && body.currentRecoveryCode === undefined) {
      sendError(res, 403, 'This account already has two-factor sign-in: to change it, confirm it is you with a current code from your authenticator app ("currentCode") or a recovery code ("currentRecoveryCode").')
      return false
    }
    const attempt = signInAttempt(gate, req, record.email)
    const started = gate.throttle.begin(attempt)
    if (started.refused) {
      refuseTooMany(gate, req, res, started.refused)
      return false
    }
    let isAccepted: boolean
    try {
      isAccepted = code ? await spendAuthenticatorCode(payload, record, code) : await spendRecoveryCode(payload, record, body.currentRecoveryCode)
    } catch (error) {
      started.settle('not-counted')
      throw error
    }
    started.settle(isAccepted ? 'success' : 'failure')
    if (!isAccepted) {
      await recordSignInEvent(payload, { type: 'second-factor-failed', userId: record.id, method: code ? 'authenticator' : 'recovery-code' }, { address: addressOf(req) })
      sendError(res, 403, 'That code is wrong, expired or already used. Use the next code from your authenticator app, or an unused recovery code.')
    }
    return isAccepted
  }

  // Second step of a password sign-in: the pending token and one of the account's factors.
  router.post(
    '/api/sign-in/second-factor',
    smallJson,
    asyncRoute(async (req, res) => {
      const body = bodyOf(req)
      const userId = await pendingSignInAccount(payload, body.pendingToken)
      const record = userId === null ? null : await secondFactorOf(payload, userId)
      if (!record) return sendError(res, 401, 'This sign-in has expired or is unknown. Sign in with your password again.')
      const method: SecondFactorMethod | null = body.code !== undefined ? 'authenticator' : body.recoveryCode !== undefined ? 'recovery-code' : body.passkey !== undefined ? 'passkey' : null
      if (!method) return sendError(res, 400, 'Send the code from your authenticator app as {"pendingToken": "…", "code": "123456"}, or {"recoveryCode": "…"}, or {"passkey": …}.')
      const code = method === 'authenticator' ? authenticatorCodeOf(body.code) : null
      if (method === 'authenticator' && !code) return sendError(res, 400, 'An authenticator code is six digits, like "123456".')
      if (method === 'passkey' && !isWebAuthnResponse(body.passkey)) return sendError(res, 400, 'The passkey answer is not a WebAuthn response; sign in with the passkey button again.')

      const attempt = signInAttempt(gate, req, record.email)
      const started = gate.throttle.begin(attempt)
      if (started.refused) return refuseTooMany(gate, req, res, started.refused)
      let isAccepted: boolean
      try {
        isAccepted =
          method === 'authenticator'
            ? await spendAuthenticatorCode(payload, record, code!)
            : method === 'recovery-code'
              ? await spendRecoveryCode(payload, record, body.recoveryCode)
              : await verifyPasskey({ gate, record, response: body.passkey as AuthenticationResponseJSON, purpose: 'sign-in' })
      } catch (error) {
        started.settle('not-counted')
        throw error
      }
      const origin = { address: addressOf(req) }
      if (!isAccepted) {
        started.settle('failure')
        await recordSignInEvent(payload, { type: 'second-factor-failed', userId: record.id, method }, origin)
        const advice = method === 'authenticator' ? 'That code is wrong, expired or already used. Wait for the next code in your authenticator app and try again.' : method === 'recovery-code' ? 'That recovery code is wrong or already used. Each recovery code works once.' : 'That passkey was not accepted. Try again, or use your authenticator app.'
        return sendError(res, 401, advice)
      }
      // Exchanged once: a second request with the same pending token starts over with the password.
      if (!(await endPendingSignIn(payload, body.pendingToken as string))) {
        started.settle('failure')
        return sendError(res, 401, 'This sign-in was already completed or has expired. Sign in with your password again.')
      }
      started.settle('success')
      await recordSignInEvent(payload, { type: 'signed-in', userId: record.id, method }, origin)
      await answerWithSession(gate, req, res, record.id, attempt.account)
    }),
  )

  // A passkey challenge: for signing in with a passkey alone, or as the second factor (with the pending token).
  router.post(
    '/api/sign-in/passkey/options',
    smallJson,
    asyncRoute(async (req, res) => {
      const body = bodyOf(req)
      const userId = body.pendingToken === undefined ? null : await pendingSignInAccount(payload, body.pendingToken)
      if (body.pendingToken !== undefined && userId === null) return sendError(res, 401, 'This sign-in has expired or is unknown. Sign in with your password again.')
      const record = userId === null ? null : await secondFactorOf(payload, userId)
      const options = await generateAuthenticationOptions({
        rpID: factor.relyingPartyId,
        userVerification: 'preferred',
        allowCredentials: record?.passkeys.map((passkey) => ({ id: passkey.id, transports: passkey.transports as never })),
      })
      await rememberChallenge(payload, { challenge: options.challenge, purpose: 'sign-in', userId })
      withCors(gate, req, res).set('cache-control', 'no-store').json(options)
    }),
  )

  // Signing in with a passkey alone: the passkey says whose it is (its user handle is the account id).
  router.post(
    '/api/sign-in/passkey',
    smallJson,
    asyncRoute(async (req, res) => {
      const response = bodyOf(req).passkey
      if (!isWebAuthnResponse(response)) return sendError(res, 400, 'Send the passkey’s answer as {"passkey": …}, as @simplewebauthn/browser’s startAuthentication returns it.')
      const userHandle = (response.response as { userHandle?: unknown }).userHandle
      const userId = typeof userHandle === 'string' && userHandle.length < 100 ? Buffer.from(userHandle, 'base64url').toString('utf8') : ''
      const record = /^[0-9]{1,12}$/.test(userId) ? await secondFactorOf(payload, Number(userId)) : null
      const attempt = signInAttempt(gate, req, record?.email ?? null)
      const started = gate.throttle.begin(attempt)
      if (started.refused) return refuseTooMany(gate, req, res, started.refused)
      let isAccepted: boolean
      try {
        isAccepted = Boolean(record && isStaffUser(record as never)) && (await verifyPasskey({ gate, record: record!, response: response as unknown as AuthenticationResponseJSON, purpose: 'sign-in' }))
      } catch (error) {
        started.settle('not-counted')
        throw error
      }
      if (!isAccepted) {
        started.settle('failure')
        await recordSignInEvent(payload, { type: 'passkey-sign-in-failed', userId: record?.id ?? null }, { address: addressOf(req) })
        return sendError(res, 401, 'That passkey was not accepted. Try again, or sign in with your password.')
      }
      started.settle('success')
      await recordSignInEvent(payload, { type: 'signed-in', userId: record!.id, method: 'passkey-alone' }, { address: addressOf(req) })
      await answerWithSession(gate, req, res, record!.id, attempt.account)
    }),
  )

  /**
   * A route for the signed-in staff member's own second factor: the small JSON body of a POST, the staff check, and
   * where `asksForAFactor`, one of the account's factors first when it has any (provesSecondFactor). Never cached.
   */
  const enrolmentRoute = (
    method: 'get' | 'post',
    path: string,
    { asksForAFactor }: { asksForAFactor: boolean },
    handle: (req: RequestWithRawBody, res: Response, user: TypedUser) => Promise<unknown>,
  ) => {
    const run = asyncRoute(async (req, res) => {
      const user = await staffOf(req, res)
      if (!user) return
      if (asksForAFactor && !(await provesSecondFactor(req, res, user))) return
      res.set('cache-control', 'private, no-store')
      await handle(req, res, user)
    })
    if (method === 'get') router.get(path, run)
    else router.post(path, smallJson, run)
  }

  // Enrolment, for the signed-in staff member.
  enrolmentRoute('get', '/api/second-factor', { asksForAFactor: false }, async (req, res, user) => {
    const record = await secondFactorOf(payload, user.id)
    res.json({
      hasSecondFactor: Boolean(record?.hasSecondFactor),
      hasAuthenticator: Boolean(record?.totpSecret),
      recoveryCodesLeft: record?.recoveryCodesLeft ?? 0,
      passkeys: (record?.passkeys ?? []).map(({ id, name, addedAt }) => ({ id, name, addedAt })),
    })
  })

  enrolmentRoute('post', '/api/second-factor/authenticator/start', { asksForAFactor: true }, async (req, res, user) => {
    const secret = await startAuthenticatorEnrolment(payload, user.id)
    const uri = authenticatorUri({ secret, accountName: String(user.email) })
    await recordSignInEvent(payload, { type: 'enrolment-started', userId: user.id, method: 'authenticator' }, { address: addressOf(req) })
    res.json({ secret, uri, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) })
  })

  enrolmentRoute('post', '/api/second-factor/authenticator/confirm', { asksForAFactor: false }, async (req, res, user) => {
    const code = authenticatorCodeOf(bodyOf(req).code)
    if (!code) return sendError(res, 400, 'Send the six-digit code your authenticator app shows, like {"code": "123456"}.')
    if (!(await confirmAuthenticatorEnrolment(payload, user.id, code))) {
      return sendError(res, 400, 'That code does not match the secret being set up. Check that the app shows “Newsroom CMS” and try the current code, or start again.')
    }
    const recoveryCodes = await replaceRecoveryCodes(payload, user.id)
    await recordSignInEvent(payload, { type: 'enrolled', userId: user.id, method: 'authenticator' }, { address: addressOf(req) })
    res.json({ message: 'Two-factor sign-in is on. Keep these recovery codes somewhere safe: each works once, and they are not shown again.', recoveryCodes })
  })

  enrolmentRoute('post', '/api/second-factor/recovery-codes', { asksForAFactor: true }, async (req, res, user) => {
    const record = await secondFactorOf(payload, user.id)
    if (!record?.hasSecondFactor) return sendError(res, 400, 'Set up an authenticator app or a passkey first; recovery codes come with it.')
    const recoveryCodes = await replaceRecoveryCodes(payload, user.id)
    await recordSignInEvent(payload, { type: 'recovery-codes-replaced', userId: user.id }, { address: addressOf(req) })
    res.json({ message: 'New recovery codes; the earlier ones no longer work.', recoveryCodes })
  })

  enrolmentRoute('post', '/api/second-factor/passkeys/options', { asksForAFactor: true }, async (req, res, user) => {
    const record = await secondFactorOf(payload, user.id)
    const options = await generateRegistrationOptions({
      rpName: 'Newsroom CMS',
      rpID: factor.relyingPartyId,
      userName: String(user.email),
      userDisplayName: String((user as { name?: string }).name ?? user.email),
      userID: new TextEncoder().encode(String(user.id)),
      attestationType: 'none',
      excludeCredentials: (record?.passkeys ?? []).map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    })
    await rememberChallenge(payload, { challenge: options.challenge, purpose: 'register', userId: user.id })
    res.json(options)
  })

  enrolmentRoute('post', '/api/second-factor/passkeys', { asksForAFactor: false }, async (req, res, user) => {
    const body = bodyOf(req)
    const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 80) : 'Passkey'
    if (!isWebAuthnResponse(body.passkey)) return sendError(res, 400, 'Send the new passkey as {"passkey": …}, as @simplewebauthn/browser’s startRegistration returns it.')
    const challenge = challengeOf(body.passkey)
    const taken = challenge ? await takeChallenge(payload, { challenge, purpose: 'register' }) : null
    if (!taken || String(taken.userId) !== String(user.id)) return sendError(res, 400, 'This passkey set-up has expired or was already used. Start adding the passkey again.')
    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>
    try {
      verification = await verifyRegistrationResponse({ response: body.passkey as unknown as RegistrationResponseJSON, expectedChallenge: challenge!, ...passkeyOptionsFrom(factor), requireUserVerification: false })
    } catch (error) {
      return sendError(res, 400, `The passkey could not be verified (${(error as Error).message.slice(0, 200)}). Start adding it again.`)
    }
    if (!verification.verified) return sendError(res, 400, 'The passkey could not be verified. Start adding it again.')
    const { credential } = verification.registrationInfo
    const record = await secondFactorOf(payload, user.id)
    await addPasskey(payload, user.id, {
      id: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports,
      name,
      addedAt: new Date().toISOString(),
    })
    await recordSignInEvent(payload, { type: 'enrolled', userId: user.id, method: 'passkey' }, { address: addressOf(req) })
    // The first factor enrolled comes with recovery codes; later passkeys leave them as they are.
    const recoveryCodes = record?.hasSecondFactor ? undefined : await replaceRecoveryCodes(payload, user.id)
    res.status(201).json({ message: `The passkey “${name}” is added.`, recoveryCodes })
  })

  return router
}
