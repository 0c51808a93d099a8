// The publish gate's rule: every image a story shows needs a photo credit, real alt text and a valid licence.
import { visibleTextOrNull, withoutInvisibleCharacters } from '../fields/realText'
import { type CreditParts, formatCreditLine } from '../collections/PhotoCredits/creditLine'
import type { ImageUse } from '../collections/Articles/storyReferences'
import { needsAiDisclosure, sourceTypeCode } from '../photoDesk/readMetadata/photoMetadata'

type Id = number | string

export type MediaFacts = {
  id: Id
  filename?: string | null
  alt?: string | null
  /** `parts` (photographer, organization names), when known, let the gate see a credit that names no one. */
  credit?: { id: Id; licenseExpiresAt?: string | Date | null; parts?: CreditParts } | null
  /** The photo's own licence end (from its file, or set by an editor), apart from its credit's. */
  licenseExpiresAt?: string | Date | null
  /** The IPTC digital source type the photo's file declared (read-only on the photo). */
  digitalSourceType?: string | null
  /** What readers are told about an AI-generated or composite picture. */
  aiDisclosure?: string | null
}

export type Missing = 'credit' | 'alt' | 'license' | 'disclosure'

export type AttributionProblem = {
  mediaId: Id
  filename: string | null
  alt: string | null
  location: string
  missing: Missing[]
  message: string
}

const IMAGE_FILE_NAME = /^\S+\.(jpe?g|png|gif|webp|avif|heic|heif|tiff?|bmp|svg)$/i

/** Case, `-`, `_`, spaces and invisible characters do not make a file name into a description. */
const normalize = (text: string): string => withoutInvisibleCharacters(text.toLowerCase()).replace(/[_-]+/g, '')

const withoutExtension = (filename: string): string => filename.replace(/\.[^.\s]+$/, '')

/**
 * Alt text that describes something: visible text (the shared rule for names and titles: spaces and invisible
 * characters alone are nothing to a screen reader), and not the file name in any spelling.
 */
export function isRealAltText({ alt, filename }: { alt?: string | null; filename?: string | null }): boolean {
  const text = visibleTextOrNull(alt)
  if (text === null) return false
  // A bare image file name is never a description, even one that differs from this file's (renamed uploads).
  if (IMAGE_FILE_NAME.test(text)) return false
  if (!filename) return true
  const said = normalize(text)
  return said !== normalize(filename) && said !== normalize(withoutExtension(filename))
}

const toDate = (value: unknown): Date | null => {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null
  // An unreadable date cannot be judged; the credit form's date field keeps it from happening.
  return date && !Number.isNaN(date.getTime()) ? date : null
}

/** The first of the credit's licence end and the photo's own: either ends the photo's use. */
const licenseExpiry = (media: MediaFacts): Date | null => {
  const ends = [toDate(media.credit?.licenseExpiresAt), toDate(media.licenseExpiresAt)].filter((end): end is Date => end !== null)
  return ends.length ? new Date(Math.min(...ends.map((end) => end.getTime()))) : null
}

/** "Expires at" is the first moment the licence is no longer valid. */
const hasExpiredLicense = (media: MediaFacts, now: Date): boolean => {
  const expiry = licenseExpiry(media)
  return expiry !== null && expiry.getTime() <= now.getTime()
}

/** Known only when the caller loaded the credit's parts (the gate and the audit do). */
const namesNoOne = (media: MediaFacts): boolean => Boolean(media.credit?.parts) && formatCreditLine(media.credit!.parts!) === null

/** Calendar day in UTC, as the credit form stores it. */
const day = (date: Date | null): string => (date ? date.toISOString().slice(0, 10) : 'unknown date')

type Rule = {
  missing: Missing
  isBroken: (media: MediaFacts, now: Date) => boolean
  problem: (media: MediaFacts) => string
  fix: (media: MediaFacts) => string
}

