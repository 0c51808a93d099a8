// Runtime settings read from the environment, with the defaults the README documents. The only module that reads
// process.env: everything else gets typed settings from here.
import fs from 'node:fs'
import path from 'node:path'
import { parseEnv } from 'node:util'

import type { EdgeCacheSettings } from './edgeCache/edgeRules'
import { warningDaysFrom } from './licenses/licenseRules'
import { type ObjectStorageSettings, objectStorageSettingsFrom, objectStorageSettingsOrRefuse } from './objectStorage/objectStorageSettings'
import { type KeptConnections, keptConnectionsFrom } from './db/keptConnections'
import { replicaUrlsFrom } from './readReplica/replicaRules'
import { timeZoneFrom } from './workflow/newsroomTimeZone'

/** An environment as a plain record, not NodeJS.ProcessEnv: Next's types make NODE_ENV required there, so
 * `next build`'s type check rejected the unit tests' literal environments. */
export type Environment = Record<string, string | undefined>

/**
 * Reads `.env` from the working folder into the environment, silently and only where a variable is not set
 * already (as Node's `--env-file-if-exists` did; that flag printed ".env not found" in every process, and Next
 * hands Node's flags on to each of its workers). Never in tests: they set their own environment.
 */
export function loadDotEnvFile({ env = process.env, file = path.resolve('.env') }: { env?: Environment; file?: string } = {}): boolean {
  if (env.NODE_ENV === 'test' || !fs.existsSync(file)) return false
  for (const [name, value] of Object.entries(parseEnv(fs.readFileSync(file, 'utf8')))) env[name] ??= value
  return true
}
loadDotEnvFile()

export const isProduction = process.env.NODE_ENV === 'production'
export const isTest = process.env.NODE_ENV === 'test'

const DEV_SECRET = 'newsroom-dev-secret-not-for-production'
export const DEFAULT_DEMO_PASSWORD = 'demo-password'

/** Origins that may call the API from a browser (CORS) and use the session cookie (CSRF). */
export function allowedOrigins(env: Environment): string[] {
  const listed = (env.ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean)
  if (listed.length) return listed
  return [env.SERVER_URL?.replace(/\/+$/, '') || `http://localhost:${env.PORT ?? 3000}`]
}

/**
 * The server's public address, for the absolute links of feeds, the sitemap and the OpenAPI document: SERVER_URL
 * (required in production), else the local development address. Never a request's Host or X-Forwarded-* headers:
 * those responses are cached and served to everyone.
 */
export function publicServerUrl(env: Environment): string {
  return env.SERVER_URL?.trim().replace(/\/+$/, '') || `http://localhost:${env.PORT ?? 3000}`
}

/** Sentences naming the settings whose value cannot be used; empty when all can. */
type Problems = string[]

const shortened = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value)

/**
 * A numeric setting: the variable's number, else `fallback`. A value that is no number at all is noted in
 * `problems` (the server refuses to start on it), where Number() alone would quietly give NaN.
 */
function numberFrom(env: Environment, name: string, fallback: number, problems?: Problems): number {
  const value = env[name]
  const number = Number(value ?? fallback)
  if (Number.isNaN(number)) problems?.push(`${name} is "${shortened(value ?? '')}", which is not a number: set a number (e.g. ${name}=${fallback}) or remove it to use ${fallback}.`)
  return number
}

export type SmtpSettings = { host: string; port: number; isSecure: boolean; auth?: { user: string; pass: string | undefined } }

export type EmailSettings = {
  /** EMAIL_FROM and EMAIL_FROM_NAME: the sender of every message. */
  fromAddress: string
  fromName: string
  /** SMTP_HOST (with SMTP_PORT, SMTP_SECURE=true, SMTP_USER, SMTP_PASSWORD); without it mail goes to the log. */
  smtp?: SmtpSettings
}

