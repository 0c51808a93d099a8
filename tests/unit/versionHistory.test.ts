import { collapseAutosaves, describeSavers, describeVersion, type VersionSummary } from '../../src/admin/versions/versionHistory'

let counter = 0
const version = (overrides: Partial<VersionSummary> = {}): VersionSummary => ({
  id: ++counter,
  updatedAt: `2026-12-01T10:${String(counter).padStart(2, '0')}:00.000Z`,
  isAutosave: false,
  status: 'draft',
  stage: 'draft',
  savedBy: 1,
  ...overrides,
})

const shape = (versions: VersionSummary[]) =>
  collapseAutosaves(versions).map((line) => (line.kind === 'version' ? line.version.id : `autosaves(${line.versions.map((item) => item.id).join(',')})`))

describe('the version history', () => {
  it('folds each run of autosaves between deliberate saves into one line, newest first', () => {
    const newest = version({ isAutosave: true })
    const approved = version({ stage: 'approved' })
    const autosaveA = version({ isAutosave: true })
    const autosaveB = version({ isAutosave: true, savedBy: 2 })
    const submitted = version({ stage: 'in-review' })
    const autosaveC = version({ isAutosave: true })
    expect(shape([newest, approved, autosaveA, autosaveB, submitted, autosaveC])).toEqual([
      newest.id,
      approved.id,
      `autosaves(${autosaveA.id},${autosaveB.id})`,
      submitted.id,
      `autosaves(${autosaveC.id})`,
    ])
  })

  it('keeps every deliberate save on its own line, and an empty history empty', () => {
    const saves = [version(), version({ status: 'published', stage: 'published' }), version()]
    expect(shape(saves)).toEqual(saves.map((item) => item.id))
    expect(collapseAutosaves([])).toEqual([])
  })

  it('names who saved, once each, and the server for saves nobody signed in made', () => {
    const names = new Map([
      [1, 'Ann Lee'],
      [2, 'Bo Chen'],
    ])
    const nameOf = (id: number | string) => names.get(Number(id)) ?? `user ${id}`
    expect(describeSavers([version({ savedBy: 1 }), version({ savedBy: 1 })], nameOf)).toBe('Ann Lee')
    expect(describeSavers([version({ savedBy: 1 }), version({ savedBy: 2 }), version({ savedBy: null })], nameOf)).toBe('Ann Lee, Bo Chen and the server')
    expect(describeSavers([version({ savedBy: 9 })], nameOf)).toBe('user 9')
  })

  it('says what each version was, with the stage people read', () => {
    expect(describeVersion(version({ status: 'published', stage: 'published' }))).toBe('Published')
    expect(describeVersion(version({ stage: 'changes-requested' }))).toBe('Draft · Changes requested')
    expect(describeVersion(version({ isAutosave: true, stage: 'in-review' }))).toBe('Autosave · In review')
  })
})
