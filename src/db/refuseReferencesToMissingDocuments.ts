// A write that points a relationship at a document that does not exist (`heroImage: 999999`) fails on the
// database's foreign key: that is the client's mistake, answered with a 400 that names the missing document,
// not Payload's 500. (A document still referenced by others and deleted is a different failure, left alone.)
import type { AfterErrorHook, PayloadRequest } from 'payload'

type PgError = { code?: unknown; message?: unknown; detail?: unknown; cause?: unknown }

function foreignKeyViolation(error: unknown): PgError | undefined {
  for (let current = error as PgError | undefined, hops = 0; current && hops < 5; hops += 1) {
    if (current.code === '23503') return current
    current = current.cause as PgError | undefined
  }
  return undefined
}

const camelCase = (column: string) => column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())

/**
 * The sentence for PostgreSQL's detail, e.g. `Key (hero_image_id)=(999999) is not present in table "media".`;
 * relationships with many values are stored in `<collection>_rels`, whose column names the target collection.
 */
export function missingReferenceMessage(detail: string): string {
  const match = /^Key \(([a-z0-9_]+)\)=\((.*)\) is not present in table "([a-z0-9_]+)"/.exec(detail)
  if (!match) return 'A relationship in this request refers to a document that does not exist. Choose an existing one. Nothing was changed.'
  const [, column, id, table] = match as unknown as [string, string, string, string]
  const collection = table.replaceAll('_', '-')
  const field = column.endsWith('_id') && column !== `${table}_id` ? `“${camelCase(column.slice(0, -3))}”` : 'A relationship in this request'
  return `${field} refers to ${collection} ${id}, which does not exist. Choose an existing one. Nothing was changed.`
}

/**
 * Whether the request's own document names this id anywhere (`heroImage: 999999`, `authors: [999999]`,
 * `{ relationTo, value }`): then the client sent a missing document. Otherwise the id was stored before and the
 * document went away while this write waited: a race, which answerRacingWrites answers with a 409 (as it does a
 * named id that the table once held).
 */
export function requestNamesId(data: unknown, id: string): boolean {
  const pending: unknown[] = [data]
  for (let visited = 0; pending.length && visited < 100_000; visited += 1) {
    const value = pending.pop()
    if ((typeof value === 'number' || typeof value === 'string') && String(value) === id) return true
    if (value && typeof value === 'object') pending.push(...Object.values(value))
  }
  return false
}

/**
 * Whether an id was ever handed out in the table (its id sequence has passed it). A missing id the table once held
 * was deleted, possibly while this write waited for it: answerRacingWrites says so with a 409. The transaction
 * is over, so this asks the pool directly.
 */
async function wasEverStored(req: PayloadRequest, table: string, id: string): Promise<boolean> {
  const numeric = Number(id)
  if (!Number.isSafeInteger(numeric) || numeric <= 0) return false
  const pool = (req.payload.db as unknown as { pool: { query: (sql: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> } }).pool
  try {
    const [found] = (await pool.query(`select pg_get_serial_sequence($1, 'id') as sequence`, [`"${table.replaceAll('"', '')}"`])).rows
    if (typeof found?.sequence !== 'string') return false
    const [sequence] = (await pool.query(`select last_value, is_called from ${found.sequence}`)).rows
    return Boolean(sequence?.is_called) && numeric <= Number(sequence?.last_value)
  } catch {
    return false
  }
}

export const refuseReferencesToMissingDocuments: AfterErrorHook = async ({ error, req }) => {
  const violation = foreignKeyViolation(error)
  // "update or delete on table … is still referenced" is a delete of something in use, not a missing target.
  if (!violation || !/^insert or update on table/.test(String(violation.message))) return
  const detail = String(violation.detail ?? '')
  const missing = /^Key \([a-z0-9_]+\)=\((.*)\) is not present in table "([a-z0-9_]+)"/.exec(detail)
  if (missing) {
    const [, id, table] = missing as unknown as [string, string, string]
    if (!requestNamesId(req.data, id) || (await wasEverStored(req, table, id))) return
  }
  req.payload.logger.warn('Refused a write that refers to a document that does not exist (SQLSTATE 23503).')
  return { status: 400, response: { errors: [{ message: missingReferenceMessage(detail) }] } }
}
