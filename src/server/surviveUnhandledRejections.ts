import type { Payload } from 'payload'

/**
 * Payload's query validation can reject a promise nobody is waiting on yet (a `where` on a staff-only field
 * behind a relationship, e.g. `where[heroImage.credit.notes][equals]=x`). Such paths are now refused before
 * Payload checks them (src/access/queryPaths.ts, in every collection's `beforeOperation`); this stays as the
 * second line of defence for anything that still gets there (Payload's own collections, a future Payload bug):
 * one anonymous GET must not take the newsroom down, so log it instead of ending the process.
 */
export function surviveUnhandledRejections(payload: Pick<Payload, 'logger'>): void {
  process.on('unhandledRejection', (reason) => {
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)
    payload.logger.warn(`A promise was rejected with no handler (the process carries on): ${message}`)
  })
}
