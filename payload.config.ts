// The whole system at a glance: collections, globals, database, editor and plugins.
import { postgresAdapter } from '@payloadcms/db-postgres'
import { seoPlugin } from '@payloadcms/plugin-seo'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { honourJoinFieldAccess } from './src/access/graphqlJoinFieldAccess'
import { brandingMeta } from './src/admin/branding/name'
import { Articles } from './src/collections/Articles'
import { ArticleTransitions } from './src/collections/ArticleTransitions'
import { CallsToAction } from './src/collections/CallsToAction'
import { EditorialNotes } from './src/collections/EditorialNotes'
import { PreviewLinks } from './src/collections/PreviewLinks'
import { WorkflowAlerts } from './src/collections/WorkflowAlerts'
import { Media } from './src/collections/Media'
import { Organizations } from './src/collections/Organizations'
import { PhotoCredits } from './src/collections/PhotoCredits'
import { Users } from './src/collections/Users'
import { AuditEvents } from './src/audit/AuditEvents'
import { removeExpiredAuditEventsTask } from './src/audit/retention'
import { WebhookDeliveries } from './src/collections/WebhookDeliveries'
import { Webhooks } from './src/collections/Webhooks'
import { survivePoolErrors } from './src/db/closePayload'
import { surfaceCommitFailures } from './src/db/surfaceCommitFailures'
import { answerDatabaseUnavailable } from './src/db/answerDatabaseUnavailable'
import { pgWithReadReplicas, readReplicasOf } from './src/readReplica/replicaPools'
import { emailAdapter } from './src/server/emailAdapter'
import { ERROR_LOGGING_LEVELS, logRefusalsAndFaults } from './src/server/logRefusals'
import { attributionAuditEndpoint } from './src/publishGate/attributionAuditEndpoint'
import { previewEndpoint } from './src/publicApi/preview'
import { reviewersEndpoint } from './src/workflow/reviewersEndpoint'
import { workflowQueueEndpoint } from './src/workflow/workflowQueue'
import { configSettingsFrom, isProduction, isTest, settings } from './src/env'
import { SiteSettings } from './src/globals/SiteSettings'
import { adminTimeZones } from './src/workflow/newsroomTimeZone'
import { refuseReferencesToMissingDocuments } from './src/db/refuseReferencesToMissingDocuments'
import { refuseValuesTheDatabaseRejects } from './src/db/refuseValuesTheDatabaseRejects'
import { withdrawExpiredImagesTask } from './src/licenses/withdrawExpiredImages'
import { migrations } from './src/migrations'
import { projectFolder } from './src/projectFolder'
import { answerRacingWrites } from './src/concurrentEditing/answerRacingWrites'
import { webhookJobs } from './src/webhooks/jobs'
import { workflowTasks } from './src/workflow/tasks'
import { addStorySearchTables } from './src/search/searchIndex'
import { applyHandWrittenSchemaAfterPush } from './src/db/handWrittenSchema'
import { addPublicStoriesIndex } from './src/publicApi/publicStoriesIndex'
import { addPublicStoryCountTable } from './src/publicApi/publicStoryCount'
import { addAttributionAuditFindings, addImagesPointingAtNothingIndex } from './src/publishGate/auditFindings'
import { fillMissingSearchTextTask } from './src/search/fillMissingSearchText'
import { removeUntouchedDraftsTask } from './src/collections/Articles/untouchedDrafts'
import { PhotoMetadataWrites } from './src/photoDesk/writeBack/PhotoMetadataWrites'
import { WRITE_PHOTO_METADATA_QUEUE, writePhotoMetadataTask } from './src/photoDesk/writeBack/writePhotoMetadata'
import { replaceEverywhereEndpoint } from './src/photoDesk/replaceEverywhere/replaceEverywhereEndpoint'
import { keepPhotosInBucket } from './src/objectStorage/photoBucket'
import { answerPhotoStoreUnavailable } from './src/objectStorage/answerPhotoStoreUnavailable'

const atEvaluation = configSettingsFrom()
// db-postgres types `pg` with its own copy of @types/pg.
type PostgresArgs = Parameters<typeof postgresAdapter>[0]
const runsJobs = !isTest && atEvaluation.isJobsAutorun
// Dev and test databases follow the schema by push; production applies committed migrations only.
const pushesSchema = !isProduction && atEvaluation.isSchemaPushAllowed

