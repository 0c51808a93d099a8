import { isDatabaseUnavailableError } from '../../src/db/databaseUnavailable'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('isDatabaseUnavailableError', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a server shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a connection exception (class 08)', withCode('connection failure', '08006')],
    ['a connection that died under a query', new Error('Connection terminated unexpectedly')],
    ['Payload’s rewrapped failed BEGIN', new Error('Error: cannot begin transaction: Failed query: begin\nparams: ')],
    ['a drizzle error caused by one', Object.assign(new Error('Failed query: select 1'), { cause: withCode('the database system is shutting down', '57P03') })],
    ['an AggregateError holding one', new AggregateError([new Error('x'), withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')])],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true)
  })

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a bad date', Object.assign(new Error('Failed query'), { cause: withCode('invalid input syntax for type timestamp', '22007') })],
    ['a plain bug', new TypeError('Cannot read properties of undefined')],
    [
      'a statement with too many parameters (08P01, the connection survives)',
      Object.assign(new Error('Failed query: insert into "articles_texts"'), { cause: withCode('bind message has 14464 parameter formats but 0 parameters', '08P01') }),
    ],
    ['no error at all', undefined],
  ])('does not mistake %s for an outage', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false)
  })

  it('stops at a cycle of causes', () => {
    const error: Error & { cause?: unknown } = new Error('loop')
    error.cause = error
    expect(isDatabaseUnavailableError(error)).toBe(false)
  })
})
