import type { Payload } from 'payload'

/**
 * Payload's query validation can reject a promise nobody is waiting on yet (a `where` on a staff-only field
 * behind a relationship, e.g. `where[heroImage.credit.notes][equals]=x`): the request itself still gets
 * its 400, but Node's default for an unhandled rejection is to end the process. One anonymous GET must
 * not take the newsroom down: log it instead.
 */
export function surviveUnhandledRejections(payload: Pick<Payload, 'logger'>): void {
  process.on('unhandledRejection', (reason) => {
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)
    payload.logger.warn(`A promise was rejected with no handler (the process carries on): ${message}`)
  })
}
