import { keysInvalidatedBy } from '../../src/cache/documentKeys'
import { createResponseCache } from '../../src/cache/responseCache'

const entry = (tags: string[], body = 'x') => ({ status: 200, body: Buffer.from(body), contentType: 'application/json', etag: '"e"', tags })

describe('the response cache', () => {
  it('drops exactly the entries that contain a changed document, and every list of its collection', () => {
    const cache = createResponseCache({ maxEntries: 10, maxBytes: 1000 })
    cache.set('story 1', entry(['articles:1', 'media:5']), cache.generation)
    cache.set('story 2', entry(['articles:2', 'media:6']), cache.generation)
    cache.set('media list', entry(['media:*', 'media:7']), cache.generation)
    cache.invalidateCommitted(keysInvalidatedBy(['media:5']))
    expect(cache.get('story 1')).toBeUndefined()
    expect(cache.get('story 2')).toBeDefined()
    expect(cache.get('media list')).toBeUndefined()
  })

  it('evicts the least recently used entry beyond its size bounds', () => {
    const cache = createResponseCache({ maxEntries: 2, maxBytes: 1000 })
    cache.set('a', entry(['articles:1']), cache.generation)
    cache.set('b', entry(['articles:2']), cache.generation)
    cache.get('a')
    cache.set('c', entry(['articles:3']), cache.generation)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBeDefined()

    const small = createResponseCache({ maxEntries: 10, maxBytes: 10 })
    small.set('big', entry(['articles:1'], 'x'.repeat(11)), small.generation)
    expect(small.size).toBe(0)
  })

  it('does not store a response produced while an invalidation happened (it may predate the change)', () => {
    const cache = createResponseCache({ maxEntries: 10, maxBytes: 1000 })
    const started = cache.generation
    cache.invalidateCommitted(['organizations:9'])
    expect(cache.set('story', entry(['articles:1']), started)).toBe(false)
  })

  it('stores nothing containing a key changed by an uncommitted local write until its NOTIFY arrives, or the timeout', () => {
    let now = 0
    const cache = createResponseCache({ maxEntries: 10, maxBytes: 1000, pendingTimeoutMs: 100, now: () => now })
    cache.invalidateUncommitted(['articles:1'])
    expect(cache.set('story', entry(['articles:1']), cache.generation)).toBe(false)
    expect(cache.set('other', entry(['articles:2']), cache.generation)).toBe(true)
    cache.invalidateCommitted(['articles:1'], { fromThisProcess: true })
    expect(cache.set('story', entry(['articles:1']), cache.generation)).toBe(true)

    cache.invalidateUncommitted(['articles:3'])
    now = 101
    expect(cache.set('rolled back', entry(['articles:3']), cache.generation)).toBe(true)
  })

  it('keeps serving what it holds while a local write is uncommitted, and drops it the moment the write commits here', () => {
    const cache = createResponseCache({ maxEntries: 10, maxBytes: 1000 })
    cache.set('story', entry(['articles:1'], 'old'), cache.generation)
    const producingBeforeTheCommit = cache.generation
    cache.invalidateUncommitted(['articles:1'])
    // Not committed: the stored copy is still the truth.
    expect(cache.get('story')?.body.toString()).toBe('old')
    cache.invalidateCommittedHere(['articles:1'])
    expect(cache.get('story')).toBeUndefined()
    // A production that started before the commit may hold the old version; one after it waits for the NOTIFY.
    expect(cache.set('story', entry(['articles:1'], 'old'), producingBeforeTheCommit)).toBe(false)
    expect(cache.set('story', entry(['articles:1'], 'new'), cache.generation)).toBe(false)
    cache.invalidateCommitted(['articles:1'], { fromThisProcess: true })
    expect(cache.set('story', entry(['articles:1'], 'new'), cache.generation)).toBe(true)
  })

  it('stores again at once after a local write rolled back, and still waits for any other write to the same keys', () => {
    const cache = createResponseCache({ maxEntries: 10, maxBytes: 1000 })
    cache.invalidateUncommitted(['articles:1'])
    cache.invalidateUncommitted(['articles:1'])
    cache.forgetUncommitted(['articles:1'])
    expect(cache.set('story', entry(['articles:1']), cache.generation)).toBe(false)
    expect(cache.hasUncommittedWrites).toBe(true)
    cache.forgetUncommitted(['articles:1'])
    expect(cache.hasUncommittedWrites).toBe(false)
    expect(cache.set('story', entry(['articles:1']), cache.generation)).toBe(true)
  })

  it('stores nothing while disabled (no invalidation listener)', () => {
    const cache = createResponseCache({ maxEntries: 10, maxBytes: 1000 })
    cache.setEnabled(false)
    expect(cache.set('story', entry(['articles:1']), cache.generation)).toBe(false)
  })
})
