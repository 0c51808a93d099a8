// A write that loses a race inside PostgreSQL is a conflict between people (409), not a server fault.
import { answerRacingWrites, RACING_WRITE_MESSAGE } from '../../src/concurrentEditing/answerRacingWrites'

const withCode = (code: string) => Object.assign(new Error(`database error ${code}`), { code })
const req = { payload: { logger: { warn: () => {} } } } as never
const answer = (error: unknown, graphqlResult?: object) =>
  answerRacingWrites({ error, req, graphqlResult, context: {}, result: {} } as never)

describe('answerRacingWrites', () => {
  it.each([
    ['a deadlock', withCode('40P01')],
    ['a serialization failure', withCode('40001')],
    ['a reference to a document deleted meanwhile', withCode('23503')],
    ['a drizzle error caused by a deadlock', Object.assign(new Error('Failed query: update "media" …'), { cause: withCode('40P01') })],
  ])('answers %s with a 409 that says what to do', (_name, error) => {
    expect(answer(error)).toEqual({ status: 409, response: { errors: [{ message: RACING_WRITE_MESSAGE }] } })
  })

  it('says it without a colon, which the admin’s error toast would cut into a list of fields', () => {
    expect(RACING_WRITE_MESSAGE).not.toContain(':')
  })

  it('says the same in GraphQL', () => {
    expect(answer({ originalError: withCode('40P01') }, { message: 'deadlock detected' })).toEqual({ graphqlResult: { message: RACING_WRITE_MESSAGE } })
  })

  it.each([
    ['a unique violation', withCode('23505')],
    ['a bad date', withCode('22007')],
    ['an error without a code', new Error('Something went wrong.')],
    ['a thrown string', 'oops'],
    ['nothing', undefined],
  ])('leaves %s to the other error hooks', (_name, error) => {
    expect(answer(error)).toBeUndefined()
  })
})
