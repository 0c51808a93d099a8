// Payload's REST and GraphQL handlers mounted on Express directly, without a round trip through Next.
import { GRAPHQL_POST } from '@payloadcms/next/routes'
import type { NextFunction, Response } from 'express'
import { Kind, type DocumentNode } from 'graphql'
import { handleEndpoints, type SanitizedConfig } from 'payload'

import { sendError } from './errors'
import { parseDocument, publicGraphqlProblem, signInFields, type SignInField, type Variables } from './requestGuards/graphqlGuards'
import { verifiedUser } from '../access/requestIdentity'
import { recordFailedSignIn } from '../audit/recordAuditEvent'
import type { RequestWithRawBody } from './requestGuards/requireValidJson'
import { refuseTooMany, signInAttempt, startForgotPassword, withCors, withDeviceCookie, type SignInGate } from '../signIn/signInRoutes'
import type { Outcome } from '../signIn/signInThrottle'
import { sendWebResponse, toWebRequest } from './webBridge'

type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

export function restHandler(config: ConfigInput) {
  return async (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    try {
      const response = await handleEndpoints({ config, request: toWebRequest(req, req.rawBody) })
      // A collection without REST endpoints (payload-migrations) gets a 501 that echoes the full request URL, Host
      // header included; for a client it is simply an address with nothing behind it.
      if (response.status === 501) return sendError(res, 404, `There is no ${req.method} ${req.originalUrl.split('?')[0].slice(0, 200)} in this API. The REST API is described at /api/openapi.json.`)
      await sendWebResponse(res, response)
    } catch (error) {
      next(error)
    }
  }
}

type GraphqlBody = { query?: unknown; variables?: unknown }
type GraphqlResult = { data?: Record<string, unknown> | null; errors?: { path?: unknown[]; extensions?: { statusCode?: number; data?: { secondFactorRequired?: unknown } } }[] }

/** A sign-in mutation failed when GraphQL reports an error at its own response key. */
function outcomeOf(result: GraphqlResult, field: SignInField): Outcome {
  const errors = (result.errors ?? []).filter((error) => !error.path || error.path[0] === field.responseKey)
  if (errors.some((error) => (error.extensions?.statusCode ?? 400) >= 500)) return 'not-counted'
  // The right password of an account with a second factor: the codes tried next count on their own.
  if (errors.length === 1 && errors[0].extensions?.data?.secondFactorRequired === true) return 'not-counted'
  if (errors.length || !result.data?.[field.responseKey]) return 'failure'
  return 'success'
}

/**
 * GraphQL with REST's rules: anonymous callers (a junk credential is anonymous) get REST's caps; at most one
 * sign-in mutation per request, counted by the shared sign-in limiter; forgot-password answered at once.
 */
export function graphqlHandler({ config, gate }: { config: ConfigInput; gate: SignInGate }) {
  const handle = GRAPHQL_POST(config)
  return async (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    try {
      const body = req.rawBody?.length ? (JSON.parse(req.rawBody.toString('utf8')) as GraphqlBody) : null
      const parsed = parseDocument(body?.query)
      // Without a query graphql-http answers the malformed request itself, and runs nothing.
      if (!parsed) return await sendWebResponse(res, await handle(toWebRequest(req, req.rawBody)))
      if ('problem' in parsed) return sendError(res, parsed.problem.status, parsed.problem.message)
      const { document } = parsed
      const variables = (body?.variables && typeof body.variables === 'object' ? body.variables : {}) as Variables

      if (!(await verifiedUser(req, gate.payload))) {
        const problem = publicGraphqlProblem(document, variables)
        if (problem) return sendError(res, problem.status, problem.message)
      }

      const signIns = signInFields(document, variables)
      if (signIns.length > 1) {
        return sendError(res, 400, `A request may carry one sign-in attempt; this one has ${signIns.length} (${signIns.map((field) => field.responseKey).join(', ')}). Send them one at a time.`)
      }
      const [signIn] = signIns
      if (!signIn) return await sendWebResponse(res, await handle(toWebRequest(req, req.rawBody)))

      if (signIn.name === 'forgotPasswordUser') return forgotPassword({ gate, req, res, document, field: signIn })

      const attempt = signInAttempt(gate, req, signIn.args.email)
      const started = gate.throttle.begin(attempt)
      if (started.refused) return refuseTooMany(gate, req, res, started.refused)
      let response: globalThis.Response
      let result: GraphqlResult
      try {
        response = await handle(toWebRequest(req, req.rawBody))
        result = JSON.parse(await response.clone().text()) as GraphqlResult
      } catch (error) {
        started.settle('not-counted')
        throw error
      }
      const outcome = response.status >= 400 && response.status < 500 ? 'failure' : outcomeOf(result, signIn)
      started.settle(outcome)
      if (signIn.name === 'loginUser' && outcome === 'failure') await recordFailedSignIn({ payload: gate.payload, email: attempt.account, address: attempt.address })
      const isLogin = signIn.name === 'loginUser' && outcome === 'success'
      await sendWebResponse(res, isLogin ? withDeviceCookie(gate, response, attempt.account) : response)
    } catch (error) {
      next(error)
    }
  }
}

/** The document is one operation with this one field and nothing else. */
const isAlone = (document: DocumentNode): boolean => {
  const [only, ...others] = document.definitions
  return !others.length && only.kind === Kind.OPERATION_DEFINITION && only.selectionSet.selections.length === 1 && only.selectionSet.selections[0].kind === Kind.FIELD
}

/** Answered like REST's forgot-password: the same reply at once, the work after it. */
function forgotPassword({ gate, req, res, document, field }: { gate: SignInGate; req: RequestWithRawBody; res: Response; document: DocumentNode; field: SignInField }) {
  if (!isAlone(document)) {
    return sendError(res, 400, 'Send forgotPasswordUser on its own, in a request with no other fields or fragments.')
  }
  const email = field.args.email
  if (typeof email !== 'string' || !email.trim()) return sendError(res, 400, 'forgotPasswordUser needs the e-mail address to reset, like forgotPasswordUser(email: "name@example.com").')
  const started = gate.throttle.begin({ address: signInAttempt(gate, req, null).address, account: null })
  if (started.refused) return refuseTooMany(gate, req, res, started.refused)
  startForgotPassword({ gate, req, email })
  withCors(gate, req, res).status(200).json({ data: { [field.responseKey]: true } })
}