export function emailSettingsFrom(env: Environment, problems?: Problems): EmailSettings {
  return {
    fromAddress: env.EMAIL_FROM ?? 'newsroom@localhost',
    fromName: env.EMAIL_FROM_NAME ?? 'Newsroom CMS',
    smtp: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: numberFrom(env, 'SMTP_PORT', 587, problems),
          isSecure: env.SMTP_SECURE === 'true',
          auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } : undefined,
        }
      : undefined,
  }
}

export type DemoSettings = {
  /** Never in production, whatever else is set. */
  isAllowed: boolean
  /** SEED_DEMO=false: `npm run dev` on an empty database starts empty (browser tests create their own first user). */
  isSeededOnStart: boolean
  /** DEMO_PASSWORD (trimmed), the demo accounts' password. */
  password: string
}

export function demoSettingsFrom(env: Environment): DemoSettings {
  const isAllowed = env.NODE_ENV !== 'production'
  return { isAllowed, isSeededOnStart: isAllowed && env.SEED_DEMO !== 'false', password: env.DEMO_PASSWORD?.trim() || DEFAULT_DEMO_PASSWORD }
}

export type SecondFactorSettings = {
  /** REQUIRE_SECOND_FACTOR: whether admins and editors (and writers, by site setting) must enrol; on in production. */
  isRequired: boolean
  /** SECOND_FACTOR_KEY: encrypts stored authenticator secrets and peppers recovery codes; else derived from PAYLOAD_SECRET. */
  key: string
  /** WEBAUTHN_RP_ID: the domain passkeys belong to; the public server address's host name by default. */
  relyingPartyId: string
  /** WEBAUTHN_ORIGINS: the origins a passkey may be used from (comma-separated); the public server address by default. */
  origins: string[]
}

export function secondFactorSettingsFrom(env: Environment): SecondFactorSettings {
  // An unusable SERVER_URL or PORT is reported by the settings that own them; passkeys then fall back to localhost.
  const publicUrl = URL.canParse(publicServerUrl(env)) ? new URL(publicServerUrl(env)) : new URL('http://localhost')
  const required = (env.REQUIRE_SECOND_FACTOR ?? '').trim().toLowerCase()
  const origins = (env.WEBAUTHN_ORIGINS ?? '').split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean)
  return {
    isRequired: required ? ['on', 'true', '1', 'yes'].includes(required) : env.NODE_ENV === 'production',
    key: env.SECOND_FACTOR_KEY || `second-factor:${env.PAYLOAD_SECRET || DEV_SECRET}`,
    relyingPartyId: env.WEBAUTHN_RP_ID?.trim() || publicUrl.hostname,
    origins: origins.length ? origins : [publicUrl.origin],
  }
}

/**
 * EDGE_PURGE_URLS: the Varnish instances to purge (comma-separated URLs, e.g. http://10.0.0.5:6081/); none by
 * default. EDGE_CACHE=on|off: whether public responses carry surrogate keys and Surrogate-Control (on when purge
 * URLs are set; `on` alone for a CDN purged by other means). A URL that cannot be parsed is noted in `problems`.
 */
