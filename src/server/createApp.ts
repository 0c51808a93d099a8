// The Express application: our own routes first, then Payload's API, then the admin (Next).
import express, { type ErrorRequestHandler, type RequestHandler } from 'express'
import type { Payload, SanitizedConfig } from 'payload'

import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailableError, RETRY_AFTER_SECONDS } from '../db/databaseUnavailable'
import { isDatabaseReachable } from '../db/isDatabaseReachable'
import { isProduction, settings } from '../env'
import { apiQueryGuards } from './requestGuards/apiQueryGuards'
import { answerMissingPreference } from './answerMissingPreference'
import { apiRateLimit } from './requestGuards/apiRateLimit'
import { startContentCache } from '../cache/appResponseCache'
import type { EdgeCacheSettings } from '../edgeCache/edgeRules'
import { startEdgeCache } from '../edgeCache/startEdgeCache'
import { contentRoutes } from '../publicApi/publicRoutes'
import { sendError } from './errors'
import { healthHandler } from './health'
import { guardRequestBodies } from './requestGuards/guardRequestBodies'
import { limitConcurrentWrites } from './requestGuards/limitConcurrentWrites'
import { readOverriddenQuery } from './methodOverride'
import { privateWhenPersonal } from '../cache/publicCache'
import { PRIVATE_CACHE_CONTROL } from '../access/requestIdentity'
import { graphqlHandler, restHandler } from './payloadRoutes'
import { mediaTypeOf } from './requestGuards/readBody'
import { refuseMalformedPaths } from './requestGuards/refuseMalformedPaths'
import { refuseDeepGraphqlQueries } from './requestGuards/refuseDeepGraphqlQueries'
import { refuseVersionsNotKept } from './requestGuards/refuseVersionsNotKept'
import { requireValidJson } from './requestGuards/requireValidJson'
import { securityHeaders } from './securityHeaders'
import { forgotPasswordRoute, throttledSignIn, type SignInGate } from '../signIn/signInRoutes'
import { createSignInThrottle, type SignInLimits } from '../signIn/signInThrottle'
import { stampClientAddress } from '../audit/clientAddress'
import { noteSessionActivity } from '../sessions/noteSessionActivity'
import { onlyEnrolmentUntilEnrolled } from '../signIn/onlyEnrolmentUntilEnrolled'
import { secondFactorPages } from '../signIn/pages/secondFactorPages'
import { secondFactorRoutes } from '../signIn/secondFactorRoutes'

export type CreateAppOptions = {
  payload: Payload
  config: Promise<SanitizedConfig> | SanitizedConfig
  /** Next's request handler for the admin; absent when only the API is served (tests, workers). */
  nextHandler?: RequestHandler
  /** Overrides API_RATE_LIMIT / API_RATE_WINDOW_SECONDS (tests). */
  apiRateLimit?: { limit: number; windowSeconds: number }
  /** Overrides LOGIN_RATE_LIMIT and the account backoff settings (tests). */
  signInLimits?: Partial<SignInLimits>
  /** Overrides REQUIRE_SECOND_FACTOR (tests). */
  isSecondFactorRequired?: boolean
  /** Overrides EDGE_CACHE and the EDGE_* settings (tests). */
  edgeCache?: EdgeCacheSettings
}

const signInLimitsFromSettings = (): SignInLimits => ({
  addressLimit: settings.loginRateLimit,
  windowMs: settings.loginRateWindowMinutes * 60 * 1000,
  accountFreeFailures: settings.loginAccountFreeFailures,
  backoffBaseMs: settings.loginBackoffBaseSeconds * 1000,
  backoffMaxMs: settings.loginBackoffMaxSeconds * 1000,
})

const handleUnexpectedError =
  (payload: Payload): ErrorRequestHandler =>
  (error, _req, res, _next) => {
    if (res.headersSent) {
      payload.logger.error({ err: error }, 'Unhandled error in an Express route')
      return void res.end()
    }
    void (async () => {
      if (isDatabaseUnavailableError(error) || !(await isDatabaseReachable(payload))) {
        payload.logger.warn(`Answered 503: the database is unavailable (${String(error?.message).split('\n')[0]}).`)
        res.set('Retry-After', String(RETRY_AFTER_SECONDS))
        return sendError(res, 503, DATABASE_UNAVAILABLE_MESSAGE)
      }
      payload.logger.error({ err: error }, 'Unhandled error in an Express route')
      sendError(res, 500, 'Something went wrong on our side. The error has been logged.')
    })()
  }

