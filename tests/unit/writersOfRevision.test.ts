import { isAmongWriters, writersOfRevision } from '../../src/workflow/writersOfRevision'

describe('the writers of a revision', () => {
  it('keep everyone who was ever on the byline, in the order they came', () => {
    expect(writersOfRevision({ previousWriters: [1, 2], startsNewRevision: false, authors: [2] })).toEqual([1, 2])
  })

  it('add whoever changed the content, once', () => {
    expect(writersOfRevision({ previousWriters: [1], startsNewRevision: false, authors: [1], contentEditor: 7 })).toEqual([1, 7])
    expect(writersOfRevision({ previousWriters: [1, 7], startsNewRevision: false, authors: [1], contentEditor: 7 })).toEqual([1, 7])
  })

  it('start again with a new revision of a live story', () => {
    expect(writersOfRevision({ previousWriters: [1, 7], startsNewRevision: true, authors: [3], contentEditor: 3 })).toEqual([3])
  })

  it('read populated users, ids as strings, and ignore junk', () => {
    expect(
      writersOfRevision({ previousWriters: ['4', null, { name: 'no id' }], startsNewRevision: false, authors: [{ id: 5, createdAt: 'x' }, undefined], contentEditor: undefined }),
    ).toEqual(['4', 5])
    expect(writersOfRevision({ previousWriters: 'not a list', startsNewRevision: false, authors: null })).toEqual([])
  })
})

describe('who counts as a writer', () => {
  it('is someone on the byline or among the remembered writers, whatever the id’s type', () => {
    expect(isAmongWriters({ userId: 7, writers: ['7'], authors: [] })).toBe(true)
    expect(isAmongWriters({ userId: '3', writers: [], authors: [{ id: 3 }] })).toBe(true)
    expect(isAmongWriters({ userId: 8, writers: [7], authors: [1] })).toBe(false)
  })

  it('is nobody when there is no user', () => {
    expect(isAmongWriters({ userId: undefined, writers: [undefined], authors: [] })).toBe(false)
    expect(isAmongWriters({ userId: null, writers: [], authors: [] })).toBe(false)
  })
})
