// The moves table (src/workflow/stages.ts) is the whole workflow: every stage change a save or a transition
// makes is a row of it, made by someone the row names, and every row is made by some save or transition.
import { decisionFor } from '../../src/access/policy'
import { ROLES, type Role } from '../../src/access/roles'
import { decideStageOfSave, type SaveFacts } from '../../src/workflow/stageOfSave'
import { canMove, CORRECTION, decideTransition, MOVES, PUBLISHABLE_STAGES, STAGES, TRANSITIONS, type Move, type Stage, type Trigger } from '../../src/workflow/stages'

// Who saves a story: the server itself (no user), or someone the collection's update access lets in (editors,
// admins, and writers on the story's byline; the `api` role cannot save stories at all).
const SAVERS: Role[] = ['admin', 'editor', 'writer']
const ACTORS: SaveFacts['actor'][] = [{ isSignedIn: false, role: undefined }, ...SAVERS.map((role) => ({ isSignedIn: true, role }))]
const BOOLEANS = [false, true]

/** The stages a transition may ask for from `from`: the hook only ever gets what decideTransition allowed. */
const requestableFrom = (from: Stage) => TRANSITIONS.filter((move) => move.from.includes(from)).map((move) => move.to)

/** Every save the enforcement can see: each stage, each kind of save, each actor. */
function everySave(): SaveFacts[] {
  const saves: SaveFacts[] = []
  for (const previousStage of STAGES)
    for (const requestedStage of [undefined, ...requestableFrom(previousStage)])
      for (const isLive of BOOLEANS)
        for (const goesLive of BOOLEANS)
          for (const isDraftSave of BOOLEANS)
            for (const requestedStatus of [undefined, 'draft', 'published'])
              for (const changesContent of BOOLEANS)
                for (const isApproverEditing of BOOLEANS)
                  for (const isCorrectionRequested of BOOLEANS)
                    for (const actor of ACTORS) {
                      if (goesLive && isDraftSave) continue // a save that goes live is never a draft save
                      if (goesLive && requestedStage) continue // a transition saves a draft or takes the story offline
                      if (isCorrectionRequested && (requestedStage || !goesLive)) continue // a correction is a publishing save
                      saves.push({
                        previousStage,
                        requestedStage,
                        isCorrectionRequested,
                        isLive,
                        goesLive,
                        isDraftSave,
                        requestedStatus,
                        changesContent,
                        isApproverEditing,
                        actor,
                        title: 'A story',
                      })
                    }
  return saves
}

/** What kind of save this is, as the table's `trigger` names it. */
const triggerOf = (save: SaveFacts): Trigger =>
  save.requestedStage
    ? 'transition'
    : save.goesLive && save.isLive && (save.isCorrectionRequested || save.previousStage === 'published')
      ? 'correct'
      : save.goesLive
        ? 'publish'
        : !save.isDraftSave && save.isLive
          ? 'unpublish'
          : 'edit'

/** The server itself (no user) makes the editors' save moves: a scheduled publication, a job. */
const mayMake = (move: Move, actor: SaveFacts['actor']) => !actor.isSignedIn || canMove(move, { role: actor.role, isAuthor: true })

const describeSave = (save: SaveFacts) => JSON.stringify({ ...save, title: undefined })

