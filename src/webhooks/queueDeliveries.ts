// Queues one delivery per active webhook subscribed to the event, inside the story's transaction:
// nothing is sent for a write that rolls back.
import type { PayloadRequest } from 'payload'

import { settings } from '../env'
import type { ArticleEvent } from './articleEvents'
import { WEBHOOK_QUEUE } from './deliverWebhook'
import { publicReaderNotes } from '../corrections/readerNotes'

type Story = {
  id: number | string
  slug?: string | null
  title?: string | null
  publishedAt?: string | null
  updatedAt?: string | null
  readerNotes?: unknown
}

export async function queueWebhookDeliveries({ req, event, article }: { req: PayloadRequest; event: ArticleEvent; article: Story }) {
  const { docs: webhooks } = await req.payload.find({
    collection: 'webhooks',
    where: { and: [{ active: { equals: true } }, { events: { in: [event] } }] },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  for (const webhook of webhooks) {
    const delivery = await req.payload.create({
      collection: 'webhook-deliveries',
      data: {
        webhook: webhook.id,
        url: webhook.url,
        event,
        status: 'pending',
        articleId: Number(article.id),
        body: {
          event,
          occurredAt: new Date().toISOString(),
          article: {
            id: article.id,
            slug: article.slug ?? null,
            title: article.title ?? null,
            publishedAt: article.publishedAt ?? null,
            updatedAt: article.updatedAt ?? null,
            // Corrections, updates and clarifications readers see, oldest first.
            readerNotes: publicReaderNotes(article.readerNotes),
            api: article.slug ? `${settings.serverUrl}/api/articles/by-slug/${encodeURIComponent(article.slug)}` : null,
          },
        },
      },
      overrideAccess: true,
      req,
    })
    await req.payload.jobs.queue({ task: 'deliverWebhook' as never, queue: WEBHOOK_QUEUE, input: { deliveryId: delivery.id } as never, req })
  }
}
