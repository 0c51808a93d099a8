// What a photo's embedded IPTC metadata says, as plain text the newsroom can use: pure, so the upload hook,
// the bulk import and the tests read a file's tags the same way. Nothing here is trusted: every value is
// text (never HTML), cut to a length, and a value that cannot be read is left out with a note saying why.
import { visibleTextOrNull } from '../../fields/realText'
import { licenseEndProblem } from '../../licenses/licenseRules'

export type PhotoMetadata = {
  creator: string | null
  creditLine: string | null
  copyrightNotice: string | null
  source: string | null
  usageTerms: string | null
  webStatement: string | null
  licensor: string | null
  /** ISO date-time: the first moment the licence no longer holds. */
  licenseExpiresAt: string | null
  altText: string | null
  caption: string | null
  digitalSourceType: string | null
  /** Which kinds of metadata the file carried: "XMP", "IPTC-IIM". */
  foundIn: string[]
  /** What was ignored or chose between two values, for an editor to read. */
  notes: string[]
}

export const emptyPhotoMetadata = (): PhotoMetadata => ({
  creator: null,
  creditLine: null,
  copyrightNotice: null,
  source: null,
  usageTerms: null,
  webStatement: null,
  licensor: null,
  licenseExpiresAt: null,
  altText: null,
  caption: null,
  digitalSourceType: null,
  foundIn: [],
  notes: [],
})

/** Text fields longer than this are agency boilerplate gone wrong, or an attack: cut, with a note. */
export const MAX_VALUE_LENGTH = 2000
const MAX_NOTE_VALUE = 80

// Control characters (other than white space) have no place in a credit or a caption.
// (Unicode's Cc category minus tab, line feed and carriage return.)
const CONTROL = /(?![\t\n\r])\p{Cc}/gu

const quoted = (text: string) => `“${text.length > MAX_NOTE_VALUE ? `${text.slice(0, MAX_NOTE_VALUE - 1)}…` : text}”`

/** Visible text of at most MAX_VALUE_LENGTH characters, or null; a cut is noted. */
export function cleanMetadataText({ value, label, notes }: { value: unknown; label: string; notes: string[] }): string | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'string') {
    notes.push(`The ${label} in the file is not text and was ignored.`)
    return null
  }
  const text = visibleTextOrNull(value.replace(CONTROL, ''))
  if (text === null) return null
  if (text.length <= MAX_VALUE_LENGTH) return text
  notes.push(`The ${label} in the file is ${text.length} characters long; only the first ${MAX_VALUE_LENGTH} were kept.`)
  return text.slice(0, MAX_VALUE_LENGTH)
}

/** The values the file holds for one field, as the reader found them in each kind of metadata. */
export type RawValues = { xmp?: unknown; iim?: unknown }

/**
 * XMP wins where both are present and disagree: it is what current agency tools write, and IIM is limited to
 * 2,000 bytes of Latin-1 or UTF-8 without a marker, so it is the one that gets mangled. The disagreement is noted.
 */
export function pickValue({ values, label, notes }: { values: RawValues; label: string; notes: string[] }): string | null {
  const xmp = cleanMetadataText({ value: values.xmp, label: `${label} (XMP)`, notes })
  const iim = cleanMetadataText({ value: values.iim, label: `${label} (IPTC-IIM)`, notes })
  if (xmp && iim && xmp !== iim) notes.push(`The file’s XMP and IPTC-IIM give different ${label}s (${quoted(xmp)} and ${quoted(iim)}); the XMP one was used.`)
  return xmp ?? iim
}

const IIM_DATE = /^(\d{4})(\d{2})(\d{2})$/
const IIM_TIME = /^(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})(\d{2}))?$/

/** IIM 2:37 (CCYYMMDD) and 2:38 (HHMMSS±HHMM) as one ISO instant; a date alone ends at that day's start (UTC). */
export function iimDateTime({ date, time }: { date: string | null; time: string | null }): string | null {
  const day = date ? IIM_DATE.exec(date.replace(/[-:]/g, '')) : null
  if (!day) return null
  const clock = time ? IIM_TIME.exec(time.replace(/:/g, '')) : null
  const [hh, mm, ss] = clock ? [clock[1], clock[2], clock[3]] : ['00', '00', '00']
  const zone = clock?.[4] ? `${clock[4]}${clock[5]}:${clock[6]}` : 'Z'
  return `${day[1]}-${day[2]}-${day[3]}T${hh}:${mm}:${ss}${zone}`
}

/** A licence end as stored: a real instant between the years the credit accepts, else null with a note. */
export function readLicenseEnd({ value, notes }: { value: string | null; notes: string[] }): string | null {
  if (value === null) return null
  const time = new Date(value)
  // A calendar date that rolls over (31 February) is not what the agency meant either.
  const isoDay = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  const rolledOver = isoDay && !Number.isNaN(time.getTime()) && time.toISOString().slice(0, 10) !== `${isoDay[1]}-${isoDay[2]}-${isoDay[3]}` && !/[+-]\d{2}:?\d{2}$/.test(value)
  if (Number.isNaN(time.getTime()) || rolledOver || licenseEndProblem(time.toISOString()) !== null) {
    notes.push(`The licence end date in the file (${quoted(value)}) is not a real date and was ignored.`)
    return null
  }
  return time.toISOString()
}

/**
 * The IPTC NewsCodes digital source types that mean a picture was made by an algorithm or assembled from several.
 * Not listed: `algorithmicallyEnhanced` (noise reduction, sharpening) and `compositeCapture` (frames of one
 * exposure, as phones merge them): they change how a real scene looks, not what it shows.
 */
export const DISCLOSED_SOURCE_TYPES = [
  'trainedAlgorithmicMedia',
  'compositeWithTrainedAlgorithmicMedia',
  'algorithmicMedia',
  'compositeSynthetic',
  'composite',
] as const

const SOURCE_TYPE_CODE = /(?:^|\/)([A-Za-z]+)\/?$/

/** "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" → "trainedAlgorithmicMedia". */
export const sourceTypeCode = (value: string | null | undefined): string | null =>
  typeof value === 'string' ? (SOURCE_TYPE_CODE.exec(value.trim())?.[1] ?? null) : null

/** True when readers must be told the picture is AI-generated or a composite. */
export const needsAiDisclosure = (digitalSourceType: string | null | undefined): boolean =>
  (DISCLOSED_SOURCE_TYPES as readonly string[]).includes(sourceTypeCode(digitalSourceType) ?? '')