export function edgeCacheSettingsFrom(env: Environment, problems?: Problems): EdgeCacheSettings {
  const number = (name: string, fallback: number) => numberFrom(env, name, fallback, problems)
  const purgeUrls = (env.EDGE_PURGE_URLS ?? '').split(',').map((url) => url.trim()).filter(Boolean)
  for (const url of purgeUrls) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      problems?.push(`EDGE_PURGE_URLS lists "${shortened(url)}", which is not an http(s) URL: list the Varnish addresses, e.g. EDGE_PURGE_URLS=http://10.0.0.5:6081/,http://10.0.0.6:6081/.`)
    }
  }
  const edgeCache = (env.EDGE_CACHE ?? '').trim().toLowerCase()
  if (edgeCache && !['on', 'off'].includes(edgeCache)) problems?.push(`EDGE_CACHE is "${shortened(edgeCache)}": set EDGE_CACHE=on or EDGE_CACHE=off, or remove it (on when EDGE_PURGE_URLS is set).`)
  const isOn = edgeCache === 'on' || (edgeCache !== 'off' && purgeUrls.length > 0)
  return {
    isOn,
    purgeUrls: isOn ? purgeUrls : [],
    edgeSeconds: Math.max(0, number('EDGE_CACHE_SECONDS', 3600)),
    staleIfErrorSeconds: Math.max(0, number('EDGE_STALE_IF_ERROR_SECONDS', 86_400)),
    purgeTimeoutMs: Math.max(1, number('EDGE_PURGE_TIMEOUT_MS', 2000)),
    purgeAttempts: Math.max(1, number('EDGE_PURGE_ATTEMPTS', 3)),
    purgeRetryBaseMs: Math.max(0, number('EDGE_PURGE_RETRY_MS', 500)),
    purgeAgainAfterMs: Math.max(0, number('EDGE_PURGE_AGAIN_MS', 2000)),
    purgeSoonAfterMs: Math.max(0, number('EDGE_PURGE_SOON_MS', 100)),
  }
}

export function settingsFrom(env: Environment, problems?: Problems) {
  const number = (name: string, fallback: number) => numberFrom(env, name, fallback, problems)
  return {
    port: number('PORT', 3000),
    payloadSecret: env.PAYLOAD_SECRET || DEV_SECRET,
    databaseUrl: env.DATABASE_URL,
    /** DATABASE_REPLICA_URLS: streaming replicas that serve anonymous reads of published content (src/readReplica). */
    databaseReplicaUrls: replicaUrlsFrom(env, problems),
    /** DATABASE_POOL_MIN: idle connections each pool keeps open (src/db/keptConnections.ts). */
    keptConnections: keptConnectionsFrom(env, problems),
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    embeddedPostgresPort: number('EMBEDDED_PG_PORT', 54329),
    mediaDir: path.resolve(env.MEDIA_DIR ?? 'media'),
    serverUrl: env.SERVER_URL ?? '',
    publicUrl: publicServerUrl(env),
    /** TRUST_PROXY, Express's `trust proxy`: which proxies' X-Forwarded-For names the client (rate limits, logs). */
    trustProxy: env.TRUST_PROXY ?? 'loopback',
    loginRateLimit: number('LOGIN_RATE_LIMIT', 4),
    loginRateWindowMinutes: number('LOGIN_RATE_WINDOW_MINUTES', 15),
    loginAccountFreeFailures: number('LOGIN_ACCOUNT_FREE_FAILURES', 5),
    loginBackoffBaseSeconds: number('LOGIN_BACKOFF_BASE_SECONDS', 1),
    loginBackoffMaxSeconds: number('LOGIN_BACKOFF_MAX_SECONDS', 900),
    apiRateLimit: number('API_RATE_LIMIT', 600),
    apiRateWindowSeconds: number('API_RATE_WINDOW_SECONDS', 60),
    /** RESPONSE_CACHE=off serves every read fresh and leaves Payload's REST reads to Payload (benchmarks' "stock"). */
    isResponseCacheEnabled: env.RESPONSE_CACHE !== 'off',
    responseCacheEntries: number('RESPONSE_CACHE_ENTRIES', 2000),
    responseCacheMegabytes: number('RESPONSE_CACHE_MB', 64),
    frontendUrl: env.FRONTEND_URL ?? '',
    webhookMaxAttempts: number('WEBHOOK_MAX_ATTEMPTS', 5),
    webhookRetryDelayMs: number('WEBHOOK_RETRY_DELAY_MS', env.NODE_ENV === 'test' ? 200 : 10_000),
    webhookTimeoutMs: number('WEBHOOK_TIMEOUT_MS', 10_000),
    // Below half the database pool (10 connections): see src/server/requestGuards/limitConcurrentWrites.ts.
    writeConcurrency: Math.max(1, number('WRITE_CONCURRENCY', 4)),
    uploadMaxBytes: number('UPLOAD_MAX_BYTES', 20 * 1024 * 1024),
    jsonBodyMaxBytes: number('JSON_BODY_MAX_BYTES', 2 * 1024 * 1024),
    // A query sent as a form body (POST with X-HTTP-Method-Override: GET): the admin's relationship pickers.
    queryBodyMaxBytes: number('QUERY_BODY_MAX_BYTES', 64 * 1024),
    jsonMaxDepth: number('JSON_MAX_DEPTH', 100),
    jsonMaxArrayItems: number('JSON_MAX_ARRAY_ITEMS', 2000),
    allowedOrigins: allowedOrigins(env),
    /** How many days ahead the dashboard warns of image licences ending on live stories. */
    licenseWarningDays: warningDaysFrom(env.LICENSE_WARNING_DAYS, 7),
    /** AUDIT_RETENTION_DAYS: how long the audit log keeps an event before the retention job removes it. */
    auditRetentionDays: Math.max(1, number('AUDIT_RETENTION_DAYS', 400)),
    /** NEWSROOM_TIME_ZONE: the newsroom's zone until the site settings name one (the schedule drawer opens in it). */
    newsroomTimeZone: timeZoneFrom(env.NEWSROOM_TIME_ZONE, problems),
    /** SERVE_ADMIN=false: the process serves the API only, without the Next.js admin at /admin. */
    isAdminServed: env.SERVE_ADMIN !== 'false',
    /** SHUTDOWN_DRAIN_SECONDS: how long a stopping web process lets requests in flight finish before it exits anyway. */
    shutdownDrainSeconds: Math.max(0, number('SHUTDOWN_DRAIN_SECONDS', 10)),
    /** JOBS_POLL_SECONDS: how often `npm run worker` looks for due jobs and schedules. */
    jobsPollSeconds: Math.max(0.05, number('JOBS_POLL_SECONDS', 5)),
    /** JOBS_CONCURRENCY: most jobs one worker runs at once. */
    jobsConcurrency: Math.max(1, number('JOBS_CONCURRENCY', 5)),
    email: emailSettingsFrom(env, problems),
    demo: demoSettingsFrom(env),
    secondFactor: secondFactorSettingsFrom(env),
    edgeCache: edgeCacheSettingsFrom(env, problems),
  }
}

