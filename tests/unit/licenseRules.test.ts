import { createResponseCache } from '../../src/cache/responseCache'
import { publicCacheControl } from '../../src/cache/publicCache'
import { groupByCredit } from '../../src/licenses/expiringLicenses'
import {
  earliestEndAfter,
  isEndingSoon,
  isLicenseRunning,
  licenseEndProblem,
  runningLicenseWhere,
  warningDaysFrom,
  withdrawalAlertKey,
  withdrawalMessage,
} from '../../src/licenses/licenseRules'

const now = new Date('2026-12-04T10:00:00.000Z')
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString()

describe('whether a licence lets readers see a photo', () => {
  it('holds without an end date, and until the very moment it ends', () => {
    expect(isLicenseRunning({ expiresAt: null, now })).toBe(true)
    expect(isLicenseRunning({ expiresAt: undefined, now })).toBe(true)
    expect(isLicenseRunning({ expiresAt: at(1), now })).toBe(true)
    expect(isLicenseRunning({ expiresAt: at(0), now })).toBe(false)
    expect(isLicenseRunning({ expiresAt: new Date(now.getTime() - 1), now })).toBe(false)
  })

  it('does not hold for a date nobody can read', () => {
    expect(isLicenseRunning({ expiresAt: 'next tuesday', now })).toBe(false)
    expect(isLicenseRunning({ expiresAt: {}, now })).toBe(false)
  })

  it('is asked of the database as "no end date, or an end after now"', () => {
    expect(runningLicenseWhere('credit.licenseExpiresAt', now)).toEqual({
      or: [{ 'credit.licenseExpiresAt': { exists: false } }, { 'credit.licenseExpiresAt': { greater_than: now.toISOString() } }],
    })
  })
})

describe('how long a public response may be kept', () => {
  it('ends at the first licence end after production started, ignoring ends already past and unreadable dates', () => {
    const started = now.getTime()
    expect(earliestEndAfter([at(5000), at(2000), null, 'junk', at(-1000), at(0)], started)).toBe(now.getTime() + 2000)
    expect(earliestEndAfter([null, at(-5)], started)).toBeUndefined()
    expect(earliestEndAfter([], started)).toBeUndefined()
  })

  it('keeps the usual Cache-Control when the end is far, and never lets any cache keep it past the end', () => {
    const base = now.getTime()
    expect(publicCacheControl(undefined, base)).toBe('public, max-age=60, stale-while-revalidate=300')
    expect(publicCacheControl(base + 3600_000, base)).toBe('public, max-age=60, stale-while-revalidate=300')
    expect(publicCacheControl(base + 120_500, base)).toBe('public, max-age=60, stale-while-revalidate=60')
    expect(publicCacheControl(base + 3_900, base)).toBe('public, max-age=3')
    expect(publicCacheControl(base + 900, base)).toBe('no-store')
    expect(publicCacheControl(base - 10_000, base)).toBe('no-store')
  })

  it('lets the response cache serve an entry only until its end, and never store one already past it', () => {
    let clock = now.getTime()
    const cache = createResponseCache({ maxEntries: 10, maxBytes: 10_000, now: () => clock })
    const entry = (expiresAt?: number) => ({ status: 200, body: Buffer.from('x'), contentType: 'application/json', etag: '"e"', tags: ['media:1'], expiresAt })
    expect(cache.set('ends soon', entry(clock + 1000), cache.generation)).toBe(true)
    expect(cache.set('never ends', entry(), cache.generation)).toBe(true)
    expect(cache.set('already ended', entry(clock), cache.generation)).toBe(false)
    expect(cache.get('ends soon')).toBeDefined()
    clock += 999
    expect(cache.get('ends soon')).toBeDefined()
    clock += 1
    expect(cache.get('ends soon')).toBeUndefined()
    expect(cache.size).toBe(1)
    expect(cache.get('never ends')).toBeDefined()
  })
})

