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

export const isApiPath = (path: string): boolean => path.startsWith('/api/') || path === '/api'

export const securityHeaders: RequestHandler = (req, res, next) => {
  everywhere(req, res, (error?: unknown) => {
    if (error) return next(error)
    if (isApiPath(req.path)) res.setHeader('Content-Security-Policy', API_CSP)
    next()
  })
}

type Header = readonly [name: string, value: string]

/** What helmet sets, recorded once: none of its headers depends on the request (tests compare both ways). */
function recordHelmetHeaders(): Header[] {
  const headers: Header[] = []
  const recorder = { setHeader: (name: string, value: unknown) => headers.push([name, String(value)]), removeHeader: () => {} }
  everywhere({} as Parameters<typeof everywhere>[0], recorder as unknown as Parameters<typeof everywhere>[1], (error?: unknown) => {
    if (error) throw error
  })
  return headers
}

const HELMET_HEADERS = recordHelmetHeaders()
const API_HEADERS: Header[] = [...HELMET_HEADERS, ['Content-Security-Policy', API_CSP]]

/** The headers `securityHeaders` gives a response to `path` (a URL path without its query), for answers sent without it. */
export const securityHeadersFor = (path: string): readonly Header[] => (isApiPath(path) ? API_HEADERS : HELMET_HEADERS)
