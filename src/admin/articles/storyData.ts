// What the story's editorial panels show, as GET /api/articles/:id/editorial-panels answers it in one request:
// the latest draft's workflow facts, the publish gate's verdict, the images' facts, notes, stage log and names.
import { collectStoryReferences, type StoryInput } from '../../collections/Articles/storyReferences'
import type { Missing } from '../../publishGate/attributionProblems'
import type { DeskCheckAnswer } from './DeskChecksList'
import type { EditWarningAnswer } from '../../workflow/editWarningEndpoint'
import type { Reviewer } from '../../workflow/reviewersEndpoint'
import { PUBLISHABLE_STAGES, quotedStage } from '../../workflow/stages'

type Id = number | string

export type ReadinessProblem = { mediaId: Id; filename: string | null; alt: string | null; location: string; missing: Missing[]; message: string }
export type Readiness = {
  ready: boolean
  stage: string | null
  problems: ReadinessProblem[]
  /** The desk's checks before approval, and whether they are all met or waived (src/workflow/deskChecks.ts). */
  deskChecks?: DeskCheckAnswer[]
  canBeApproved?: boolean
}

/** The latest draft's workflow facts (the body stays on the server: the panels need only what it shows). */
export type StoryDraft = {
  id: Id
  title?: string | null
  stage?: string | null
  _status?: 'draft' | 'published' | null
  authors?: unknown[] | null
  writers?: unknown[] | null
  reviewer?: unknown
  approvedBy?: unknown
  dueAt?: string | null
  updatedAt?: string | null
}

export type MediaSummary = {
  id: Id
  filename?: string | null
  alt?: string | null
  caption?: string | null
  creditLine?: string | null
  credit?: unknown
  aiDisclosure?: string | null
  needsAPerson?: string | null
  /** The photo's own licence end (from its file, or renewed by an editor): it withholds the photo from then on. */
  licenseExpiresAt?: string | null
  /** What the photo's file said about its rights (staff read it). */
  embeddedMetadata?: {
    usageTerms?: string | null
    licensor?: string | null
    webStatement?: string | null
    licenseExpiresAt?: string | null
    copyrightNotice?: string | null
  } | null
  url?: string | null
  thumbnailURL?: string | null
  sizes?: { thumbnail?: { url?: string | null } | null } | null
}

export type StoryImage = {
  mediaId: Id
  media: MediaSummary | null
  locations: string[]
  missing: Missing[]
  messages: string[]
}

export type PanelNote = { id: Id; text: string; createdAt: string; author: Id | null }
export type PanelStageChange = { id: Id; from: string | null; to: string; note: string | null; overrideReason: string | null; createdAt: string; by: Id | null }

export type EditorialPanels = {
  story: StoryDraft
  /** Null when this user may not check the story (a writer who is not among its authors): `readinessRefusal` says why. */
  readiness: Readiness | null
  readinessRefusal: string | null
  images: StoryImage[]
  notes: PanelNote[]
  /** Newest first. */
  stageChanges: PanelStageChange[]
  editWarning: EditWarningAnswer
  /** Names of everyone the panels mention (authors, writers, reviewer, approver, note writers, movers), by id. */
  people: Record<string, string>
  /** Who may be asked to review, when this user may submit the story; else empty. */
  reviewers: Reviewer[]
}

/** Every image the story shows, once each, with where it appears and what the publish gate says about it. */
export function describeImages({
  story,
  readiness,
  media,
}: {
  story: StoryInput
  readiness: Readiness | null
  media: MediaSummary[]
}): StoryImage[] {
  const { imageUses, imageIds } = collectStoryReferences(story)
  const byId = new Map(media.map((doc) => [String(doc.id), doc]))
  return imageIds.map((mediaId) => {
    const key = String(mediaId)
    const problems = (readiness?.problems ?? []).filter((problem) => String(problem.mediaId) === key)
    return {
      mediaId,
      media: byId.get(key) ?? null,
      locations: imageUses.filter((use) => String(use.mediaId) === key).map((use) => use.location),
      missing: [...new Set(problems.flatMap((problem) => problem.missing))],
      messages: problems.map((problem) => problem.message),
    }
  })
}

const MISSING_PHRASES: Record<Missing, [string, string]> = {
  credit: ['image lacks a credit', 'images lack credits'],
  alt: ['image lacks real alt text', 'images lack real alt text'],
  license: ['image has an expired licence', 'images have expired licences'],
  disclosure: ['AI-generated or composite image lacks a disclosure', 'AI-generated or composite images lack disclosures'],
}

export const MISSING_LABELS: Record<Missing, string> = {
  credit: 'photo credit',
  alt: 'alt text',
  license: 'valid licence',
  disclosure: 'AI or composite disclosure',
}

/** Stages from which the Publish button may take the story live (the moves table's, or a live story's correction). */
const PUBLISHABLE: readonly string[] = [...PUBLISHABLE_STAGES, 'published']

/** "1 image lacks a credit; needs approval (it is in review)", or null when nothing stands in the way. */
export function whyPublishingIsBlocked({ readiness }: { readiness: Readiness }): string[] {
  const reasons: string[] = []
  const counts = new Map<Missing, Set<string>>()
  for (const problem of readiness.problems) {
    for (const missing of problem.missing) {
      if (!counts.has(missing)) counts.set(missing, new Set())
      counts.get(missing)!.add(String(problem.mediaId))
    }
  }
  for (const [missing, ids] of counts) {
    const [one, many] = MISSING_PHRASES[missing]
    reasons.push(`${ids.size} ${ids.size === 1 ? one : many}`)
  }
  const stage = readiness.stage ?? 'draft'
  if (!PUBLISHABLE.includes(stage)) reasons.push(`needs approval (it is in ${quotedStage(stage)})`)
  return reasons
}
