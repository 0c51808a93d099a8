import { paginate, summaryListPlan } from '../../src/publicApi/storySummaries'

const plan = (query: string) => summaryListPlan(new URLSearchParams(query))

describe('summaryListPlan', () => {
  it('answers a plain page at depth 0, sorted like Payload’s adapter (created_at desc breaks ties)', () => {
    expect(plan('limit=25&sort=-updatedAt&depth=0')).toEqual({ limit: 25, page: 1, orderBy: 'updated_at desc, created_at desc' })
    expect(plan('page=3&sort=title&depth=0')).toEqual({ limit: 10, page: 3, orderBy: 'title asc, created_at desc' })
    expect(plan('depth=0')).toEqual({ limit: 10, page: 1, orderBy: 'created_at desc' })
    expect(plan('sort=createdAt&depth=0')).toEqual({ limit: 10, page: 1, orderBy: 'created_at asc' })
  })

  it('leaves every other query to Payload', () => {
    for (const query of [
      'limit=25&sort=-updatedAt', // default depth populates the hero image
      'depth=1',
      'depth=0&where[title][equals]=x',
      'depth=0&sort=-slug',
      'depth=0&sort=-updatedAt,title',
      'depth=0&sort=updated_at;drop table articles',
      'depth=0&limit=0',
      'depth=0&limit=101',
      'depth=0&page=0',
      'depth=0&limit=ten',
      'depth=0&limit=5&limit=6',
      'depth=0&pagination=false',
      'depth=0&draft=false',
    ]) {
      expect({ query, plan: plan(query) }).toEqual({ query, plan: null })
    }
  })
})

describe('paginate', () => {
  const docs = [{ id: 1, title: 'A', slug: 'a', dek: null, heroImage: null, heroCaption: null, publishedAt: null, updatedAt: '2026-01-01T00:00:00.000Z' }]

  it('computes Payload’s pagination fields', () => {
    expect(paginate({ docs, totalDocs: 51, limit: 25, page: 2 })).toEqual({
      docs,
      totalDocs: 51,
      limit: 25,
      totalPages: 3,
      page: 2,
      pagingCounter: 26,
      hasPrevPage: true,
      hasNextPage: true,
      prevPage: 1,
      nextPage: 3,
    })
    expect(paginate({ docs: [], totalDocs: 51, limit: 25, page: 9 })).toMatchObject({ totalPages: 3, hasNextPage: false, hasPrevPage: true, prevPage: 8, nextPage: null })
  })

  it('reports an empty list as one empty page, as Payload does', () => {
    expect(paginate({ docs: [], totalDocs: 0, limit: 10, page: 2 })).toEqual({
      docs: [],
      totalDocs: 0,
      limit: 10,
      totalPages: 1,
      page: 2,
      pagingCounter: 1,
      hasPrevPage: false,
      hasNextPage: false,
      prevPage: null,
      nextPage: null,
    })
  })
})