describe('the dashboard warning', () => {
  it('covers licences ending after now and within the warning days', () => {
    const day = 24 * 3600 * 1000
    expect(isEndingSoon({ expiresAt: at(3 * day), now, days: 7 })).toBe(true)
    expect(isEndingSoon({ expiresAt: at(7 * day), now, days: 7 })).toBe(true)
    expect(isEndingSoon({ expiresAt: at(7 * day + 1), now, days: 7 })).toBe(false)
    expect(isEndingSoon({ expiresAt: at(-1), now, days: 7 })).toBe(false)
    expect(isEndingSoon({ expiresAt: null, now, days: 7 })).toBe(false)
  })

  it('reads LICENSE_WARNING_DAYS as a positive whole number, else the default', () => {
    expect(warningDaysFrom(undefined, 7)).toBe(7)
    expect(warningDaysFrom('14', 7)).toBe(14)
    for (const bad of ['', '  ', '0', '-3', '2.5', 'seven', '1e400']) expect(warningDaysFrom(bad, 7)).toBe(7)
  })

  it('groups a credit’s live stories and images once each, soonest first as the query orders them', () => {
    const rows = [
      { credit_id: 1, credit_line: 'A/AFP', license_expires_at: at(1000), article_id: 10, title: 'One', slug: 'one', media_id: 100, filename: 'a.jpg' },
      { credit_id: 1, credit_line: 'A/AFP', license_expires_at: at(1000), article_id: 10, title: 'One', slug: 'one', media_id: 101, filename: 'b.jpg' },
      { credit_id: 1, credit_line: 'A/AFP', license_expires_at: at(1000), article_id: 11, title: 'Two', slug: 'two', media_id: 100, filename: 'a.jpg' },
      { credit_id: 2, credit_line: null, license_expires_at: at(2000), article_id: 11, title: 'Two', slug: 'two', media_id: 102, filename: null },
    ]
    expect(groupByCredit(rows)).toEqual([
      {
        creditId: 1,
        creditLine: 'A/AFP',
        expiresAt: at(1000),
        stories: [{ id: 10, title: 'One', slug: 'one' }, { id: 11, title: 'Two', slug: 'two' }],
        images: [{ id: 100, filename: 'a.jpg' }, { id: 101, filename: 'b.jpg' }],
      },
      { creditId: 2, creditLine: null, expiresAt: at(2000), stories: [{ id: 11, title: 'Two', slug: 'two' }], images: [{ id: 102, filename: null }] },
    ])
  })
})

describe('the editors’ alert', () => {
  const image = { articleId: 7, title: 'Floods in the valley', mediaId: 42, filename: 'flood.jpg', alt: 'A flooded road', creditLine: 'Jane Doe/AFP', expiresAt: at(0) }

  it('names the story, the image and its credit, says readers no longer see it and what to do', () => {
    const message = withdrawalMessage(image)
    expect(message).toContain('“Floods in the valley” (story 7)')
    expect(message).toContain('“flood.jpg” (media 42)')
    expect(message).toContain('Jane Doe/AFP')
    expect(message).toContain('2026-12-04 10:00 UTC')
    expect(message).toMatch(/Replace the image in the story, or renew the licence\.$/)
    expect(withdrawalMessage({ ...image, filename: null, creditLine: null })).toContain('image media 42 ended')
  })

  it('is raised once per story, image and licence end', () => {
    expect(withdrawalAlertKey(image)).toBe(withdrawalAlertKey({ ...image, expiresAt: new Date(image.expiresAt).toISOString() }))
    expect(withdrawalAlertKey(image)).not.toBe(withdrawalAlertKey({ ...image, mediaId: 43 }))
    expect(withdrawalAlertKey(image)).not.toBe(withdrawalAlertKey({ ...image, expiresAt: at(60_000) }))
  })
})

describe('a licence end an editor can store', () => {
  it('is no end at all, or a readable date and time between 1900 and 9999', () => {
    for (const good of [null, undefined, '2027-01-31T00:00:00Z', '2027-01-31', new Date('2030-05-01T12:00:00Z')]) expect(licenseEndProblem(good)).toBeNull()
  })

  it('is refused with a sentence that says what to send, for anything else', () => {
    for (const bad of ['', ' ', '\u200b', 'tomorrow', '+275760-09-13T00:00:00.000Z', '0001-01-01T00:00:00Z', 12, true, {}, [], new Date('nope')]) {
      expect(licenseEndProblem(bad)).toMatch(/^The licence end must be a date and time between 1900 and 9999/)
    }
  })
})
