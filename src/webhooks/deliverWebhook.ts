// The `deliverWebhook` job: one signed POST per attempt; a non-2xx answer or a network error throws, and
// Payload's job queue retries with exponential backoff. Every attempt is recorded on the delivery row.
import type { TaskConfig } from 'payload'

import { settings } from '../env'
import { SIGNATURE_HEADER, signWebhook } from './webhookSignature'

export const WEBHOOK_QUEUE = 'webhooks'

type Delivery = {
  id: number
  attempts?: number | null
  event: string
  body: unknown
  webhook: { id: number; url: string; secret: string; active?: boolean | null } | number
}

export const deliverWebhookTask: TaskConfig = {
  slug: 'deliverWebhook',
  label: 'Deliver a webhook',
  inputSchema: [{ name: 'deliveryId', type: 'number', required: true }],
  retries: {
    attempts: Math.max(0, settings.webhookMaxAttempts - 1),
    backoff: { type: 'exponential', delay: settings.webhookRetryDelayMs },
  },
  handler: async ({ input, req }) => {
    const { payload } = req
    const deliveryId = (input as { deliveryId: number }).deliveryId
    // Recorded outside the job's transaction: a failed attempt must still be logged.
    const delivery = (await payload.findByID({
      collection: 'webhook-deliveries',
      id: deliveryId,
      depth: 1,
      overrideAccess: true,
    })) as unknown as Delivery
    const webhook = delivery.webhook
    if (typeof webhook !== 'object' || !webhook.active) {
      await payload.update({
        collection: 'webhook-deliveries',
        id: deliveryId,
        data: { status: 'failed', lastError: 'The webhook was removed or deactivated before delivery.' },
        overrideAccess: true,
      })
      return { output: {} }
    }

    const attempts = (delivery.attempts ?? 0) + 1
    const body = JSON.stringify(delivery.body)
    const timestamp = Math.floor(Date.now() / 1000)
    let statusCode: number | null = null
    let error: string | null = null
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'newsroom-cms-webhooks/1',
          [SIGNATURE_HEADER]: signWebhook({ secret: webhook.secret, body, timestamp }),
          'x-webhook-event': delivery.event,
          'x-webhook-delivery': String(deliveryId),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.webhookTimeoutMs),
      })
      statusCode = response.status
      await response.body?.cancel().catch(() => {})
      if (!response.ok) error = `The receiver answered ${response.status}.`
    } catch (failure) {
      error = `The request failed: ${(failure as Error).message}`
    }

    const isLastAttempt = attempts >= settings.webhookMaxAttempts
    await payload.update({
      collection: 'webhook-deliveries',
      id: deliveryId,
      data: {
        attempts,
        statusCode,
        lastError: error,
        status: error === null ? 'succeeded' : isLastAttempt ? 'failed' : 'retrying',
        ...(error === null ? { deliveredAt: new Date().toISOString() } : {}),
      },
      overrideAccess: true,
    })
    if (error !== null) throw new Error(`Webhook delivery ${deliveryId} to ${webhook.url}: ${error}`)
    return { output: {} }
  },
}
