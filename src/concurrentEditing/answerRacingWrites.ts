// Two writes that race each other can still collide inside PostgreSQL: a deadlock, a serialization failure,
// or a reference to a document that someone deleted between our read and our write (a photo saved with a
// credit deleted a moment before). That is a conflict between people, not a server fault: answer 409.
//
// A reference to an id that never existed is the client's mistake and is refused before the write (400), so
// a foreign-key violation that reaches the database is a race.
import type { AfterErrorHook } from 'payload'

import { databaseErrorCode } from '../db/refuseValuesTheDatabaseRejects'

/** 40P01 deadlock, 40001 serialization failure, 23503 foreign-key violation. */
const RACE_CODES = new Set(['40P01', '40001', '23503'])

// No colon: the admin's error toast reads everything after the first colon as a list of invalid fields.
export const RACING_WRITE_MESSAGE =
  'Someone else changed or deleted something this change refers to (a photo credit, an organization, a photo) ' +
  'while you were saving it. Nothing was saved. Reload, check what changed, then save again.'

export const answerRacingWrites: AfterErrorHook = ({ error: raised, req, graphqlResult }) => {
  const error = graphqlResult ? (raised as { originalError?: Error }).originalError : raised
  const code = databaseErrorCode(error)
  if (!code || !RACE_CODES.has(code)) return
  req.payload.logger.warn(`Answered 409: a write lost a race with another (SQLSTATE ${code}).`)
  if (graphqlResult) return { graphqlResult: { ...graphqlResult, message: RACING_WRITE_MESSAGE } }
  return { status: 409, response: { errors: [{ message: RACING_WRITE_MESSAGE }] } }
}
