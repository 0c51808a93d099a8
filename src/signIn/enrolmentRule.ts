// Who must enrol a second factor before doing anything else, as data the middleware and the tests both read.
import type { Role } from '../access/roles'

/** Roles that must enrol whenever enrolment is required; writers only when the site setting says so. */
export const ROLES_THAT_MUST_ENROL: readonly Role[] = ['admin', 'editor']

export function mustEnrolFirst({
  role,
  hasSecondFactor,
  isRequired,
  writersMustEnrol,
}: {
  role: Role | null | undefined
  hasSecondFactor: boolean | null | undefined
  isRequired: boolean
  writersMustEnrol: boolean
}): boolean {
  if (!isRequired || hasSecondFactor || !role) return false
  return ROLES_THAT_MUST_ENROL.includes(role) || (role === 'writer' && writersMustEnrol)
}

export const ENROL_FIRST_MESSAGE =
  'Your account must have two-factor sign-in before it can do anything else: set up an authenticator app or a passkey at /enrol, then try again.'
