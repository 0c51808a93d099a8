import { canonicalTimeZone, FALLBACK_TIME_ZONE, timeZoneFrom, timeZoneValidation, withNewsroomZones } from '../../src/workflow/newsroomTimeZone'
import { defaultScheduleType, unpublishedVersionsOf, whyNothingCanBeScheduled } from '../../src/workflow/scheduleDrawer'
import { invalidSettings, settingsFrom } from '../../src/env'

describe('the newsroom’s time zone', () => {
  it('accepts IANA names in their own spelling, whatever the case', () => {
    expect(canonicalTimeZone('Europe/London')).toBe('Europe/London')
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York')
    expect(canonicalTimeZone('UTC')).toBe('UTC')
  })

  it('keeps current names the runtime knows by an older one', () => {
    expect(canonicalTimeZone('Asia/Kathmandu')).toBe('Asia/Kathmandu')
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv')
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata')
  })

  it.each(['Mars/Olympus_Mons', '+05:30', '-08:00', 'Europe/London\u200b', ' Europe/London', '', 'Europe/'.repeat(20), '../../etc/passwd', 'GMT+5:30'])(
    'refuses %j',
    (zone) => {
      expect(canonicalTimeZone(zone)).toBeNull()
      expect(timeZoneValidation(zone)).toEqual(zone === '' ? true : expect.stringMatching(/is not a time zone\. Write the newsroom’s zone as an IANA name/))
    },
  )

  it('refuses values that are not text', () => {
    for (const value of [42, ['UTC'], { zone: 'UTC' }, true]) expect(canonicalTimeZone(value)).toBeNull()
    expect(timeZoneValidation(42)).toMatch(/“42” is not a time zone/)
  })

  it('comes from NEWSROOM_TIME_ZONE, UTC without it, and a value that is no zone stops the server with a sentence', () => {
    expect(settingsFrom({}).newsroomTimeZone).toBe(FALLBACK_TIME_ZONE)
    expect(settingsFrom({ NEWSROOM_TIME_ZONE: 'europe/berlin' }).newsroomTimeZone).toBe('Europe/Berlin')
    expect(invalidSettings({ NEWSROOM_TIME_ZONE: 'Atlantis/Capital' })).toEqual([expect.stringMatching(/^NEWSROOM_TIME_ZONE is "Atlantis\/Capital", which is not a time zone/)])
    expect(timeZoneFrom('  ')).toBe(FALLBACK_TIME_ZONE)
  })

  it('is offered by the drawer even when Payload’s list lacks it, once', () => {
    const payloadList = [{ label: '(UTC+00:00) London', value: 'Europe/London' }]
    expect(withNewsroomZones(payloadList, 'Europe/London', 'UTC').map((zone) => zone.value)).toEqual(['UTC', 'Europe/London'])
    expect(withNewsroomZones(payloadList, 'Asia/Kathmandu', 'Asia/Kathmandu').map((zone) => zone.value)).toEqual(['Asia/Kathmandu', 'Europe/London'])
  })
})

describe('the schedule drawer', () => {
  it('starts on “Publish” for a story readers have never seen, and for a live story with changes', () => {
    expect(defaultScheduleType({ hasPublishedDoc: false, unpublishedVersionCount: 0 })).toBe('publish')
    expect(unpublishedVersionsOf({ hasPublishedDoc: false, unpublishedVersionCount: 0 })).toBe(1)
    expect(defaultScheduleType({ hasPublishedDoc: true, unpublishedVersionCount: 2 })).toBe('publish')
  })

  it('starts on “Unpublish” for a live story with nothing new', () => {
    expect(defaultScheduleType({ hasPublishedDoc: true, unpublishedVersionCount: 0 })).toBe('unpublish')
    expect(unpublishedVersionsOf({ hasPublishedDoc: true, unpublishedVersionCount: 0 })).toBe(0)
  })

  it('says why it is empty before approval, in the stage people read', () => {
    expect(whyNothingCanBeScheduled({ stage: 'in-review', title: 'Vigil', isLive: false })).toBe(
      'Nothing can be scheduled for publication yet: “Vigil” is in “In review”. A story is scheduled once an editor approves it.',
    )
    expect(whyNothingCanBeScheduled({ stage: 'changes-requested', title: 'Vigil', isLive: true })).toMatch(
      /is in “Changes requested”\. .* You can still schedule the live version to be unpublished\./,
    )
  })

  it('says nothing once the story is approved or live as it is', () => {
    expect(whyNothingCanBeScheduled({ stage: 'approved', title: 'Vigil', isLive: false })).toBeNull()
    expect(whyNothingCanBeScheduled({ stage: 'published', title: 'Vigil', isLive: true })).toBeNull()
  })
})
