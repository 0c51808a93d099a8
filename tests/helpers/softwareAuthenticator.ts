// A software passkey: an ES256 key pair that answers WebAuthn registration and sign-in the way a real authenticator
// does ('none' attestation, CBOR attestation object, authenticator data with the RP ID hash, flags and counter,
// and a DER ECDSA signature over authenticatorData ‖ SHA-256(clientDataJSON)).
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'

type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor> | { [key: string]: Cbor }

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length])
  if (length < 256) return Buffer.from([(major << 5) | 24, length])
  if (length < 65536) return Buffer.from([(major << 5) | 25, length >> 8, length & 255])
  const bytes = Buffer.alloc(5)
  bytes[0] = (major << 5) | 26
  bytes.writeUInt32BE(length, 1)
  return bytes
}

/** The small part of CBOR (RFC 8949) WebAuthn needs: integers, byte and text strings, arrays and maps. */
export function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value)
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)])
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)])
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)])
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value)
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([key, item]) => [cbor(key), cbor(item)])])
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest()
const b64url = (data: Buffer | Uint8Array) => Buffer.from(data).toString('base64url')

export type SoftwareAuthenticator = ReturnType<typeof createSoftwareAuthenticator>

export function createSoftwareAuthenticator({ rpId, origin }: { rpId: string; origin: string }) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const credentialId = randomBytes(16)
  let counter = 0
  let userHandle = ''

  const coseKey = (key: KeyObject) => {
    const jwk = key.export({ format: 'jwk' }) as { x: string; y: string }
    return cbor(new Map<Cbor, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x, 'base64url')], [-3, Buffer.from(jwk.y, 'base64url')]]))
  }
  const flagsAndCounter = (flags: number) => {
    counter += 1
    const bytes = Buffer.alloc(5)
    bytes[0] = flags
    bytes.writeUInt32BE(counter, 1)
    return bytes
  }
  const clientData = (type: string, challenge: string, overrides: Record<string, unknown> = {}) =>
    Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false, ...overrides }))
  /** The PublicKeyCredential's JSON around a `response`, as @simplewebauthn/browser sends it for this authenticator. */
  const credential = <Response extends Record<string, unknown>>(response: Response) => ({
    id: b64url(credentialId),
    rawId: b64url(credentialId),
    type: 'public-key',
    clientExtensionResults: {},
    authenticatorAttachment: 'platform',
    response,
  })

  return {
    credentialId: b64url(credentialId),
    /** Answers generateRegistrationOptions' JSON as navigator.credentials.create would (through @simplewebauthn/browser). */
    register(options: { challenge: string; user: { id: string } }, overrides: { origin?: string } = {}) {
      userHandle = options.user.id
      const idLength = Buffer.alloc(2)
      idLength.writeUInt16BE(credentialId.length)
      // Flags: user present (0x01), user verified (0x04), attested credential data (0x40).
      const authData = Buffer.concat([sha256(rpId), flagsAndCounter(0x45), Buffer.alloc(16), idLength, credentialId, coseKey(publicKey)])
      const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData })
      return credential({
        clientDataJSON: b64url(clientData('webauthn.create', options.challenge, overrides)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      })
    },
    /** Answers generateAuthenticationOptions' JSON with a signed assertion. */
    authenticate(options: { challenge: string }, overrides: { origin?: string } = {}) {
      const authData = Buffer.concat([sha256(rpId), flagsAndCounter(0x05)])
      const clientDataJSON = clientData('webauthn.get', options.challenge, overrides)
      const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), privateKey)
      return credential({
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle,
      })
    },
  }
}
