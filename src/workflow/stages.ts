// The editorial workflow as data: the allowed moves are one table that the code and the tests both read.
import type { Role } from '../access/roles'

export const STAGES = ['draft', 'in-review', 'changes-requested', 'approved', 'published', 'archived'] as const
export type Stage = (typeof STAGES)[number]

/** What people read: badges, messages and toasts name a stage by its label, never by its slug. */
export const STAGE_LABELS: Record<Stage, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  'changes-requested': 'Changes requested',
  approved: 'Approved',
  published: 'Published',
  archived: 'Archived',
}

/** The stage as a select field offers it: stored as the slug, shown as the label (lists, where-used tables, filters). */
export const STAGE_OPTIONS = STAGES.map((stage) => ({ label: STAGE_LABELS[stage], value: stage }))

/** A stage's label for a person (a value that is no stage is shown as it is, or as a draft when empty). */
export const stageLabel = (stage: unknown): string => (isStage(stage) ? STAGE_LABELS[stage] : typeof stage === 'string' && stage ? stage : STAGE_LABELS.draft)

/** “A story in “Changes requested””: a stage inside a sentence. */
export const quotedStage = (stage: unknown): string => `“${stageLabel(stage)}”`

/** `author`: the story's authors (and editors on their behalf); `editor`: editors and admins. */
export type Mover = 'author' | 'editor'

/**
 * How a move happens: `transition` is asked for by name (POST /api/articles/:id/transition); the others are what
 * a save does to the stage: `publish` (a save with `_status: published`), `unpublish` (a save that explicitly
 * takes a live story offline with `_status: draft`), `edit` (a save that changes the story's content), `correct`
 * (an editor publishes the latest version of a live story in one step: POST /api/articles/:id/publish-correction,
 * or the Publish button while the story is still published).
 */
export type Trigger = 'transition' | 'publish' | 'unpublish' | 'edit' | 'correct'

export type Move = {
  from: readonly Stage[]
  to: Stage
  by: Mover
  action: string
  trigger: Trigger
  requiresNote?: boolean
  /** Separation of duties: nobody approves a story they author (admins may override with a reason). */
  forbidsAuthor?: boolean
  /** The desk's checks (deskChecks.ts) must be met or waived: ready images, headline, dek, SEO, a topic. */
  requiresDeskChecks?: boolean
  /** The editor who approved the story may still fix a typo: their edit keeps the approval. */
  isSkippedForApprover?: boolean
  /** An editor's edit of a live story is a correction in the making: it stays published until they publish it. */
  isSkippedForEditors?: boolean
  /** The story log's line for a move nobody asked for by name. */
  logNote?: string
}

export type Transition = Move & { trigger: 'transition' }

/**
 * Every move between stages, whoever or whatever makes it. Saves by the server itself (a scheduled publication,
 * a job) carry no user, and make the `editor` moves of their trigger too.
 */
export const MOVES: readonly Move[] = [
  { from: ['draft', 'changes-requested'], to: 'in-review', by: 'author', trigger: 'transition', action: 'submit for review' },
  { from: ['in-review'], to: 'changes-requested', by: 'editor', trigger: 'transition', action: 'request changes', requiresNote: true },
  { from: ['in-review'], to: 'approved', by: 'editor', trigger: 'transition', action: 'approve', forbidsAuthor: true, requiresDeskChecks: true },
  {
    from: ['in-review', 'changes-requested', 'approved', 'archived'],
    to: 'draft',
    by: 'editor',
    trigger: 'transition',
    action: 'send back to draft',
  },
  {
    from: ['draft', 'in-review', 'changes-requested', 'approved', 'published'],
    to: 'archived',
    by: 'editor',
    trigger: 'transition',
    action: 'archive',
  },
  // Publishing is Payload's own `_status: published`.
  { from: ['approved'], to: 'published', by: 'editor', trigger: 'publish', action: 'publish' },
  // A correction of a live story goes live in one step, through the gate, as an editor's act: from the editor's own
  // pending correction (still "published") or from a writer's new revision (a draft). The only row that may stay
  // where it is: a correction republishes a published story.
  {
    from: ['published', 'draft'],
    to: 'published',
    by: 'editor',
    trigger: 'correct',
    action: 'publish correction',
    logNote: 'Correction published.',
  },
  // Taking a live story offline (an explicit `_status: draft`) leaves it approved, whatever stage its latest draft had.
  {
    from: ['draft', 'in-review', 'changes-requested', 'published', 'archived'],
    to: 'approved',
    by: 'editor',
    trigger: 'unpublish',
    action: 'unpublish',
  },
  {
    from: ['approved'],
    to: 'in-review',
    by: 'author',
    trigger: 'edit',
    action: 'edit after approval',
    isSkippedForApprover: true,
    logNote: 'Edited after approval: back to review.',
  },
  {
    from: ['published'],
    to: 'draft',
    by: 'author',
    trigger: 'edit',
    action: 'start a new revision',
    isSkippedForEditors: true,
    logNote: 'A new revision was started.',
  },
]

const isTransition = (move: Move): move is Transition => move.trigger === 'transition'

/** The moves asked for by name, for the transition endpoint and the admin's buttons. */
export const TRANSITIONS: readonly Transition[] = MOVES.filter(isTransition)

