import type { Endpoint } from 'payload'

/**
 * Accounts are created by admins, so e-mail addresses are never verified (`auth.verify` is off). Payload still
 * serves its verification endpoint, which then queries a token column that does not exist (a 500). Listed
 * before Payload's own, this answers first.
 */
export const emailVerificationIsOff: Endpoint = {
  path: '/verify/:id',
  method: 'post',
  handler: () =>
    Response.json(
      { errors: [{ message: 'This newsroom does not verify e-mail addresses: accounts are created by an admin and can sign in at once.' }] },
      { status: 404 },
    ),
}
