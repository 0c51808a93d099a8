// The newsroom's time zone: the zone the schedule drawer opens in and schedules are written in. An IANA name
// ("Europe/London", "America/New_York", "UTC"), checked against the runtime's time zone data. Pure: the admin's
// components read it too.

/** Without a setting: NEWSROOM_TIME_ZONE, else this. */
export const FALLBACK_TIME_ZONE = 'UTC'

const LONGEST_ZONE_NAME = 64
/** Region/City names; offsets such as "+05:30" are no newsroom's zone and change with no daylight saving rules. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/

const sameName = (one: string, other: string) => one.toLowerCase() === other.toLowerCase()

/**
 * The zone as stored, or null when it is no IANA zone the runtime knows. Only the case is corrected
 * ("europe/london" → "Europe/London"): the runtime's own name for a zone can be an older one (ICU answers
 * "Asia/Katmandu" for "Asia/Kathmandu", "Europe/Kiev" for "Europe/Kyiv"), and the newsroom's spelling is kept.
 */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > LONGEST_ZONE_NAME || !ZONE_NAME.test(value)) return null
  let resolved: string
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone
  } catch {
    return null
  }
  if (sameName(resolved, value)) return resolved
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone').find((zone) => sameName(zone, value)) : undefined
  return listed ?? value
}

export const describeInvalidTimeZone = (value: unknown) =>
  `“${typeof value === 'string' ? value.slice(0, LONGEST_ZONE_NAME) : String(value)}” is not a time zone. Write the newsroom’s zone as an IANA name, such as Europe/London, America/New_York or UTC.`

/** The newsroom's zone from the environment (NEWSROOM_TIME_ZONE); a value that is no zone is noted in `problems`. */
export function timeZoneFrom(value: string | undefined, problems?: string[]): string {
  if (value === undefined || value.trim() === '') return FALLBACK_TIME_ZONE
  const zone = canonicalTimeZone(value.trim())
  if (zone) return zone
  problems?.push(`NEWSROOM_TIME_ZONE is "${value.slice(0, LONGEST_ZONE_NAME)}", which is not a time zone: set an IANA name (e.g. NEWSROOM_TIME_ZONE=Europe/London) or remove it to use ${FALLBACK_TIME_ZONE}.`)
  return FALLBACK_TIME_ZONE
}

export type TimeZoneOption = { label: string; value: string }

/** The zones the schedule drawer offers: Payload's list, with UTC and the newsroom's own zone when it lacks them. */
export function withNewsroomZones(options: readonly TimeZoneOption[], ...zones: string[]): TimeZoneOption[] {
  const missing = [...new Set(zones)].filter((zone) => !options.some((option) => option.value === zone))
  return [...missing.map((zone) => ({ label: zone === 'UTC' ? '(UTC+00:00) UTC' : zone, value: zone })), ...options]
}

/** Payload's `admin.timezones`: the drawer's zones and the one it opens in until the site settings name another. */
export const adminTimeZones = (newsroomZone: string) => ({
  defaultTimezone: newsroomZone,
  supportedTimezones: ({ defaultTimezones }: { defaultTimezones: TimeZoneOption[] }) => withNewsroomZones(defaultTimezones, newsroomZone, FALLBACK_TIME_ZONE),
})

/** The site setting's field validation: empty (the server's zone) or a zone. */
export const timeZoneValidation = (value: unknown): true | string =>
  value === undefined || value === null || value === '' || canonicalTimeZone(value) !== null ? true : describeInvalidTimeZone(value)
