import { allowedOrigins } from '../../src/env'
import { multipartProblem } from '../../src/server/requestGuards/guardMultipart'
import { jsonLimitProblem } from '../../src/server/requestGuards/jsonLimits'
import { withQuery } from '../../src/server/methodOverride'
import { pathProblem } from '../../src/server/requestGuards/refuseMalformedPaths'

describe('allowedOrigins', () => {
  it('reads a comma-separated list and drops trailing slashes', () => {
    expect(allowedOrigins({ ALLOWED_ORIGINS: 'https://a.test/, https://b.test' })).toEqual(['https://a.test', 'https://b.test'])
  })
  it('defaults to the server’s own URL, or localhost on its port', () => {
    expect(allowedOrigins({ SERVER_URL: 'https://cms.newsroom.test/' })).toEqual(['https://cms.newsroom.test'])
    expect(allowedOrigins({ PORT: '4000' })).toEqual(['http://localhost:4000'])
  })
})

const LIMITS = { maxDepth: 100, maxArrayItems: 2000 }
const BOUNDARY = 'XYZ'
const multipartHeaders = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }
const multipart = (parts: string[]) => Buffer.from(parts.map((part) => `--${BOUNDARY}\r\n${part}\r\n`).join('') + `--${BOUNDARY}--\r\n`, 'latin1')
const field = (name: string, value: string) => `Content-Disposition: form-data; name=${name}\r\n\r\n${value}`
const file = (name: string) => `Content-Disposition: form-data; name="${name}"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nJPEGBYTES`

describe('multipartProblem (what Payload could not take from an upload)', () => {
  it('accepts a `_payload` object beside a file, quoted or not', async () => {
    expect(await multipartProblem(multipart([field('"_payload"', '{"alt":"x"}'), file('file')]), multipartHeaders, LIMITS)).toBeNull()
    expect(await multipartProblem(multipart([field('_payload', '{"alt":"x"}'), file('file')]), multipartHeaders, LIMITS)).toBeNull()
  })
  it.each([
    ['an unquoted `_payload` name with invalid JSON', [field('_payload', '{bad'), file('file')], /_payload.*not valid JSON/],
    ['a `_payload` that is an array', [field('"_payload"', '[1]'), file('file')], /must be a JSON object/],
    ['a `_payload` nested too deep', [field('"_payload"', '{"a":' + '['.repeat(200) + ']'.repeat(200) + '}'), file('file')], /nested more than 100 levels/],
    ['two `_payload` fields', [field('"_payload"', '{}'), field('"_payload"', '{}'), file('file')], /more than one “_payload”/],
    ['a `_payload` sent as a file', [file('_payload'), file('file')], /“_payload” part is a file/],
    ['a file sent as a text field', [field('"_payload"', '{}'), field('"file"', '{"url":"http://x"}')], /text field, not a file/],
  ])('refuses %s', async (_name, parts, message) => {
    expect(await multipartProblem(multipart(parts), multipartHeaders, LIMITS)).toMatch(message)
  })
  it('refuses a truncated body and one without a boundary', async () => {
    const whole = multipart([field('"_payload"', '{"alt":"x"}'), file('file')])
    expect(await multipartProblem(whole.subarray(0, whole.length - 20), multipartHeaders, LIMITS)).toMatch(/incomplete/)
    expect(await multipartProblem(whole, { 'content-type': 'multipart/form-data' }, LIMITS)).toMatch(/boundary/)
  })
})

describe('jsonLimitProblem', () => {
  const nested = (depth: number) => {
    let value: unknown = 'leaf'
    for (let level = 0; level < depth; level += 1) value = [value]
    return { meta: value }
  }
  it('measures 20,000 levels without overflowing the stack, and names the limit and the place', () => {
    expect(jsonLimitProblem(nested(20_000), LIMITS)).toMatch(/nested more than 100 levels deep \(at “meta\[0\]/)
  })
  it('accepts a document at the limits', () => {
    expect(jsonLimitProblem(nested(99), LIMITS)).toBeNull()
    expect(jsonLimitProblem({ topics: Array.from({ length: 2000 }, (_, index) => `t${index}`) }, LIMITS)).toBeNull()
  })
  it('refuses a list longer than the limit, naming the field and the count', () => {
    expect(jsonLimitProblem({ topics: Array.from({ length: 20_000 }, () => 'x') }, LIMITS)).toBe('“topics” has 20,000 items; one list in a request may have at most 2,000.')
  })
})

describe('pathProblem', () => {
  it.each(['/api/articles/%E0%A4%A', '/api/articles/%', '/api/articles/%zz', '/api/articles/by-slug/%C0%AF'])('refuses malformed percent-encoding in %s', (url) => {
    expect(pathProblem(url)).toMatch(/malformed percent-encoding/)
  })
  it('refuses a NUL in the path, but not a NUL-looking query', () => {
    expect(pathProblem('/api/articles/by-slug/a%00b')).toMatch(/NUL/)
    expect(pathProblem('/api/articles?where[title][equals]=%E0%A4%A')).toBeNull()
  })
  it('accepts encoded slugs and ids', () => {
    expect(pathProblem('/api/articles/by-slug/caf%C3%A9-%2F-x')).toBeNull()
  })
})

describe('withQuery (a read sent as POST becomes its GET)', () => {
  it('appends the body to the query, keeping what the URL had', () => {
    expect(withQuery('/api/articles', 'limit=5')).toBe('/api/articles?limit=5')
    expect(withQuery('/api/articles?depth=1', 'limit=5')).toBe('/api/articles?depth=1&limit=5')
    expect(withQuery('/api/articles?depth=1', '')).toBe('/api/articles?depth=1')
    expect(withQuery('/api/articles', 'where[title][equals]=a#b')).toBe('/api/articles?where[title][equals]=a%23b')
  })
})
