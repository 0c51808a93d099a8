// The editorial workflow as data: the allowed moves are one table that the code and the tests both read.
import type { Role } from '../access/roles'

export const STAGES = ['draft', 'in-review', 'changes-requested', 'approved', 'published', 'archived'] as const
export type Stage = (typeof STAGES)[number]

export const STAGE_LABELS: Record<Stage, string> = {
  draft: 'draft',
  'in-review': 'in review',
  'changes-requested': 'changes requested',
  approved: 'approved',
  published: 'published',
  archived: 'archived',
}

/** `author`: the story's authors (and editors on their behalf); `editor`: editors and admins. */
export type Mover = 'author' | 'editor'

export type Transition = {
  from: readonly Stage[]
  to: Stage
  by: Mover
  action: string
  requiresNote?: boolean
  /** Separation of duties: nobody approves a story they author (admins may override with a reason). */
  forbidsAuthor?: boolean
}

export const TRANSITIONS: readonly Transition[] = [
  { from: ['draft', 'changes-requested'], to: 'in-review', by: 'author', action: 'submit for review' },
  { from: ['in-review'], to: 'changes-requested', by: 'editor', action: 'request changes', requiresNote: true },
  { from: ['in-review'], to: 'approved', by: 'editor', action: 'approve', forbidsAuthor: true },
  { from: ['in-review', 'changes-requested', 'approved', 'archived'], to: 'draft', by: 'editor', action: 'send back to draft' },
  {
    from: ['draft', 'in-review', 'changes-requested', 'approved', 'published'],
    to: 'archived',
    by: 'editor',
    action: 'archive',
  },
]

/** Publishing is Payload's own `_status: published`; these stages may go live. */
export const PUBLISHABLE_STAGES: readonly Stage[] = ['approved']

export type Actor = { role: Role | null | undefined; isAuthor: boolean }

export type TransitionRequest = { from: Stage; to: string; actor: Actor; note?: string | null; overrideReason?: string | null }

export type TransitionDecision =
  | { isAllowed: true; transition: Transition; isOverride: boolean }
  | { isAllowed: false; status: 400 | 403; message: string }

export const isStage = (value: unknown): value is Stage => typeof value === 'string' && (STAGES as readonly string[]).includes(value)

const isEditorRole = (role: Actor['role']) => role === 'editor' || role === 'admin'

const canMove = (transition: Transition, actor: Actor) =>
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
    ? `From here you can: ${moves.map((move) => `${move.action} (“${move.to}”)`).join(', ')}.`
    : 'You have no moves from here.'

export function decideTransition({ from, to, actor, note, overrideReason }: TransitionRequest): TransitionDecision {
  const moves = allowedMoves({ from, actor })
  if (!isStage(to)) {
    return { isAllowed: false, status: 400, message: `“${String(to)}” is not a stage. Stages are: ${STAGES.join(', ')}. ${describeMoves(moves)}` }
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
      message: `A story that is ${STAGE_LABELS[from]} cannot move to “${to}”. ${describeMoves(moves)}`,
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
