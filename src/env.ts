// Runtime settings read from the environment, with the defaults the README documents.
import path from 'node:path'

import { warningDaysFrom } from './licenses/licenseRules'

export const isProduction = process.env.NODE_ENV === 'production'
export const isTest = process.env.NODE_ENV === 'test'

const DEV_SECRET = 'newsroom-dev-secret-not-for-production'

/** Origins that may call the API from a browser (CORS) and use the session cookie (CSRF). */
export function allowedOrigins(env: Record<string, string | undefined>): string[] {
  const listed = (env.ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean)
  if (listed.length) return listed
  return [env.SERVER_URL?.replace(/\/+$/, '') || `http://localhost:${env.PORT ?? 3000}`]
}

/**
 * The server's public address, for the absolute links of feeds, the sitemap and the OpenAPI document: SERVER_URL
 * (required in production), else the local development address. Never a request's Host or X-Forwarded-* headers:
 * those responses are cached and served to everyone.
 */
export function publicServerUrl(env: Record<string, string | undefined>): string {
  return env.SERVER_URL?.trim().replace(/\/+$/, '') || `http://localhost:${env.PORT ?? 3000}`
}

export const settings = {
  port: Number(process.env.PORT ?? 3000),
  payloadSecret: process.env.PAYLOAD_SECRET || DEV_SECRET,
  databaseUrl: process.env.DATABASE_URL,
  dataDir: path.resolve(process.env.DATA_DIR ?? '.data'),
  embeddedPostgresPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
  mediaDir: path.resolve(process.env.MEDIA_DIR ?? 'media'),
  serverUrl: process.env.SERVER_URL ?? '',
  publicUrl: publicServerUrl(process.env),
  loginRateLimit: Number(process.env.LOGIN_RATE_LIMIT ?? 4),
  loginRateWindowMinutes: Number(process.env.LOGIN_RATE_WINDOW_MINUTES ?? 15),
  loginAccountFreeFailures: Number(process.env.LOGIN_ACCOUNT_FREE_FAILURES ?? 5),
  loginBackoffBaseSeconds: Number(process.env.LOGIN_BACKOFF_BASE_SECONDS ?? 1),
  loginBackoffMaxSeconds: Number(process.env.LOGIN_BACKOFF_MAX_SECONDS ?? 900),
  apiRateLimit: Number(process.env.API_RATE_LIMIT ?? 600),
  apiRateWindowSeconds: Number(process.env.API_RATE_WINDOW_SECONDS ?? 60),
  /** RESPONSE_CACHE=off serves every read fresh and leaves Payload's REST reads to Payload (benchmarks' "stock"). */
  isResponseCacheEnabled: process.env.RESPONSE_CACHE !== 'off',
  responseCacheEntries: Number(process.env.RESPONSE_CACHE_ENTRIES ?? 2000),
  responseCacheMegabytes: Number(process.env.RESPONSE_CACHE_MB ?? 64),
  frontendUrl: process.env.FRONTEND_URL ?? '',
  webhookMaxAttempts: Number(process.env.WEBHOOK_MAX_ATTEMPTS ?? 5),
  webhookRetryDelayMs: Number(process.env.WEBHOOK_RETRY_DELAY_MS ?? (isTest ? 200 : 10_000)),
  webhookTimeoutMs: Number(process.env.WEBHOOK_TIMEOUT_MS ?? 10_000),
  // Below half the database pool (10 connections): see src/server/requestGuards/limitConcurrentWrites.ts.
  writeConcurrency: Math.max(1, Number(process.env.WRITE_CONCURRENCY ?? 4)),
  uploadMaxBytes: Number(process.env.UPLOAD_MAX_BYTES ?? 20 * 1024 * 1024),
  jsonBodyMaxBytes: Number(process.env.JSON_BODY_MAX_BYTES ?? 2 * 1024 * 1024),
  // A query sent as a form body (POST with X-HTTP-Method-Override: GET): the admin's relationship pickers.
  queryBodyMaxBytes: Number(process.env.QUERY_BODY_MAX_BYTES ?? 64 * 1024),
  jsonMaxDepth: Number(process.env.JSON_MAX_DEPTH ?? 100),
  jsonMaxArrayItems: Number(process.env.JSON_MAX_ARRAY_ITEMS ?? 2000),
  allowedOrigins: allowedOrigins(process.env),
  /** How many days ahead the dashboard warns of image licences ending on live stories. */
  licenseWarningDays: warningDaysFrom(process.env.LICENSE_WARNING_DAYS, 7),
}

// SERVER_URL: without it, absolute links would have to come from somewhere else, and a request's Host is not a source.
export const REQUIRED_IN_PRODUCTION = ['PAYLOAD_SECRET', 'DATABASE_URL', 'SERVER_URL'] as const

// A plain record, not NodeJS.ProcessEnv: Next's types make NODE_ENV required there, so `next build`'s
// type check rejected the unit tests' literal environments.
/** The production variables that are missing, so the server can refuse to start with one clear line. */
export function missingProductionSettings(env: Record<string, string | undefined> = process.env): string[] {
  return REQUIRED_IN_PRODUCTION.filter((name) => !env[name]?.trim())
}
