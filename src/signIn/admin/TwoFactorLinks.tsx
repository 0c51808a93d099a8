// Ways into two-factor sign-in from the admin: under the login form (afterLogin), and in the navigation (afterNavLinks).
import React from 'react'

const linkStyle = { display: 'block', marginTop: 16, color: 'var(--theme-text)' }

/** Accounts with two-factor sign-in (or a passkey) sign in on /sign-in, which asks for the second factor. */
export function TwoFactorSignInLink() {
  return (
    <a href="/sign-in?redirect=/admin" style={linkStyle} data-testid="two-factor-sign-in-link">
      Two-factor sign-in or a passkey? Continue on the sign-in page.
    </a>
  )
}

export function TwoFactorEnrolmentLink() {
  return (
    <a href="/enrol" style={{ ...linkStyle, padding: '0 0 8px' }} data-testid="two-factor-enrolment-link">
      Two-factor sign-in
    </a>
  )
}
