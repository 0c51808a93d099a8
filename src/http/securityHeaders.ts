// Security headers for every response (helmet), with a locked-down Content-Security-Policy on the API.
import type { RequestHandler } from 'express'
import helmet from 'helmet'

/**
 * The admin (Next) needs inline scripts and styles, so the page-wide CSP stays off and Next's own
 * defaults apply there; the API never serves a page, so its responses may not run or embed anything.
 * Media files are loaded by other sites' pages (the public front end), hence `cross-origin` resources.
 */
const everywhere = helmet({
  contentSecurityPolicy: false,
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
})

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"

export const securityHeaders: RequestHandler = (req, res, next) => {
  everywhere(req, res, (error?: unknown) => {
    if (error) return next(error)
    if (req.path.startsWith('/api/') || req.path === '/api') res.setHeader('Content-Security-Policy', API_CSP)
    next()
  })
}
