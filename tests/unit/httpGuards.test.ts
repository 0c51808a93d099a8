import { allowedOrigins } from '../../src/env'
import { findPayloadField } from '../../src/http/guardMultipart'

describe('allowedOrigins', () => {
  it('reads a comma-separated list and drops trailing slashes', () => {
    expect(allowedOrigins({ ALLOWED_ORIGINS: 'https://a.test/, https://b.test' })).toEqual(['https://a.test', 'https://b.test'])
  })
  it('defaults to the server’s own URL, or localhost on its port', () => {
    expect(allowedOrigins({ SERVER_URL: 'https://cms.newsroom.test/' })).toEqual(['https://cms.newsroom.test'])
    expect(allowedOrigins({ PORT: '4000' })).toEqual(['http://localhost:4000'])
  })
})

describe('findPayloadField', () => {
  const body = (parts: [string, string][]) =>
    Buffer.from(
      parts.map(([name, value]) => `--XYZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + '--XYZ--\r\n',
    )
  it('finds the `_payload` part among others', () => {
    expect(findPayloadField(body([['file', 'bytes'], ['_payload', '{"alt":"x"}']]), 'XYZ')).toBe('{"alt":"x"}')
  })
  it('is undefined when there is no `_payload`', () => {
    expect(findPayloadField(body([['alt', 'x']]), 'XYZ')).toBeUndefined()
  })
})