export function createApp({ payload, config, nextHandler, apiRateLimit: rateLimitOptions, signInLimits, isSecondFactorRequired = settings.secondFactor.isRequired, edgeCache: edgeCacheSettings = settings.edgeCache }: CreateAppOptions): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', settings.trustProxy)
  // Before anything reads it: the verified client address the audit log and the session list record.
  app.use(stampClientAddress)
  const edgeCache = startEdgeCache({ settings: edgeCacheSettings, log: (message) => payload.logger.warn(message) })
  const contentCache = settings.isResponseCacheEnabled
    ? startContentCache(payload, { afterCommittedChange: edgeCache ? (keys) => void edgeCache.purger.purge(keys) : undefined })
    : null
  // Read by createHttpServer, which answers cache hits ahead of Express; call stop() on shutdown (the LISTEN connection).
  app.locals.contentCache = contentCache
  app.locals.edgeCache = edgeCache
  app.use(securityHeaders)

  app.get('/healthz', healthHandler(payload))
  app.use(['/api', '/sitemaps'], refuseMalformedPaths)
  // Before every guard: a read sent as POST must meet the guards of a read.
  app.use('/api', readOverriddenQuery({ maxBytes: settings.queryBodyMaxBytes }))
  app.use('/api', limitConcurrentWrites({ max: settings.writeConcurrency }))
  // `/` and `/articles/…` are the reader site (Next, src/readerSite). Previews render drafts: never stored by
  // any cache, never indexed.
  app.use('/preview', (_req, res, next) => {
    res.setHeader('Cache-Control', PRIVATE_CACHE_CONTROL)
    res.setHeader('X-Robots-Tag', 'noindex, nofollow')
    next()
  })

  // One limiter for every sign-in path, REST and GraphQL alike.
  const signIn: SignInGate = {
    throttle: createSignInThrottle({ ...signInLimitsFromSettings(), ...signInLimits }),
    secret: payload.secret,
    isSecure: isProduction,
    payload,
  }
  const jsonLimits = { maxBytes: settings.jsonBodyMaxBytes, maxDepth: settings.jsonMaxDepth, maxArrayItems: settings.jsonMaxArrayItems }
  const acceptBodies = guardRequestBodies({ json: jsonLimits, uploadMaxBytes: settings.uploadMaxBytes })
  // Sign-in reads the admin's multipart form itself (within its own small limit); JSON meets the usual limits.
  const acceptJson = requireValidJson(jsonLimits)
  const signInBody: RequestHandler = (req, res, next) =>
    mediaTypeOf(req) === 'application/json' ? void acceptJson(req, res, next) : next()
  app.post('/api/users/forgot-password', signInBody, forgotPasswordRoute(signIn))
  app.post('/api/users/login', signInBody, throttledSignIn({ gate: signIn, config, isLogin: true }))
  app.post(['/api/users/reset-password', '/api/users/unlock'], signInBody, throttledSignIn({ gate: signIn, config, isLogin: false }))
  app.use(secondFactorPages)
  app.use(secondFactorRoutes({ gate: signIn }))
  // Before every other route, the admin's included: an account that must enrol first reaches only enrolment.
  app.use(onlyEnrolmentUntilEnrolled({ payload, isRequired: isSecondFactorRequired }))
  app.use(
    ['/api', '/sitemap.xml', '/sitemaps'],
    apiRateLimit({ ...(rateLimitOptions ?? { limit: settings.apiRateLimit, windowSeconds: settings.apiRateWindowSeconds }), payload }),
  )
  app.use('/api', privateWhenPersonal, apiQueryGuards(payload), refuseVersionsNotKept(payload), noteSessionActivity(payload))
  const readRoutes = contentRoutes({ payload, config, cache: contentCache?.cache ?? null, edge: edgeCache?.settings ?? null })
  // Reads only: Express would otherwise answer every OPTIONS preflight itself ("Allow: GET, HEAD"), bypassing
  // Payload's CORS handling.
  app.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? readRoutes(req, res, next) : next()))
  app.post('/api/graphql', acceptBodies, refuseDeepGraphqlQueries, graphqlHandler({ config, gate: signIn }))
  app.use('/api/payload-preferences', answerMissingPreference(payload))
  app.use('/api', acceptBodies, restHandler(config))

  if (nextHandler) app.use(nextHandler)
  else app.use((_req, res) => sendError(res, 404, 'Not found.'))

  app.use(handleUnexpectedError(payload))
  return app
}
