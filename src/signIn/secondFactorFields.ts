// The second factor's fields on a staff account. The secrets are hidden from every API, the admin and GraphQL, and
// no API writes them: only the enrolment and sign-in routes do, through the database adapter.
import type { Field } from 'payload'

import { isSelfOrAdminField, nobody } from '../access/fieldAccess'

const secret = { hidden: true, access: { read: nobody, create: nobody, update: nobody } } as const

export const secondFactorFields: Field[] = [
  {
    name: 'hasSecondFactor',
    type: 'checkbox',
    defaultValue: false,
    access: { read: isSelfOrAdminField, create: nobody, update: nobody },
    admin: {
      position: 'sidebar',
      readOnly: true,
      description: 'Two-factor sign-in (an authenticator app or a passkey). Set up at /enrol.',
    },
  },
  /** The authenticator app's secret, sealed (authenticatorCodes.ts sealSecret). */
  { name: 'totpSecret', type: 'text', ...secret },
  /** A secret shown during enrolment, kept until a code from it confirms the app has it. */
  { name: 'totpPendingSecret', type: 'text', ...secret },
  /** The last time step whose code was accepted: no code at or before it works again. */
  { name: 'totpLastStep', type: 'number', ...secret },
  /** Peppered hashes of the unused recovery codes. */
  { name: 'recoveryCodeHashes', type: 'json', ...secret },
  /** Registered passkeys: credential id, public key, signature counter, transports, name, added at. */
  { name: 'passkeys', type: 'json', ...secret },
]