export type Settings = ReturnType<typeof settingsFrom>

export const settings: Settings = settingsFrom(process.env)

/** The settings whose values cannot be used, each as a sentence saying what to set, so the server can refuse to start. */
export function invalidSettings(env: Environment = process.env): string[] {
  const problems: Problems = []
  settingsFrom(env, problems)
  jobsRunIn(env, problems)
  objectStorageSettingsFrom(env, problems)
  return problems
}

/** WORKER_HEALTH_PORT: where `npm run worker` answers GET /healthz; unset, the worker listens on no port. */
export function workerHealthPort(env: Environment = process.env): number | undefined {
  const port = Number(env.WORKER_HEALTH_PORT)
  return env.WORKER_HEALTH_PORT?.trim() && Number.isInteger(port) ? port : undefined
}

/** Where queued jobs and schedules run: in the web process (one process, the default) or in `npm run worker`. */
export type JobsRunIn = 'web' | 'worker'

/**
 * JOBS_RUN_IN=worker turns jobs off in web processes, for a separate `npm run worker`. The older JOBS_AUTORUN=false
 * means the same. Anything else is noted in `problems` (a typo must not leave two kinds of process running jobs).
 */
export function jobsRunIn(env: Environment, problems?: Problems): JobsRunIn {
  const value = env.JOBS_RUN_IN?.trim()
  if (value === 'worker' || env.JOBS_AUTORUN === 'false') return 'worker'
  if (value && value !== 'web') {
    problems?.push(`JOBS_RUN_IN is "${shortened(value)}": set JOBS_RUN_IN=web (jobs run in the web process) or JOBS_RUN_IN=worker (only \`npm run worker\` runs them).`)
  }
  return 'web'
}

