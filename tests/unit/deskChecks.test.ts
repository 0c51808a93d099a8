import {
  approvalBlockers,
  DESK_CHECK_KEYS,
  DESK_CHECKS,
  describeApprovalRefusal,
  isWaiverRequestProblem,
  judgeDeskChecks,
  keptWaivers,
  readWaiverRequest,
  WAIVABLE_CHECKS,
  type DeskCheckStory,
} from '../../src/workflow/deskChecks'
import { MOVES } from '../../src/workflow/stages'

const ready: DeskCheckStory = { title: 'Headline', dek: 'Dek', meta: { title: 'SEO title', description: 'SEO description' }, topics: ['courts'] }
const waiver = (check: string, note = 'Because.') => ({ check, note, waivedBy: 1, waivedAt: '2026-12-01T10:00:00.000Z' })
const unmet = (story: DeskCheckStory, imageProblems: string[] = [], waivers: unknown = []) =>
  approvalBlockers(judgeDeskChecks({ story, imageProblems, waivers })).map((verdict) => verdict.check)

describe('the desk checks table', () => {
  it('has one row per check, and never lets images or the headline be waived', () => {
    expect(DESK_CHECKS.map((check) => check.key)).toEqual([...DESK_CHECK_KEYS])
    expect(WAIVABLE_CHECKS.map((check) => check.key)).toEqual(['dek', 'seoTitle', 'seoDescription', 'topic'])
  })

  it('is required by the approval move and no other', () => {
    expect(MOVES.filter((move) => move.requiresDeskChecks).map((move) => `${move.from.join('|')}→${move.to} (${move.trigger})`)).toEqual(['in-review→approved (transition)'])
  })
})

describe('judging a story', () => {
  it('passes a story with everything', () => {
    expect(unmet(ready)).toEqual([])
  })

  it('treats missing, empty and invisible-only text as missing', () => {
    expect(unmet({ title: '\u200b', dek: ' \u2060 ', meta: null, topics: ['', '\ufeff'] })).toEqual(['headline', 'dek', 'seoTitle', 'seoDescription', 'topic'])
    expect(unmet({ ...ready, topics: 'courts' })).toEqual(['topic'])
    expect(unmet({ ...ready, meta: { title: 42, description: ['x'] } })).toEqual(['seoTitle', 'seoDescription'])
  })

  it('blocks on image problems, whatever waivers say', () => {
    expect(unmet(ready, ['Image "a.jpg" has no photo credit.'], [waiver('images')])).toEqual(['images'])
  })

  it('lets a waiver cover a waivable check, and only that check', () => {
    expect(unmet({ ...ready, dek: null, topics: [] }, [], [waiver('dek')])).toEqual(['topic'])
    expect(unmet({ ...ready, title: '' }, [], [waiver('headline')])).toEqual(['headline'])
    expect(unmet(ready, [], 'not a list')).toEqual([])
  })

  it('says what is wrong, and mentions waiving only when something can be waived', () => {
    const imagesOnly = approvalBlockers(judgeDeskChecks({ story: ready, imageProblems: ['Image "a.jpg" has no photo credit.', 'Image "b.jpg" has no alt text.'], waivers: [] }))
    expect(describeApprovalRefusal({ title: 'Vigil', blockers: imagesOnly })).toBe(
      '“Vigil” cannot be approved yet. 2 images are not ready: Image "a.jpg" has no photo credit. Image "b.jpg" has no alt text. Fix these first.',
    )
    const dekMissing = approvalBlockers(judgeDeskChecks({ story: { ...ready, dek: null }, imageProblems: [], waivers: [] }))
    expect(describeApprovalRefusal({ title: 'Vigil', blockers: dekMissing })).toMatch(/It has no dek .* may instead waive/)
  })
})

describe('reading a waiver request', () => {
  it('accepts a waivable check with a note, trimmed of invisible characters at either end', () => {
    const request = readWaiverRequest({ check: 'seoTitle', note: '\u200b  The web desk\n writes it.\u2060 ' })
    expect(isWaiverRequestProblem(request) ? request : { check: request.check.key, note: request.note }).toEqual({ check: 'seoTitle', note: 'The web desk writes it.' })
  })

  it.each([
    [{ check: 'dek', note: '' }, /write a note/],
    [{ check: 'dek', note: '\u200b\u00a0\t' }, /invisible characters alone/],
    [{ check: 'dek', note: null }, /write a note/],
    [{ check: 'dek', note: 'x'.repeat(1001) }, /1,001 characters long; keep it to 1,000/],
    [{ check: 'nope', note: 'Why.' }, /no desk check called “nope”/],
    [{ check: 'images', note: 'Why.' }, /Images cannot be waived/],
    [{ check: 'headline', note: 'Why.' }, /headline cannot be waived/],
    [{ check: 7, note: 'Why.' }, /Say which desk check/],
    [{ check: undefined, note: 'Why.' }, /Say which desk check/],
  ])('refuses %j', (body, message) => {
    const request = readWaiverRequest(body)
    expect(isWaiverRequestProblem(request) && request.message).toMatch(message)
  })
})

describe('which waivers a save keeps', () => {
  const checksOf = (waivers: { check: string }[]) => waivers.map((kept) => kept.check)

  it('keeps waivers of checks still unmet, drops those now met, adds and replaces the requested one', () => {
    const story = { ...ready, dek: null, topics: [] }
    expect(checksOf(keptWaivers({ previous: [waiver('dek'), waiver('seoTitle')], story, isGoingLive: false }))).toEqual(['dek'])
    const replaced = keptWaivers({ previous: [waiver('dek', 'Old.')], requested: waiver('dek', 'New.'), story, isGoingLive: false })
    expect(replaced.map((kept) => kept.note)).toEqual(['New.'])
    expect(checksOf(keptWaivers({ previous: [waiver('dek')], requested: waiver('topic'), story, isGoingLive: false }))).toEqual(['dek', 'topic'])
  })

  it('clears every waiver when the story goes live, and never keeps one of an unknown or unwaivable check', () => {
    expect(keptWaivers({ previous: [waiver('dek')], story: { ...ready, dek: null }, isGoingLive: true })).toEqual([])
    expect(keptWaivers({ previous: [waiver('images'), waiver('legal'), 'junk', null], story: { title: '' }, isGoingLive: false })).toEqual([])
  })
})
