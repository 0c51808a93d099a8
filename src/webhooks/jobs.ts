import type { JobsConfig } from 'payload'

import { isTest } from '../env'
import { deliverWebhookTask, WEBHOOK_QUEUE } from './deliverWebhook'

/** Webhook deliveries run in the app process every few seconds (tests run the queue themselves). */
export const webhookJobs: JobsConfig = {
  tasks: [deliverWebhookTask],
  autoRun: isTest ? undefined : [{ cron: '*/5 * * * * *', queue: WEBHOOK_QUEUE, limit: 20 }],
  deleteJobOnComplete: true,
}