export default buildConfig({
  secret: settings.payloadSecret,
  serverURL: settings.serverUrl,
  // Browsers may call the API, and use the session cookie, only from these origins (ALLOWED_ORIGINS).
  cors: settings.allowedOrigins,
  csrf: settings.allowedOrigins,
  upload: { limits: { fileSize: settings.uploadMaxBytes }, abortOnLimit: true },
  hooks: {
    afterError: [logRefusalsAndFaults, refuseValuesTheDatabaseRejects, answerRacingWrites, refuseReferencesToMissingDocuments, answerDatabaseUnavailable, answerPhotoStoreUnavailable],
  },
  // Refusals (4xx) are logged as one info line each, faults (5xx) with their stack (src/server/logRefusals.ts).
  loggingLevels: ERROR_LOGGING_LEVELS,
  admin: {
    user: Users.slug,
    // Gravatar is unreachable offline and leaks staff emails to a third party.
    avatar: 'default',
    // The schedule drawer's zones, opening in the newsroom's (NEWSROOM_TIME_ZONE; the site settings' wins per story).
    timezones: adminTimeZones(settings.newsroomTimeZone),
    importMap: { baseDir: projectFolder },
    meta: brandingMeta,
    // Admin components are registered by path; `payload generate:importmap` wires them up.
    components: {
      graphics: { Logo: '/src/admin/branding/Logo#Logo', Icon: '/src/admin/branding/Icon#Icon' },
      beforeDashboard: ['/src/admin/dashboard/WorkflowDashboard#WorkflowDashboard'],
      afterLogin: ['/src/signIn/admin/TwoFactorLinks#TwoFactorSignInLink'],
      afterNavLinks: ['/src/signIn/admin/TwoFactorLinks#TwoFactorEnrolmentLink'],
    },
  },
  collections: [
    Articles,
    Media,
    PhotoCredits,
    Organizations,
    CallsToAction,
    EditorialNotes,
    ArticleTransitions,
    WorkflowAlerts,
    PreviewLinks,
    Users,
    Webhooks,
    WebhookDeliveries,
    AuditEvents,
    PhotoMetadataWrites,
  ],
  globals: [SiteSettings],
  endpoints: [attributionAuditEndpoint, workflowQueueEndpoint, reviewersEndpoint, previewEndpoint, replaceEverywhereEndpoint],
  jobs: {
    ...webhookJobs,
    tasks: [...workflowTasks, withdrawExpiredImagesTask, removeUntouchedDraftsTask, fillMissingSearchTextTask, removeExpiredAuditEventsTask, writePhotoMetadataTask, ...(webhookJobs.tasks ?? [])],
    jobsCollectionOverrides: ({ defaultJobsCollection }) => ({
      ...defaultJobsCollection,
      // Jobs are queued, moved and cancelled by the server only: a story's schedule changes through the admin's
      // guarded, logged schedule drawer (src/workflow/schedulePublishServerFunction.ts), never over the API.
      access: { ...defaultJobsCollection.access, create: () => false, update: () => false, delete: () => false },
    }),
    // Tests run jobs by hand; a separate worker process can take over with JOBS_AUTORUN=false. Such a process gets
    // no crons at all: Payload's crons also queue scheduled tasks whatever shouldAutoRun says, reading the job stats
    // every 5 s, which is the worker's work (the benchmark caught those reads among its requests' statements).
    autoRun: runsJobs
      ? [
          { cron: '* * * * *', queue: 'default' },
          { cron: '* * * * *', queue: 'workflow' },
          { cron: '* * * * *', queue: WRITE_PHOTO_METADATA_QUEUE },
          ...(Array.isArray(webhookJobs.autoRun) ? webhookJobs.autoRun : []),
        ]
      : [],
    shouldAutoRun: () => runsJobs,
  },
  editor: lexicalEditor(),
  db: surfaceCommitFailures(
    postgresAdapter({
      // Read at evaluation time: the server resolves (or starts) the database before loading this config.
      // DATABASE_POOL_MIN: idle connections kept open (db-postgres gives these options to every replica's pool too).
      pool: { connectionString: atEvaluation.databaseUrl, ...atEvaluation.keptConnections },
      // DATABASE_REPLICA_URLS: anonymous reads of published content on caught-up streaming replicas, everything
      // else on the primary (src/readReplica). The replay rule replaces db-postgres's timer after a write (0: off).
      ...(atEvaluation.databaseReplicaUrls.length
        ? { readReplicas: atEvaluation.databaseReplicaUrls, readReplicasAfterWriteInterval: 0, pg: pgWithReadReplicas(atEvaluation.databaseReplicaUrls) as PostgresArgs['pg'] }
        : {}),
      push: pushesSchema,
      migrationDir: path.resolve(projectFolder, 'src/migrations'),
      prodMigrations: migrations,
      // Tables and indexes Payload's fields cannot declare: the stories' stored search words and the public stories'
      // count (both kept by the triggers of src/db/handWrittenSchema.ts), the public stories' index, and the index of
      // image rows pointing at no photo (the attribution audit's).
      afterSchemaInit: [addStorySearchTables, addPublicStoriesIndex, addPublicStoryCountTable, addImagesPointingAtNothingIndex],
      // The attribution audit's findings, kept up to date by triggers (src/publishGate/auditTriggers.ts).
      beforeSchemaInit: [addAttributionAuditFindings],
    }),
  ),
  email: emailAdapter(),
  sharp,
  typescript: {
    outputFile: path.resolve(projectFolder, 'src/payload-types.ts'),
    // Outside production every getPayload would rewrite the types file; never during tests.
    autoGenerate: !isTest,
  },
  graphQL: {
    disablePlaygroundInProduction: true,
    queries: honourJoinFieldAccess,
  },
  logger: { options: { level: atEvaluation.logLevel } },
  onInit: async (payload) => {
    survivePoolErrors(payload)
    await applyHandWrittenSchemaAfterPush(payload)
    readReplicasOf(payload)?.useLogger((message) => payload.logger.warn(message))
  },
  plugins: [
    // No uploadsCollection: the Open Graph image is the story's own socialImage, which the publish gate checks.
    seoPlugin({
      collections: ['articles'],
      tabbedUI: false,
      generateTitle: ({ doc }) => (doc as { title?: string }).title ?? '',
      generateDescription: ({ doc }) => (doc as { dek?: string }).dek ?? '',
    }),
    // S3_* set: photos and every size in that bucket, still served through /api/media/file and its access rules.
    keepPhotosInBucket(atEvaluation.objectStorage),
  ],
  telemetry: false,
})
