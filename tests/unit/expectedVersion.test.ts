// The rule of optimistic concurrency: which version a write says it was based on, and whether that is stale.
import { isStaleVersion, readExpectedVersion, staleVersionMessage } from '../../src/concurrentEditing/expectedVersion'

describe('the version a write says it was based on', () => {
  it('is taken from the body before the header', () => {
    expect(readExpectedVersion({ fromBody: '2026-11-25T17:20:35.123Z', fromHeader: '2020-01-01T00:00:00.000Z' })).toEqual({
      isGiven: true,
      isTime: true,
      at: '2026-11-25T17:20:35.123Z',
    })
    expect(readExpectedVersion({ fromBody: undefined, fromHeader: '2020-01-01T00:00:00.000Z' })).toMatchObject({ at: '2020-01-01T00:00:00.000Z' })
  })

  it('is not given when the body and the header say nothing (a form that never read a version sends null or "")', () => {
    for (const fromBody of [undefined, null, '']) expect(readExpectedVersion({ fromBody, fromHeader: null })).toEqual({ isGiven: false })
    expect(readExpectedVersion({ fromBody: undefined, fromHeader: '' })).toEqual({ isGiven: false })
  })

  it('is written the way Payload writes updatedAt, whatever offset it was sent with', () => {
    expect(readExpectedVersion({ fromBody: '2026-11-25T18:20:35.123+01:00', fromHeader: null })).toMatchObject({ at: '2026-11-25T17:20:35.123Z' })
  })

  it('is a readable problem when it is not a time, including blank, invisible, huge and merely date-like text', () => {
    for (const fromBody of ['yesterday', '   ', '\u200b', '\u200b2026-11-25T17:20:35.123Z', '2026-11-25', '1732555235123', 'x'.repeat(100_000)]) {
      const version = readExpectedVersion({ fromBody, fromHeader: null })
      expect(version).toMatchObject({ isGiven: true, isTime: false })
      if (version.isGiven && !version.isTime) expect(version.problem.length).toBeLessThan(300)
    }
  })

  it('is a readable problem when it is not text', () => {
    for (const fromBody of [12, true, { at: 'now' }, ['2026-11-25T17:20:35.123Z']]) {
      expect(readExpectedVersion({ fromBody, fromHeader: null })).toMatchObject({ isGiven: true, isTime: false, problem: expect.stringMatching(/must be text/) })
    }
  })
})

describe('a stale version', () => {
  it('is one that is not the last save, to the millisecond', () => {
    expect(isStaleVersion({ expectedAt: '2026-11-25T17:20:35.123Z', savedAt: '2026-11-25T17:20:35.123Z' })).toBe(false)
    expect(isStaleVersion({ expectedAt: '2026-11-25T17:20:35.123Z', savedAt: new Date('2026-11-25T17:20:35.123Z') })).toBe(false)
    expect(isStaleVersion({ expectedAt: '2026-11-25T17:20:35.123Z', savedAt: '2026-11-25T17:20:35.124Z' })).toBe(true)
    // An older "last save" than the one read is still not the one read (a restored backup, a clock set back).
    expect(isStaleVersion({ expectedAt: '2026-11-25T17:20:35.123Z', savedAt: '2026-11-25T17:20:35.122Z' })).toBe(true)
  })

  it('cannot be judged for a document never saved (settings nobody has edited yet)', () => {
    for (const savedAt of [undefined, null, '']) expect(isStaleVersion({ expectedAt: '2026-11-25T17:20:35.123Z', savedAt })).toBe(false)
  })

  it('is explained in sentences that name the document and say what to do', () => {
    expect(staleVersionMessage({ document: { name: 'the site settings', pronoun: 'them' } })).toBe(
      'Someone else changed the site settings since you opened them. Nothing was saved. Reload to see their changes, then make yours again.',
    )
  })

  it('is explained without a colon, which the admin’s error toast would cut into a list of fields', () => {
    expect(staleVersionMessage({ document: { name: 'this photo', pronoun: 'it' } })).not.toContain(':')
  })
})
