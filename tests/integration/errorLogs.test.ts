// What the log says when the API refuses something: an expected refusal (4xx) is one info line without a stack;
// a fault (5xx) keeps its stack.
import { jest } from '@jest/globals'
import { APIError, type PayloadRequest } from 'payload'

import { logRefusalsAndFaults } from '../../src/server/logRefusals'
import { rest, signedInCallerOfThisFile } from '../helpers/http'
import { testServerOfThisFile } from '../helpers/testPayload'

const server = testServerOfThisFile()
const writer = signedInCallerOfThisFile(server, 'writer', 'Logged Writer')

type LogCall = unknown[]
const hasStack = (calls: LogCall[]) => calls.some((args) => JSON.stringify(args, (key, value) => (value instanceof Error ? { stack: value.stack } : value)).includes('"stack"'))

async function logsOf(run: () => Promise<void>) {
  const logger = server.payload.logger
  const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined)
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined)
  const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined)
  try {
    await run()
    return { error: [...error.mock.calls] as LogCall[], warn: [...warn.mock.calls] as LogCall[], info: [...info.mock.calls] as LogCall[] }
  } finally {
    error.mockRestore()
    warn.mockRestore()
    info.mockRestore()
  }
}

describe('logging refusals', () => {
  it('logs a writer’s refused publish (4xx) as one info line with its message, without a stack', async () => {
    const created = await rest(server.baseUrl, writer, 'POST', '/api/articles?draft=true', { title: 'A story a writer tries to publish' })
    expect(created.status).toBe(201)
    let status = 0
    const logs = await logsOf(async () => {
      const response = await rest(server.baseUrl, writer, 'PATCH', `/api/articles/${created.body.doc.id}`, { _status: 'published' })
      status = response.status
    })
    expect(status).toBeGreaterThanOrEqual(400)
    expect(status).toBeLessThan(500)
    expect(logs.error).toEqual([])
    expect(logs.warn).toEqual([])
    expect(hasStack(logs.info)).toBe(false)
    expect(logs.info).toEqual([[{ msg: expect.stringMatching(new RegExp(`^Refused \\(${status}\\): `)) }]])
  })

  it('logs a malformed query (400) without a stack', async () => {
    let status = 0
    const logs = await logsOf(async () => {
      status = (await rest(server.baseUrl, writer, 'GET', '/api/articles?where[nonsenseField][equals]=1')).status
    })
    expect(status).toBe(400)
    expect(logs.error).toEqual([])
    expect(hasStack(logs.info)).toBe(false)
  })

  it('still logs a fault (5xx) as an error with its stack', () => {
    const logger = { info: jest.fn(), error: jest.fn() }
    const req = { payload: { logger } } as unknown as PayloadRequest
    const fault = new APIError('The disk is full.', 500)
    void logRefusalsAndFaults({ error: fault, req, context: {}, collection: undefined } as never)
    expect(logger.error).toHaveBeenCalledWith({ err: fault })
    expect(logger.info).not.toHaveBeenCalled()
  })
})
