// Submitting for review: the due date and reviewer a person chose, checked before anything is saved; and every
// workflow message names stages by the labels people read.
import { ROLES } from '../../src/access/roles'
import { readDueDate, readReviewerId, reviewerProblem } from '../../src/workflow/reviewAssignment'
import { decideStageOfSave } from '../../src/workflow/stageOfSave'
import { decideTransition, holdsApproval, STAGES } from '../../src/workflow/stages'

const now = new Date('2026-12-04T12:00:00Z')

describe('the due date of a review', () => {
  it('accepts a future date with or without a time and an offset, as an instant', () => {
    expect(readDueDate({ value: '2026-12-05T09:30:00Z', now })).toEqual({ isGiven: true, value: '2026-12-05T09:30:00.000Z' })
    expect(readDueDate({ value: '2026-12-05T10:30+01:00', now })).toEqual({ isGiven: true, value: '2026-12-05T09:30:00.000Z' })
    expect(readDueDate({ value: '2027-02-28', now })).toEqual({ isGiven: true, value: '2027-02-28T00:00:00.000Z' })
  })

  it('keeps the story’s date when none is given, and clears it with null or an empty string', () => {
    expect(readDueDate({ value: undefined, now })).toEqual({ isGiven: false })
    expect(readDueDate({ value: null, now })).toEqual({ isGiven: true, value: null })
    expect(readDueDate({ value: '', now })).toEqual({ isGiven: true, value: null })
  })

  it.each([
    ['a day that does not exist', '2027-02-29'],
    ['a month that does not exist', '2027-13-01'],
    ['an hour that does not exist', '2027-01-01T24:00:00Z'],
    ['words', 'tomorrow morning'],
    ['a bare number', '1'],
    ['a timestamp as a number', 1_900_000_000_000],
    ['an object', { date: '2027-01-01' }],
    ['a huge string', `2027-01-01T${'0'.repeat(10_000)}`],
    ['a date between invisible characters', '\u200b2027-01-01\u200b'],
  ])('refuses %s as not a date', (_name, value) => {
    expect(readDueDate({ value, now })).toEqual({ message: expect.stringMatching(/not a date/) })
  })

  it('refuses a date that has passed, and the present minute', () => {
    expect(readDueDate({ value: '2026-12-03T12:00:00Z', now })).toEqual({ message: expect.stringMatching(/already passed/) })
    expect(readDueDate({ value: now.toISOString(), now })).toEqual({ message: expect.stringMatching(/already passed/) })
  })
})

describe('the reviewer of a story', () => {
  it('reads a user number, and refuses anything else', () => {
    expect(readReviewerId(7)).toEqual({ isGiven: true, value: 7 })
    expect(readReviewerId('7')).toEqual({ isGiven: true, value: 7 })
    expect(readReviewerId(undefined)).toEqual({ isGiven: false })
    expect(readReviewerId(null)).toEqual({ isGiven: true, value: null })
    for (const value of [0, -1, 1.5, 'seven', '7; drop table', { id: 7 }, [7], '9'.repeat(40), Number.MAX_VALUE]) {
      expect(readReviewerId(value)).toEqual({ message: expect.stringMatching(/user number/) })
    }
  })

  it('must be an editor or an admin who did not write the story', () => {
    const candidate = (role: (typeof ROLES)[number]) => ({ id: 3, name: 'Ada Editor', role })
    expect(reviewerProblem({ candidate: candidate('editor'), requestedId: 3, isAuthor: false })).toBeNull()
    expect(reviewerProblem({ candidate: candidate('admin'), requestedId: 3, isAuthor: false })).toBeNull()
    expect(reviewerProblem({ candidate: candidate('writer'), requestedId: 3, isAuthor: false })?.message).toMatch(/Ada Editor is not an editor/)
    expect(reviewerProblem({ candidate: candidate('api'), requestedId: 3, isAuthor: false })?.message).toMatch(/is not an editor/)
    expect(reviewerProblem({ candidate: candidate('editor'), requestedId: 3, isAuthor: true })?.message).toMatch(/is an author of this story/)
    expect(reviewerProblem({ candidate: null, requestedId: 3, isAuthor: false })?.message).toMatch(/no user 3/)
  })
})

describe('approval', () => {
  it('is held while a story is approved or published, and by no other stage', () => {
    expect(STAGES.filter(holdsApproval)).toEqual(['approved', 'published'])
  })
})

describe('workflow messages', () => {
  const slug = /\b(in-review|changes-requested)\b|“(draft|approved|published|archived)”/

  it('name stages by their labels in every refused move, for every role', () => {
    for (const from of STAGES)
      for (const to of [...STAGES, 'nowhere'])
        for (const role of ROLES)
          for (const isAuthor of [false, true]) {
            const decision = decideTransition({ from, to, actor: { role, isAuthor } })
            if (!decision.isAllowed) expect(decision.message).not.toMatch(slug)
          }
  })

  it('name stages by their labels when a publish is refused', () => {
    for (const previousStage of STAGES) {
      const decision = decideStageOfSave({
        previousStage,
        isLive: false,
        goesLive: true,
        isDraftSave: false,
        changesContent: true,
        isApproverEditing: false,
        actor: { isSignedIn: true, role: 'editor' },
        title: 'Budget vote',
      })
      if (!decision.isAllowed) expect(decision.message).not.toMatch(slug)
    }
  })
})