/** The move a save with this trigger makes from `from`, if any. */
export const moveOfSave = ({
  trigger,
  from,
  isApproverEditing = false,
  isEditorEditing = false,
}: {
  trigger: Exclude<Trigger, 'transition'>
  from: Stage
  isApproverEditing?: boolean
  isEditorEditing?: boolean
}) =>
  MOVES.find(
    (move) =>
      move.trigger === trigger &&
      move.from.includes(from) &&
      !(move.isSkippedForApprover && isApproverEditing) &&
      !(move.isSkippedForEditors && isEditorEditing),
  )

/** The correction move, and the stages of a live story's latest version it may be published from. */
export const CORRECTION: Move = MOVES.find((move) => move.trigger === 'correct')!

/** Whether an editor may publish a correction of a live story whose latest version is at `stage`. */
export const isCorrectable = (stage: unknown): boolean => CORRECTION.from.includes(stage as Stage)

/** An edit by the editor who approved the story keeps it where it is (the table's exception for the approver). */
export const keepsApprovalWhenApproverEdits = (from: Stage): boolean =>
  MOVES.some((move) => move.trigger === 'edit' && move.isSkippedForApprover && move.from.includes(from))

/** The stages a story may go live from (publishing directly, or scheduled for later). */
export const PUBLISHABLE_STAGES: readonly Stage[] = MOVES.filter((move) => move.trigger === 'publish').flatMap((move) => move.from)

export const isPublishable = (stage: unknown): boolean => PUBLISHABLE_STAGES.includes(stage as Stage)

/** The stages in which a story keeps the name of the editor who approved it: approved, and what publishing leads to. */
export const APPROVED_STAGES: readonly Stage[] = [...new Set([...PUBLISHABLE_STAGES, ...MOVES.filter((move) => move.trigger === 'publish').map((move) => move.to)])]

export const holdsApproval = (stage: Stage): boolean => APPROVED_STAGES.includes(stage)

export type Actor = { role: Role | null | undefined; isAuthor: boolean }

export type TransitionRequest = { from: Stage; to: string; actor: Actor; note?: string | null; overrideReason?: string | null }

export type TransitionDecision =
  | { isAllowed: true; transition: Transition; isOverride: boolean }
  | { isAllowed: false; status: 400 | 403; message: string }

export const isStage = (value: unknown): value is Stage => typeof value === 'string' && (STAGES as readonly string[]).includes(value)

export const isEditorRole = (role: Actor['role']) => role === 'editor' || role === 'admin'

export const canMove = (transition: Move, actor: Actor) =>
  transition.by === 'editor' ? isEditorRole(actor.role) : isEditorRole(actor.role) || (actor.role === 'writer' && actor.isAuthor)

/** The moves this user may make from `from`, for messages and for the admin's buttons. */
export function allowedMoves({ from, actor }: { from: Stage; actor: Actor }): Transition[] {
  return TRANSITIONS.filter(
    (transition) =>
      transition.from.includes(from) &&
      canMove(transition, actor) &&
      !(transition.forbidsAuthor && actor.isAuthor && actor.role !== 'admin'),
  )
}

const describeMoves = (moves: Transition[]) =>
  moves.length
    ? `From here you can: ${moves.map((move) => `${move.action} (to ${quotedStage(move.to)})`).join(', ')}.`
    : 'You have no moves from here.'

export function decideTransition({ from, to, actor, note, overrideReason }: TransitionRequest): TransitionDecision {
  const moves = allowedMoves({ from, actor })
  if (!isStage(to)) {
    // The slugs a client sends stay in the answer's data (the endpoint adds them); the sentence names labels.
    return {
      isAllowed: false,
      status: 400,
      message: `That is not a stage. The stages are: ${STAGES.map(quotedStage).join(', ')}. ${describeMoves(moves)}`,
    }
  }
  if (to === 'published') {
    return {
      isAllowed: false,
      status: 400,
      message: 'Publishing is not a transition: an editor publishes an approved story with the Publish button (`_status: published`).',
    }
  }
  const transition = TRANSITIONS.find((candidate) => candidate.to === to && candidate.from.includes(from))
  if (!transition) {
    return {
      isAllowed: false,
      status: 400,
      message: `A story in ${quotedStage(from)} cannot move to ${quotedStage(to)}. ${describeMoves(moves)}`,
    }
  }
  if (!canMove(transition, actor)) {
    const who = transition.by === 'editor' ? 'Only editors' : 'Only the story’s authors and editors'
    return { isAllowed: false, status: 403, message: `${who} can ${transition.action}. ${describeMoves(moves)}` }
  }
  if (transition.requiresNote && !note?.trim()) {
    return { isAllowed: false, status: 400, message: `To ${transition.action}, add a note that says what needs to change.` }
  }
  if (transition.forbidsAuthor && actor.isAuthor) {
    if (actor.role === 'admin' && overrideReason?.trim()) return { isAllowed: true, transition, isOverride: true }
    return {
      isAllowed: false,
      status: 403,
      message:
        'You are an author of this story (on its byline, or you changed its text since it was last published), so you cannot approve it yourself: ask another editor. ' +
        (actor.role === 'admin' ? 'As an admin you may override this with a written reason (`overrideReason`).' : 'An admin may override this with a written reason.'),
    }
  }
  return { isAllowed: true, transition, isOverride: false }
}
