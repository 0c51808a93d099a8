import { contentTypeHeader } from '../../src/cache/publicCache'

// A cache hit is sent before Express runs, so it must name the charset exactly as Express's res.type() would.
describe('contentTypeHeader', () => {
  it.each([
    ['application/json', 'application/json; charset=utf-8'],
    ['application/json; charset=utf-8', 'application/json; charset=utf-8'],
    ['text/plain', 'text/plain; charset=utf-8'],
    ['application/rss+xml; charset=utf-8', 'application/rss+xml; charset=utf-8'],
    ['image/webp', 'image/webp'],
    ['application/jsonlines', 'application/jsonlines'],
  ])('%s → %s', (type, header) => {
    expect(contentTypeHeader(type)).toBe(header)
  })
})
