// What a desk expects of a story before approving it, as one table: the approval enforces it (enforceEditorialWorkflow),
// the readiness panel lists it, the waiver endpoint reads which checks an editor may waive. Pure: no Payload here.
import { isRealText, visibleTextOrNull } from '../fields/realText'

export const DESK_CHECK_KEYS = ['images', 'headline', 'dek', 'seoTitle', 'seoDescription', 'topic'] as const
export type DeskCheckKey = (typeof DESK_CHECK_KEYS)[number]

/** The parts of a story the checks read (the SEO plugin keeps its title and description under `meta`). */
export type DeskCheckStory = {
  title?: unknown
  dek?: unknown
  meta?: { title?: unknown; description?: unknown } | null
  topics?: unknown
}

/** What the checks know besides the story: the publish gate's verdict on its images, as sentences. */
export type DeskCheckFacts = { story: DeskCheckStory; imageProblems: readonly string[] }

export type DeskCheck = {
  key: DeskCheckKey
  /** What the readiness panel calls it. */
  label: string
  /**
   * Whether an editor may approve without it, with a note. Images never: readers must not see a photo without its
   * credit. The headline never: a story cannot be published without one.
   */
  isWaivable: boolean
  isMet: (facts: DeskCheckFacts) => boolean
  /** What is wrong, as a sentence a person acts on. */
  problem: (facts: DeskCheckFacts) => string
}

const hasTopic = (topics: unknown) => Array.isArray(topics) && topics.some(isRealText)

/** A check that one text of the story has visible characters (not only spaces or invisible ones). */
const needsText = ({ text, problem, ...check }: Pick<DeskCheck, 'key' | 'label' | 'isWaivable'> & { text: (story: DeskCheckStory) => unknown; problem: string }): DeskCheck => ({
  ...check,
  isMet: ({ story }) => isRealText(text(story)),
  problem: () => problem,
})

export const DESK_CHECKS: readonly DeskCheck[] = [
  {
    key: 'images',
    label: 'Images ready',
    isWaivable: false,
    isMet: ({ imageProblems }) => imageProblems.length === 0,
    problem: ({ imageProblems }) =>
      `${imageProblems.length === 1 ? '1 image is' : `${imageProblems.length} images are`} not ready: ${imageProblems.join(' ')}`,
  },
  needsText({ key: 'headline', label: 'Headline', isWaivable: false, text: (story) => story.title, problem: 'It has no headline.' }),
  needsText({ key: 'dek', label: 'Dek', isWaivable: true, text: (story) => story.dek, problem: 'It has no dek (the standfirst under the headline).' }),
  needsText({ key: 'seoTitle', label: 'SEO title', isWaivable: true, text: (story) => story.meta?.title, problem: 'It has no SEO title (SEO in the sidebar; “Auto-generate” starts from the headline).' }),
  needsText({ key: 'seoDescription', label: 'SEO description', isWaivable: true, text: (story) => story.meta?.description, problem: 'It has no SEO description (SEO in the sidebar; “Auto-generate” starts from the dek).' }),
  {
    key: 'topic',
    label: 'At least one topic',
    isWaivable: true,
    isMet: ({ story }) => hasTopic(story.topics),
    problem: () => 'It is filed under no topic.',
  },
]

export const WAIVABLE_CHECKS: readonly DeskCheck[] = DESK_CHECKS.filter((check) => check.isWaivable)

export const deskCheckNamed = (key: unknown): DeskCheck | undefined => DESK_CHECKS.find((check) => check.key === key)

/** Long enough to say why; bounds what the log keeps. */
export const WAIVER_NOTE_MAX_LENGTH = 1000

type Id = number | string

/** A check an editor let go, with why, who and when (kept on the story, logged in its stage log). */
export type DeskCheckWaiver = { check: string; note: string; waivedBy?: Id | { id: Id } | null; waivedAt: string }

export type DeskCheckVerdict = {
  check: DeskCheckKey
  label: string
  isMet: boolean
  isWaivable: boolean
  /** The sentence saying what is wrong, when the check is not met. */
  problem: string | null
  waiver: DeskCheckWaiver | null
}

export const waiversOf = (value: unknown): DeskCheckWaiver[] =>
  Array.isArray(value)
    ? value.filter((item): item is DeskCheckWaiver => Boolean(item) && typeof item === 'object' && typeof (item as DeskCheckWaiver).check === 'string')
    : []

