import * as OTPAuth from 'otpauth'

import { secondFactorSettingsFrom } from '../../src/env'
import {
  authenticatorCodeOf,
  matchingTimeStep,
  newAuthenticatorSecret,
  newRecoveryCodes,
  openSecret,
  recoveryCodeHash,
  recoveryCodeOf,
  sealSecret,
} from '../../src/signIn/authenticatorCodes'
import { mustEnrolFirst } from '../../src/signIn/enrolmentRule'

const codeAt = (secret: string, timestamp: number) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp })

describe('authenticator codes', () => {
  const secret = newAuthenticatorSecret()
  const now = Date.UTC(2026, 11, 4, 12, 0, 15)
  const step = Math.floor(now / 30_000)

  it('accepts the code of this step and of one step either side, naming its step', () => {
    expect(matchingTimeStep({ secret, code: codeAt(secret, now), now })).toBe(step)
    expect(matchingTimeStep({ secret, code: codeAt(secret, now - 30_000), now })).toBe(step - 1)
    expect(matchingTimeStep({ secret, code: codeAt(secret, now + 30_000), now })).toBe(step + 1)
  })

  it('refuses a code two steps away and a code of another secret', () => {
    expect(matchingTimeStep({ secret, code: codeAt(secret, now - 60_000), now })).toBeNull()
    expect(matchingTimeStep({ secret, code: codeAt(secret, now + 90_000), now })).toBeNull()
    const other = newAuthenticatorSecret()
    const code = codeAt(other, now)
    if (code !== codeAt(secret, now)) expect(matchingTimeStep({ secret, code, now })).toBeNull()
  })

  it('reads codes typed with spaces, dashes and invisible characters, and refuses anything but six digits', () => {
    expect(authenticatorCodeOf(' 123 456 ')).toBe('123456')
    expect(authenticatorCodeOf('\u200B123-456\uFEFF')).toBe('123456')
    for (const input of ['1234567', '12345', '12345a', '１２３４５６', '', '\u200B', 123456, null, ['123456'], { code: '123456' }, '1'.repeat(100)]) {
      expect(authenticatorCodeOf(input)).toBeNull()
    }
  })
})

describe('recovery codes', () => {
  it('gives ten different codes that read back in any case, with or without the dash', () => {
    const codes = newRecoveryCodes()
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/)
      expect(recoveryCodeOf(code.toLowerCase().replace('-', ''))).toBe(code.replace('-', ''))
    }
    expect(recoveryCodeOf('too-short')).toBeNull()
    expect(recoveryCodeOf(12345)).toBeNull()
  })

  it('stores a hash that depends on the server key', () => {
    const a = recoveryCodeHash({ code: 'ABCDEFGHIJ', key: 'one' })
    expect(a).toBe(recoveryCodeHash({ code: 'ABCDEFGHIJ', key: 'one' }))
    expect(a).not.toBe(recoveryCodeHash({ code: 'ABCDEFGHIJ', key: 'two' }))
    expect(a).not.toContain('ABCDEFGHIJ')
  })
})

describe('sealed secrets', () => {
  it('opens with the key it was sealed with, never with another key or after tampering', () => {
    const sealed = sealSecret({ secret: 'JBSWY3DPEHPK3PXP', key: 'server key' })
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP')
    expect(openSecret({ sealed, key: 'server key' })).toBe('JBSWY3DPEHPK3PXP')
    expect(openSecret({ sealed, key: 'another key' })).toBeNull()
    const [version, iv, data, tag] = sealed.split('.')
    const flipped = Buffer.from(data, 'base64url')
    flipped[0] ^= 1
    expect(openSecret({ sealed: [version, iv, flipped.toString('base64url'), tag].join('.'), key: 'server key' })).toBeNull()
    expect(openSecret({ sealed: 'not sealed', key: 'server key' })).toBeNull()
  })
})

describe('who must enrol first', () => {
  const rows: [role: 'admin' | 'editor' | 'writer' | 'api', writersMustEnrol: boolean, expected: boolean][] = [
    ['admin', false, true],
    ['editor', false, true],
    ['writer', false, false],
    ['writer', true, true],
    ['api', true, false],
  ]
  it.each(rows)('%s (writers must enrol: %s) must enrol first: %s', (role, writersMustEnrol, expected) => {
    expect(mustEnrolFirst({ role, hasSecondFactor: false, isRequired: true, writersMustEnrol })).toBe(expected)
  })

  it('asks nothing of an enrolled account, nor of anyone where two-factor sign-in is not required', () => {
    expect(mustEnrolFirst({ role: 'admin', hasSecondFactor: true, isRequired: true, writersMustEnrol: true })).toBe(false)
    expect(mustEnrolFirst({ role: 'admin', hasSecondFactor: false, isRequired: false, writersMustEnrol: true })).toBe(false)
  })
})

describe('second-factor settings', () => {
  it('requires enrolment in production and not in development unless REQUIRE_SECOND_FACTOR says so', () => {
    expect(secondFactorSettingsFrom({ NODE_ENV: 'production', SERVER_URL: 'https://cms.example.org' }).isRequired).toBe(true)
    expect(secondFactorSettingsFrom({ NODE_ENV: 'development' }).isRequired).toBe(false)
    expect(secondFactorSettingsFrom({ NODE_ENV: 'development', REQUIRE_SECOND_FACTOR: 'on' }).isRequired).toBe(true)
    expect(secondFactorSettingsFrom({ NODE_ENV: 'production', REQUIRE_SECOND_FACTOR: 'off' }).isRequired).toBe(false)
  })

  it('takes the passkeys’ domain and origin from the public server address unless set', () => {
    expect(secondFactorSettingsFrom({ SERVER_URL: 'https://cms.example.org/' })).toMatchObject({ relyingPartyId: 'cms.example.org', origins: ['https://cms.example.org'] })
    expect(secondFactorSettingsFrom({ WEBAUTHN_RP_ID: 'example.org', WEBAUTHN_ORIGINS: 'https://a.example.org, https://b.example.org/' })).toMatchObject({
      relyingPartyId: 'example.org',
      origins: ['https://a.example.org', 'https://b.example.org'],
    })
  })
})
