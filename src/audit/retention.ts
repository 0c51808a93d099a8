// How long the audit log keeps an event (AUDIT_RETENTION_DAYS), and the job that removes older ones: the only way an
// event ever leaves the log. It deletes with SQL, beside Payload's operations, which refuse every deletion.
import type { PayloadRequest, TaskConfig } from 'payload'

import { executeSql } from '../db/execute'
import { settings } from '../env'

const DAY_MS = 24 * 60 * 60 * 1000
// Bounded per run: a backlog is worked off run by run, each one quick.
const EVENTS_PER_RUN = 10_000

/** The moment before which events are removed. */
export const auditRetentionCutoff = ({ now, retentionDays }: { now: Date; retentionDays: number }): Date => new Date(now.getTime() - retentionDays * DAY_MS)

/** Removes events older than the retention period; returns how many. */
export async function removeExpiredAuditEvents({ req, now = new Date(), retentionDays = settings.auditRetentionDays }: { req: PayloadRequest; now?: Date; retentionDays?: number }): Promise<number> {
  const cutoff = auditRetentionCutoff({ now, retentionDays }).toISOString()
  const rows = await executeSql<{ id: number }>(
    req,
    `delete from audit_events where id in (select id from audit_events where created_at < '${cutoff}'::timestamptz order by id limit ${EVENTS_PER_RUN}) returning id`,
  )
  return rows.length
}

export const removeExpiredAuditEventsTask: TaskConfig = {
  slug: 'removeExpiredAuditEvents',
  schedule: [{ cron: '40 3 * * *', queue: 'workflow' }],
  handler: async ({ req }) => ({ output: { removed: await removeExpiredAuditEvents({ req }) } }),
} as TaskConfig
