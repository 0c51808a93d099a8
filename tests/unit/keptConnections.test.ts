// DATABASE_POOL_MIN (src/db/keptConnections.ts): in production every database pool keeps idle connections open, so
// the refills after a publish behind an edge cache reuse warm connections instead of opening new ones.
import { invalidSettings, configSettingsFrom } from '../../src/env'
import { DEFAULT_KEPT_CONNECTIONS_IN_PRODUCTION, keptConnectionsFrom } from '../../src/db/keptConnections'

describe('the idle database connections each process keeps open', () => {
  it('keeps 4 in production, and lets a script exit while they are idle', () => {
    expect(keptConnectionsFrom({ NODE_ENV: 'production' })).toEqual({ min: 4, allowExitOnIdle: true })
    expect(DEFAULT_KEPT_CONNECTIONS_IN_PRODUCTION).toBe(4)
    // What payload.config.ts gives db-postgres's pool (and so every replica's pool).
    expect(configSettingsFrom({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/newsroom' }).keptConnections).toEqual({ min: 4, allowExitOnIdle: true })
  })

  it("keeps none in development and tests (node-postgres's own behaviour), unless told to", () => {
    expect(keptConnectionsFrom({})).toEqual({})
    expect(keptConnectionsFrom({ NODE_ENV: 'test' })).toEqual({})
    expect(keptConnectionsFrom({ NODE_ENV: 'development', DATABASE_POOL_MIN: '2' })).toEqual({ min: 2, allowExitOnIdle: true })
  })

  it('keeps the number asked for, and none when asked for 0, in production too', () => {
    expect(keptConnectionsFrom({ NODE_ENV: 'production', DATABASE_POOL_MIN: ' 8 ' })).toEqual({ min: 8, allowExitOnIdle: true })
    expect(keptConnectionsFrom({ NODE_ENV: 'production', DATABASE_POOL_MIN: '0' })).toEqual({})
    // Empty after trimming: the default, as if unset.
    expect(keptConnectionsFrom({ NODE_ENV: 'production', DATABASE_POOL_MIN: ' \t' })).toEqual({ min: 4, allowExitOnIdle: true })
  })

  it('refuses a value that is not a whole number from 0 up, in a sentence that says what to set, and keeps the default meanwhile', () => {
    for (const value of ['-1', '2.5', 'four', '1e400', `${'9'.repeat(500)}x`]) {
      const problems: string[] = []
      expect({ value, kept: keptConnectionsFrom({ NODE_ENV: 'production', DATABASE_POOL_MIN: value }, problems) }).toEqual({ value, kept: { min: 4, allowExitOnIdle: true } })
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatch(/^DATABASE_POOL_MIN is ".{1,40}": set the number of idle database connections each process keeps open \(a whole number, e\.g\. DATABASE_POOL_MIN=4\), or remove it to use 4\.$/)
    }
    expect(invalidSettings({ DATABASE_POOL_MIN: 'lots' }).filter((problem) => problem.startsWith('DATABASE_POOL_MIN'))).toEqual([
      'DATABASE_POOL_MIN is "lots": set the number of idle database connections each process keeps open (a whole number, e.g. DATABASE_POOL_MIN=4), or remove it to use 0.',
    ])
  })
})