describe('the moves table holds every move the enforcement makes', () => {
  const saves = everySave()

  it('changes a story’s stage on a save only by a move of the table, of that save’s kind, that the saver may make', () => {
    const strays: string[] = []
    for (const save of saves) {
      const decision = decideStageOfSave(save)
      if (!decision.isAllowed || decision.stage === save.previousStage) continue
      const move = decision.move
      const isInTable =
        move !== undefined &&
        MOVES.includes(move) &&
        move.from.includes(save.previousStage) &&
        move.to === decision.stage &&
        move.trigger === triggerOf(save) &&
        (move.trigger === 'transition' || mayMake(move, save.actor))
      if (!isInTable) strays.push(`${save.previousStage} → ${decision.stage}: ${describeSave(save)}`)
    }
    expect(strays).toEqual([])
  })

  it('makes every move of the table that a save makes, from every stage the table names', () => {
    const made = new Set<string>()
    for (const save of saves) {
      const decision = decideStageOfSave(save)
      if (decision.isAllowed && decision.move && decision.stage !== save.previousStage) made.add(`${decision.move.action}: ${save.previousStage} → ${decision.stage}`)
    }
    const expected = MOVES.flatMap((move) => move.from.filter((from) => from !== move.to).map((from) => `${move.action}: ${from} → ${move.to}`))
    expect([...made].sort()).toEqual(expected.sort())
  })

  it('publishes exactly from the table’s publishable stages, and only for those the table lets publish', () => {
    for (const from of STAGES) {
      for (const actor of ACTORS) {
        const decision = decideStageOfSave({
          previousStage: from,
          isLive: false,
          goesLive: true,
          isDraftSave: false,
          changesContent: true,
          isApproverEditing: false,
          actor,
          title: 'A story',
        })
        const publish = MOVES.find((move) => move.trigger === 'publish' && move.from.includes(from))
        expect({ from, actor, isAllowed: decision.isAllowed }).toEqual({ from, actor, isAllowed: Boolean(publish && mayMake(publish, actor)) })
      }
    }
    expect(PUBLISHABLE_STAGES).toEqual(MOVES.filter((move) => move.trigger === 'publish').flatMap((move) => move.from))
  })

  it('keeps the stage, or refuses, where the table has no move for the save', () => {
    for (const save of saves) {
      const decision = decideStageOfSave(save)
      if (!decision.isAllowed || save.requestedStage) continue
      const hasMove = MOVES.some((move) => move.trigger === triggerOf(save) && move.from.includes(save.previousStage))
      if (!hasMove) expect({ save: describeSave(save), stage: decision.stage }).toEqual({ save: describeSave(save), stage: save.previousStage })
    }
  })

  it('allows a transition asked for by name exactly when the table has it and the actor may make it', () => {
    for (const from of STAGES)
      for (const to of STAGES)
        for (const role of ROLES)
          for (const isAuthor of BOOLEANS) {
            const decision = decideTransition({ from, to, actor: { role, isAuthor }, note: 'Tighten the second paragraph.' })
            const row = TRANSITIONS.find((move) => move.from.includes(from) && move.to === to)
            const isAllowedByTable = Boolean(row && canMove(row, { role, isAuthor }) && !(row.forbidsAuthor && isAuthor))
            expect({ from, to, role, isAuthor, isAllowed: decision.isAllowed }).toEqual({ from, to, role, isAuthor, isAllowed: isAllowedByTable })
            if (decision.isAllowed) expect(decision.transition).toBe(row)
          }
  })

  it('has no move from a stage to itself and no two rows for the same kind of move between the same stages', () => {
    const pairs = MOVES.flatMap((move) => move.from.map((from) => `${move.trigger}: ${from} → ${move.to}`))
    expect(new Set(pairs).size).toBe(pairs.length)
    // A correction republishes a live story: the one row that may stay where it is.
    for (const move of MOVES.filter((row) => row.trigger !== 'correct')) expect(move.from).not.toContain(move.to)
  })

  it('publishes a correction only of a live story, from the table’s stages, and only for editors', () => {
    const corrections = saves.filter((save) => save.isCorrectionRequested)
    for (const save of corrections) {
      const decision = decideStageOfSave(save)
      const isWriter = save.actor.isSignedIn && save.actor.role === 'writer'
      const shouldPass = !isWriter && save.isLive && CORRECTION.from.includes(save.previousStage)
      expect({ save: describeSave(save), isAllowed: decision.isAllowed }).toEqual({ save: describeSave(save), isAllowed: shouldPass })
      if (decision.isAllowed) expect(decision).toMatchObject({ stage: 'published', move: CORRECTION, isCorrectionOfLiveStory: true })
      else expect(decision.status).toBe(isWriter ? 403 : 400)
    }
  })

  it('keeps an editor’s edit of a live story as a pending correction, and starts a new revision for a writer’s', () => {
    const edit = (role: 'editor' | 'writer') =>
      decideStageOfSave({
        previousStage: 'published',
        isLive: true,
        goesLive: false,
        isDraftSave: true,
        changesContent: true,
        isApproverEditing: false,
        actor: { isSignedIn: true, role },
        title: 'A story',
      })
    expect(edit('editor')).toMatchObject({ isAllowed: true, stage: 'published' })
    expect(edit('writer')).toMatchObject({ isAllowed: true, stage: 'draft' })
  })
})

describe('who may change what readers see', () => {
  it('refuses a save that changes a live story exactly to the roles the policy table does not let publish', () => {
    for (const role of SAVERS) {
      const subject = role as 'admin' | 'editor' | 'writer'
      const mayPublish = decisionFor('articles', 'publish', subject) === 'allow'
      const decision = decideStageOfSave({
        previousStage: 'published',
        requestedStage: undefined,
        isLive: true,
        goesLive: false,
        isDraftSave: false,
        requestedStatus: 'published',
        changesContent: true,
        isApproverEditing: false,
        actor: { isSignedIn: true, role },
        title: 'A live story',
      })
      expect({ role, refusedAsNotAnEditor: !decision.isAllowed && decision.status === 403 }).toEqual({ role, refusedAsNotAnEditor: !mayPublish })
    }
  })
})