/** The gate, as data: what each rule checks, how it is named, and what the editor should do. */
export const ATTRIBUTION_RULES: readonly Rule[] = [
  {
    missing: 'credit',
    // A credit row written before names had to be visible ("\u200b", a blank agency) renders no credit line.
    isBroken: (media) => !media.credit || namesNoOne(media),
    problem: (media) => (media.credit ? 'a photo credit that names no one' : 'no photo credit'),
    fix: (media) =>
      media.credit
        ? 'name the photographer, agency or “courtesy of” organization in the credit, or choose another credit'
        : 'add a photo credit',
  },
  {
    missing: 'alt',
    isBroken: (media) => !isRealAltText(media),
    problem: () => 'no real alt text',
    fix: () => 'write alt text that describes the image',
  },
  {
    missing: 'license',
    isBroken: hasExpiredLicense,
    problem: () => 'an expired licence',
    fix: (media) => `renew or replace the licence (expired ${day(licenseExpiry(media))})`,
  },
  {
    missing: 'disclosure',
    // The source type comes from the file and nobody can edit it, so the disclosure cannot be avoided by editing.
    isBroken: (media) => needsAiDisclosure(media.digitalSourceType) && visibleTextOrNull(media.aiDisclosure) === null,
    problem: (media) => `a file marked “${sourceTypeCode(media.digitalSourceType)}” (AI-generated or composite) and no disclosure for readers`,
    fix: () => 'write the AI or composite disclosure readers will see next to the credit line, or choose another image',
  },
]

/** "a", "a and b", "a, b, and c". */
const listOf = (items: string[]): string =>
  items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`

const ALT_SHOWN = 80

const shownAlt = (alt: string | null | undefined): string | null => {
  const text = visibleTextOrNull(alt)
  if (text === null) return null
  return text.length > ALT_SHOWN ? `${text.slice(0, ALT_SHOWN - 1)}…` : text
}

/** `"kadyrov.jpg" ("Chechen leader", media 12, hero image)`, or `media 12 (hero image)` without a file name. */
const describeImage = ({ mediaId, location, media }: { mediaId: Id; location: string; media?: MediaFacts }) => {
  const filename = media?.filename || null
  const alt = shownAlt(media?.alt)
  const details = [alt && `"${alt}"`, filename && `media ${mediaId}`, location].filter(Boolean)
  return `Image ${filename ? `"${filename}"` : `media ${mediaId}`} (${details.join(', ')})`
}

export function findAttributionProblems({
  imageUses,
  media,
  now,
}: {
  imageUses: ImageUse[]
  media: Map<string, MediaFacts>
  now: Date
}): AttributionProblem[] {
  const problems: AttributionProblem[] = []

  for (const { mediaId, location } of imageUses) {
    const facts = media.get(String(mediaId))

    if (!facts) {
      problems.push({
        mediaId,
        filename: null,
        alt: null,
        location,
        missing: ['credit'],
        message: `${describeImage({ mediaId, location })} no longer exists; remove it from the story or choose another image.`,
      })
      continue
    }

    const broken = ATTRIBUTION_RULES.filter((rule) => rule.isBroken(facts, now))
    if (broken.length === 0) continue

    const has = listOf(broken.map((rule) => rule.problem(facts)))
    const todo = listOf(broken.map((rule) => rule.fix(facts)))
    problems.push({
      mediaId,
      filename: facts.filename || null,
      alt: facts.alt ?? null,
      location,
      missing: broken.map((rule) => rule.missing),
      message: `${describeImage({ mediaId, location, media: facts })} has ${has}; ${todo}.`,
    })
  }

  return problems
}

/** One paragraph for the publish refusal: a count, then one sentence per image. */
export function summarizeProblems(problems: AttributionProblem[]): string {
  if (problems.length === 0) return ''
  const count = problems.length === 1 ? '1 image is' : `${problems.length} images are`
  return `${count} not ready to publish: ${problems.map((problem) => problem.message).join(' ')}`
}
