// Ctrl-C stops the embedded PostgreSQL (same process group) while the server shuts down: the connections it
// closes then are expected, and the log must not call them lost. A connection lost while running is still news.
import { EventEmitter } from 'node:events'

import { jest } from '@jest/globals'
import type { Payload } from 'payload'

import { expectDatabaseToGoAway, SHUTDOWN_NOTICE_DELAY_MS, survivePoolErrors } from '../../src/db/closePayload'

const adminShutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })

function fakePayload() {
  const pool = Object.assign(new EventEmitter(), { _clients: [] })
  const warn = jest.fn()
  survivePoolErrors({ db: { pool }, logger: { warn } } as unknown as Payload)
  return { pool, warn }
}

const aMomentLater = () => new Promise((resolve) => setTimeout(resolve, SHUTDOWN_NOTICE_DELAY_MS + 100))

describe('lost database connections in the log', () => {
  it('reports a connection lost while the server runs', async () => {
    const { pool, warn } = fakePayload()
    pool.emit('error', new Error('Connection terminated unexpectedly'))
    expect(warn).toHaveBeenCalledTimes(1)
    pool.emit('error', adminShutdown)
    await aMomentLater()
    expect(warn).toHaveBeenCalledTimes(2)
  })

  it('says nothing when PostgreSQL stops on the same Ctrl-C, a moment before the server’s own shutdown starts', async () => {
    const { pool, warn } = fakePayload()
    pool.emit('error', adminShutdown)
    expectDatabaseToGoAway()
    await aMomentLater()
    pool.emit('error', new Error('Connection terminated unexpectedly'))
    expect(warn).not.toHaveBeenCalled()
  })
})
