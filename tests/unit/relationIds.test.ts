import { idOf, mergeSeeds, rowIdOf } from '../../src/fields/relationIds'

describe('the id behind a relation value', () => {
  it('is the bare id, or the id of a populated document', () => {
    expect(idOf(7)).toBe(7)
    expect(idOf('7')).toBe('7')
    expect(idOf({ id: 7, title: 'A story' })).toBe(7)
  })

  it('is missing for empty, blank, unreadable or wrongly typed values', () => {
    for (const value of [null, undefined, '', '   ', Number.NaN, Number.POSITIVE_INFINITY, true, {}, { id: null }, { id: '' }, [7]]) {
      expect({ value, id: idOf(value) }).toEqual({ value, id: undefined })
    }
  })

  it('as a database row id is a positive integer, whether it came as a number or as text', () => {
    expect(rowIdOf('12')).toBe(12)
    expect(rowIdOf({ id: '12' })).toBe(12)
    expect(rowIdOf(12)).toBe(12)
    for (const value of [0, -3, 1.5, '12; drop table media', '9007199254740993', null, { id: 'abc' }]) {
      expect({ value, id: rowIdOf(value) }).toEqual({ value, id: undefined })
    }
  })
})

describe('merging ids by collection', () => {
  it('keeps every collection of every set, each id once, in first-seen order', () => {
    expect(mergeSeeds<Record<string, (number | string)[]>>({ media: [1, 2], articles: [5] }, { media: [2, 3], organizations: [9] }, {})).toEqual({
      media: [1, 2, 3],
      articles: [5],
      organizations: [9],
    })
  })

  it('counts 10 and "10" as the same row, and skips a collection without ids', () => {
    expect(mergeSeeds<Record<string, (number | string)[] | undefined>>({ media: [10] }, { media: ['10', 11], users: undefined })).toEqual({ media: [10, 11], users: [] })
  })
})