/** Every check, met or not, with the waiver that covers it (a waiver never covers a check that cannot be waived). */
export function judgeDeskChecks({ story, imageProblems, waivers }: DeskCheckFacts & { waivers: unknown }): DeskCheckVerdict[] {
  const given = waiversOf(waivers)
  return DESK_CHECKS.map((check) => {
    const isMet = check.isMet({ story, imageProblems })
    return {
      check: check.key,
      label: check.label,
      isMet,
      isWaivable: check.isWaivable,
      problem: isMet ? null : check.problem({ story, imageProblems }),
      waiver: !isMet && check.isWaivable ? (given.find((waiver) => waiver.check === check.key) ?? null) : null,
    }
  })
}

/** The checks that stand in the way of approval: not met and not waived. */
export const approvalBlockers = (verdicts: readonly DeskCheckVerdict[]) => verdicts.filter((verdict) => !verdict.isMet && !verdict.waiver)

export function describeApprovalRefusal({ title, blockers }: { title: string; blockers: readonly DeskCheckVerdict[] }): string {
  const canWaiveSome = blockers.some((blocker) => blocker.isWaivable)
  return (
    `“${title}” cannot be approved yet. ${blockers.map((blocker) => blocker.problem).join(' ')} ` +
    (canWaiveSome
      ? 'Fix these first; an editor may instead waive the dek, SEO and topic checks with a note that says why (the readiness panel’s “Waive”).'
      : 'Fix these first.')
  )
}

export type WaiverRequest = { check: DeskCheck; note: string }
export type WaiverRequestProblem = { status: 400; message: string }

const waivableNames = () => WAIVABLE_CHECKS.map((check) => `“${check.key}” (${check.label})`).join(', ')

/** Reads `{ check, note }` as a client sent it: a known check that may be waived, and a note with something to say. */
export function readWaiverRequest({ check, note }: { check: unknown; note: unknown }): WaiverRequest | WaiverRequestProblem {
  const refuse = (message: string): WaiverRequestProblem => ({ status: 400, message })
  if (typeof check !== 'string' || check === '') return refuse(`Say which desk check to waive: one of ${waivableNames()}.`)
  const known = deskCheckNamed(check)
  if (!known) return refuse(`There is no desk check called “${check.slice(0, 60)}”. The checks an editor may waive are ${waivableNames()}.`)
  if (!known.isWaivable) {
    return refuse(
      known.key === 'images'
        ? 'Images cannot be waived: readers never see a photo without its credit, alt text and a valid licence. Fix the images the readiness panel lists.'
        : `The ${known.label.toLowerCase()} cannot be waived: a story is not published without one. Write it.`,
    )
  }
  if (typeof note !== 'string') return refuse(`To waive the ${known.label} check, write a note that says why (text, up to ${WAIVER_NOTE_MAX_LENGTH.toLocaleString('en')} characters).`)
  const text = visibleTextOrNull(note)
  if (text === null) {
    return refuse(`To waive the ${known.label} check, write a note that says why. Spaces or invisible characters alone say nothing.`)
  }
  if (text.length > WAIVER_NOTE_MAX_LENGTH) {
    return refuse(`The note is ${text.length.toLocaleString('en')} characters long; keep it to ${WAIVER_NOTE_MAX_LENGTH.toLocaleString('en')}.`)
  }
  return { check: known, note: text }
}

export const isWaiverRequestProblem = (value: WaiverRequest | WaiverRequestProblem): value is WaiverRequestProblem => 'status' in value

/**
 * The waivers a save keeps. A waiver holds for the revision it was given for: it is dropped once its check is met
 * (a later gap needs a new one, with its own note) and all go when the story is published. A new waiver of a check
 * replaces the older one. Waivers only ever come from `previous` and `requested`, never from what a client sent.
 */
export function keptWaivers({
  previous,
  requested,
  story,
  isGoingLive,
}: {
  previous: unknown
  requested?: DeskCheckWaiver
  story: DeskCheckStory
  isGoingLive: boolean
}): DeskCheckWaiver[] {
  if (isGoingLive) return []
  const candidates = [...waiversOf(previous).filter((waiver) => waiver.check !== requested?.check), ...(requested ? [requested] : [])]
  return candidates.filter((waiver) => {
    const check = deskCheckNamed(waiver.check)
    return Boolean(check?.isWaivable) && !check!.isMet({ story, imageProblems: [] })
  })
}