export type ConfigSettings = {
  /** DATABASE_URL, or the embedded server's address once resolveDatabase has published it. */
  databaseUrl: string | undefined
  /** DATABASE_REPLICA_URLS, checked (invalidSettings refuses a start on a bad list). */
  databaseReplicaUrls: string[]
  /** DATABASE_POOL_MIN as pool options (invalidSettings refuses a start on a bad value). */
  keptConnections: KeptConnections
  /** DB_PUSH=false: no schema push (a database that follows migrations, or a second process on a pushed one). */
  isSchemaPushAllowed: boolean
  /** JOBS_RUN_IN=worker (or JOBS_AUTORUN=false): this process neither runs nor queues scheduled jobs (a worker does). */
  isJobsAutorun: boolean
  /** LOG_LEVEL, Payload's (pino's) log level. */
  logLevel: string
  /** S3_* (all or none): photos and their sizes in this bucket; undefined keeps them in MEDIA_DIR. */
  objectStorage: ObjectStorageSettings | undefined
}

/**
 * What payload.config.ts reads when it is evaluated, not when this module loads: the server resolves (or starts)
 * the database and publishes its URL first, scripts pick their log level, and test helpers set DATABASE_URL and
 * DB_PUSH per test file, all before importing the config.
 */
export function configSettingsFrom(env: Environment = process.env): ConfigSettings {
  return {
    databaseUrl: env.DATABASE_URL,
    databaseReplicaUrls: replicaUrlsFrom(env),
    keptConnections: keptConnectionsFrom(env),
    isSchemaPushAllowed: env.DB_PUSH !== 'false',
    isJobsAutorun: jobsRunIn(env) === 'web',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    // Half a configuration is refused at start (invalidSettings); here it keeps the media folder.
    objectStorage: objectStorageSettingsFrom(env),
  }
}

/**
 * Publishes the embedded database's address as DATABASE_URL. Through the environment, not a module variable: Next
 * bundles the Payload config (and so this module) again, and both copies must connect to the same database.
 */
export function publishDatabaseUrl(url: string): void {
  process.env.DATABASE_URL = url
}

/** A script's log level when LOG_LEVEL does not set one; call before importing the Payload config. */
export function setLogLevelUnlessSet(level: string): void {
  process.env.LOG_LEVEL ??= level
}

/**
 * Called by `npm run worker` before importing the Payload config: the worker runs jobs with its own runner (which
 * claims each job once across workers), so Payload's own crons, whose claim two processes can both win, stay off.
 */
export function announceJobWorker(): void {
  process.env.JOBS_RUN_IN = 'worker'
}

/**
 * For scripts (backup, restore, the worker, the orphan report): the bucket, or undefined for the media folder. Half of
 * the S3_* variables ends the script with the sentence saying what to set, as it stops the server.
 */
export function objectStorageForScripts(env: Environment = process.env): ObjectStorageSettings | undefined {
  try {
    return objectStorageSettingsOrRefuse(env)
  } catch (error) {
    console.error(`Refusing to run: ${(error as Error).message}`)
    process.exit(1)
  }
}

/** Tells Payload's database adapter, as Payload's own `payload migrate` does, not to push the schema while migrating. */
export function announceMigrating(): void {
  process.env.PAYLOAD_MIGRATING = 'true'
}

// SERVER_URL: without it, absolute links would have to come from somewhere else, and a request's Host is not a source.
export const REQUIRED_IN_PRODUCTION = ['PAYLOAD_SECRET', 'DATABASE_URL', 'SERVER_URL'] as const

/** The production variables that are missing, so the server can refuse to start with one clear line. */
export function missingProductionSettings(env: Environment = process.env): string[] {
  return REQUIRED_IN_PRODUCTION.filter((name) => !env[name]?.trim())
}
