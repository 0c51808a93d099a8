import { mergeSeeds } from '../../src/fields/relationIds'
import { EVERY_ROW, seedsOfChange, seedsOfStoryRows, visibilityRefreshSql, withDependents } from '../../src/visibility/publicVisibility'

describe('what a change can flip', () => {
  it('a photo: itself and its credit before and after, whether ids or populated documents', () => {
    expect(seedsOfChange({ collection: 'media', doc: { id: 7, credit: { id: 3 } }, previousDoc: { id: 7, credit: 2 } })).toEqual({
      media: [7],
      credits: [3, 2],
      callsToAction: [],
      organizations: [],
    })
  })

  it('a credit: itself and every agency and courtesy organization it named before or names now', () => {
    const seeds = seedsOfChange({
      collection: 'photo-credits',
      doc: { id: 4, agencies: [10, { id: 11 }], courtesyOf: null },
      previousDoc: { id: 4, agencies: [10, 12], courtesyOf: 13 },
    })
    expect(seeds.credits).toEqual([4])
    expect([...seeds.organizations].sort()).toEqual([10, 11, 12, 13])
  })

  it('the site settings: the promotion before and after', () => {
    expect(seedsOfChange({ collection: 'site-settings', doc: { promotion: 5 }, previousDoc: { promotion: { id: 6 } } }).callsToAction).toEqual([5, 6])
  })

  it('a live story: the rows of its references, without duplicates or empty columns', () => {
    const seeds = seedsOfStoryRows([
      { media_id: 1, calls_to_action_id: null, organizations_id: null },
      { media_id: 1, calls_to_action_id: null, organizations_id: null },
      { media_id: null, calls_to_action_id: '8', organizations_id: null },
      { media_id: null, calls_to_action_id: null, organizations_id: 9 },
    ])
    expect(seeds).toEqual({ media: [1], credits: [], callsToAction: [8], organizations: [9] })
  })

  it('merges what a story used before a change with what it uses after', () => {
    const before = seedsOfStoryRows([{ media_id: 1 }, { media_id: 2 }])
    const after = seedsOfStoryRows([{ media_id: 2 }, { media_id: 3 }])
    expect(mergeSeeds(before, after).media).toEqual([1, 2, 3])
  })
})

describe('the refresh statements', () => {
  it('touch only the given rows, and never put anything but integers in the SQL', () => {
    const sql = visibilityRefreshSql({ media: [1, 2], credits: [], callsToAction: [3], organizations: [Number.NaN, 4] })
    expect(sql).toContain('from media t where t.id = any(array[1,2]::integer[])')
    expect(sql).toContain('from photo_credits t where t.id = any(array[]::integer[])')
    expect(sql).toContain('from calls_to_action t where t.id = any(array[3]::integer[])')
    expect(sql).toContain('from organizations t where t.id = any(array[4]::integer[])')
    expect(sql).not.toMatch(/NaN/)
    // Each table once, in the order the flags depend on each other.
    const order = ['update media', 'update photo_credits', 'update calls_to_action', 'update organizations'].map((statement) => sql.indexOf(statement))
    expect(order.every((position, n) => position >= 0 && (n === 0 || position > order[n - 1]))).toBe(true)
  })
})

describe('the full refresh (backfills, bulk SQL changes)', () => {
  it('applies the same rules as a refresh of the rows a change touches, to every row', () => {
    const full = visibilityRefreshSql(EVERY_ROW)
    const seeded = visibilityRefreshSql({ media: [1], credits: [2], callsToAction: [3], organizations: [4] })
    expect(full).not.toMatch(/array\[/)
    expect(full.replace(/\btrue\b/g, 'ROWS')).toBe(seeded.replace(/[\w.]+ = any\(array\[\d+\]::integer\[\]\)/g, 'ROWS'))
  })
})

describe('the dependents of a change', () => {
  it('adds the credits and organizations the dependents query found to the seeds', () => {
    const seeds = withDependents({ media: [1], credits: [], callsToAction: [2], organizations: [] }, [
      { kind: 'credit', id: 5 },
      { kind: 'organization', id: 7 },
      { kind: 'organization', id: '7' },
      { kind: 'organization', id: null },
    ])
    expect(seeds).toEqual({ media: [1], credits: [5], callsToAction: [2], organizations: [7] })
  })
})
