// The pure rules of the audit log and the session list: the change in brief never carries a secret, devices read as
// people say them, retention counts days.
import { briefDetails, changedFieldNames, MAX_DETAIL_CHARACTERS } from '../../src/audit/changeInBrief'
import { auditRetentionCutoff } from '../../src/audit/retention'
import { describeDevice } from '../../src/sessions/describeDevice'
import { isSessionId } from '../../src/sessions/sessionRows'

describe('the change in brief', () => {
  it('names the fields that changed, leaving out secrets and bookkeeping', () => {
    const before = { name: 'A', role: 'writer', hash: 'h1', apiKey: 'k1', updatedAt: '1', sessions: [1], promotion: { id: 3, title: 'x' } }
    const after = { name: 'B', role: 'writer', hash: 'h2', apiKey: 'k2', updatedAt: '2', sessions: [], promotion: 3 }
    expect(changedFieldNames(before, after)).toEqual(['name'])
  })

  it('removes secret-named keys at any depth and cuts huge details', () => {
    expect(briefDetails({ from: 'writer', nested: { password: 'p', apiKey: 'k', kept: 1 } })).toEqual({ from: 'writer', nested: { kept: 1 } })
    const huge = briefDetails({ changed: Array.from({ length: 5000 }, (_, i) => `field${i}`) })!
    expect(String(huge.truncated).length).toBe(MAX_DETAIL_CHARACTERS)
  })
})

describe('sessions', () => {
  it('describes devices from their user agents', () => {
    expect(describeDevice('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36')).toBe('Chrome on Windows')
    expect(describeDevice('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15')).toBe('Safari on macOS')
    expect(describeDevice('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0')).toBe('Edge on Windows')
    expect(describeDevice('curl/8.5.0')).toBe('curl')
    expect(describeDevice('')).toBe('An unknown device')
    expect(describeDevice(undefined)).toBe('An unknown device')
  })

  it('accepts only UUIDs as session ids', () => {
    expect(isSessionId('fd858b18-8a28-499c-ba8d-428fe98ac6ec')).toBe(true)
    for (const value of ['', 'abc', "' or 1=1", 'fd858b18-8a28-499c-ba8d-428fe98ac6eg', 42, null, 'fd858b18-8a28-499c-ba8d-428fe98ac6ec ']) expect(isSessionId(value)).toBe(false)
  })
})

describe('retention', () => {
  it('removes what is older than the configured number of days', () => {
    expect(auditRetentionCutoff({ now: new Date('2026-12-04T00:00:00Z'), retentionDays: 400 }).toISOString()).toBe('2025-10-30T00:00:00.000Z')
  })
})
