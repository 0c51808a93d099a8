// A value the database cannot store or compare (a date that is not a date, a null character, an operator
// that does not apply to a field) is the client's mistake: answer 400, not Payload's generic 500.
import type { AfterErrorHook } from 'payload'

/**
 * PostgreSQL error codes caused by what the client sent: class 22 (data exception: bad date, number out of
 * range, invalid text, NUL byte), and the SQL that db-postgres builds from an operator a field cannot take
 * (`contains` on a date, `near` on text); 23502: a required column sent as null (`createdAt: null`).
 */
const isClientCaused = (code: string) => code.startsWith('22') || ['23502', '42601', '42883', '42804'].includes(code)

export function databaseErrorCode(error: unknown): string | undefined {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined, hops = 0; current && hops < 5; hops += 1) {
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) return current.code
    current = current.cause as typeof current
  }
  return undefined
}

/** db-postgres has no guard for spatial operators (`near`, `within`) on other fields: it throws a TypeError. */
const isUnsupportedOperator = (error: unknown) =>
  (error instanceof TypeError && /operators\[queryOperator\] is not a function/.test(error.message)) ||
  // A date field given a number no date can hold (`createdAt: 1e300`).
  (error instanceof RangeError && /Invalid time value/.test(error.message))

export const refuseValuesTheDatabaseRejects: AfterErrorHook = ({ error, req }) => {
  const code = databaseErrorCode(error)
  if (!(code && isClientCaused(code)) && !isUnsupportedOperator(error)) return
  req.payload.logger.warn(`Refused a request the database could not process (${code ? `SQLSTATE ${code}` : 'unsupported operator'}).`)
  return {
    status: 400,
    response: {
      errors: [
        {
          message:
            'A value in this request cannot be stored or compared: check dates, numbers and query operators (for example `contains` on a date). Nothing was changed.',
        },
      ],
    },
  }
}
