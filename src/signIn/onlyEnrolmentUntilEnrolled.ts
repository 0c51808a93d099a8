// A signed-in staff member who must enrol a second factor and has not reaches only the enrolment screen and its
// routes: every other API route, GraphQL and every admin route (pages and server functions) answer 403 first.
import type { RequestHandler } from 'express'
import type { Payload } from 'payload'

import { verifiedUser } from '../access/requestIdentity'
import type { Role } from '../access/roles'
import { sendError } from '../server/errors'
import { ENROL_FIRST_MESSAGE, mustEnrolFirst } from './enrolmentRule'

/** What an unenrolled account may still reach: enrolment, its own account, signing out, and the pages' assets. */
const OPEN_WHILE_ENROLLING = [/^\/api\/second-factor(\/|$)/, /^\/api\/sign-in\//, /^\/api\/users\/(me|logout|refresh-token)\/?$/, /^\/(enrol|sign-in)(\/|$)/]

const isOpen = (path: string) => OPEN_WHILE_ENROLLING.some((pattern) => pattern.test(path))

async function writersMustEnrol(payload: Payload): Promise<boolean> {
  const siteSettings = (await payload.findGlobal({ slug: 'site-settings', depth: 0, overrideAccess: true })) as { writersMustEnrol?: boolean | null }
  return Boolean(siteSettings.writersMustEnrol)
}

export function onlyEnrolmentUntilEnrolled({ payload, isRequired }: { payload: Payload; isRequired: boolean }): RequestHandler {
  return (req, res, next) => {
    if (!isRequired || isOpen(req.path)) return next()
    void (async () => {
      const user = (await verifiedUser(req, payload)) as { role?: Role | null; hasSecondFactor?: boolean | null } | null
      if (!user || user.hasSecondFactor || !user.role || user.role === 'api') return next()
      const mustEnrol = mustEnrolFirst({ role: user.role, hasSecondFactor: user.hasSecondFactor, isRequired, writersMustEnrol: user.role === 'writer' ? await writersMustEnrol(payload) : false })
      if (!mustEnrol) return next()
      // A person opening an admin page (a page load, or the admin's client-side navigation) is shown the enrolment
      // screen; everything else (the API, GraphQL, the admin's server functions, which are POSTs) hears why it is refused.
      const isPageVisit = (req.method === 'GET' || req.method === 'HEAD') && /^\/admin(\/|$)/.test(req.path)
      if (isPageVisit) return res.redirect(303, '/enrol')
      res.set('cache-control', 'private, no-store')
      sendError(res, 403, ENROL_FIRST_MESSAGE)
    })().catch(next)
  }
}
