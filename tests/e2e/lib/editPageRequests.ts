// Opens a story's edit page from a blank tab and sorts every request the page makes until it has settled (the
// readiness panel drawn and no API request or server function for a few quiet seconds): REST calls under /api/,
// Next server functions (the admin's POSTs carrying a `Next-Action` header: form state, the document's render),
// React Server Component fetches (`RSC: 1`), image files, and everything else (scripts, styles, the document).
// The issue's "API requests per open" are the first two kinds together; both the bench (bench/editPage.ts) and the
// browser scenario (tests/e2e/scenarios/editorOpensAPhotoEssay.ts) read this one count.
import type { Page, Request } from 'playwright-core'

import { isImageFilePath } from './apiRequests'

export type RequestKind = 'api' | 'serverFunction' | 'rsc' | 'imageFile' | 'other'

export type EditPageRequests = {
  /** The requests the issue's target counts: REST calls and server functions. */
  apiRequests: number
  byKind: Record<RequestKind, number>
  /** "GET /api/articles/7/editorial-panels" (query strings left out), "POST /admin/collections/articles/7 (server function)" → times. */
  byPath: Record<string, number>
  /** Milliseconds from navigating until the readiness panel listed its first image. */
  readinessShownMs: number
  /** Milliseconds from navigating until the last REST call or server function started. */
  lastRequestMs: number
}

/** Whether a request is a Next server function (Payload's admin calls them by POSTing to the page with `Next-Action`). */
const isServerFunction = (request: Request) => request.method() === 'POST' && Boolean(request.headers()['next-action'])

export function kindOf(request: Request): RequestKind {
  const url = new URL(request.url())
  if (url.pathname.startsWith('/api/')) return isImageFilePath(url.pathname) ? 'imageFile' : 'api'
  if (isServerFunction(request)) return 'serverFunction'
  if (request.headers()['rsc'] === '1') return 'rsc'
  return 'other'
}

const describe = (request: Request, kind: RequestKind) => {
  const url = new URL(request.url())
  // The story's and photos' ids are left in: a path asked for once per image shows as many distinct lines.
  const label = { serverFunction: ' (server function)', rsc: ' (RSC)', imageFile: ' (image file)', api: '', other: '' }[kind]
  return `${request.method()} ${url.pathname}${label}`
}

/** The paths asked of the API (REST and server functions), with how many times: image files and the page's own files left out. */
export const apiPathsOf = ({ byPath }: Pick<EditPageRequests, 'byPath'>): Record<string, number> =>
  Object.fromEntries(Object.entries(byPath).filter(([path]) => (path.includes(' /api/') && !path.endsWith('(image file)')) || path.endsWith('(server function)')))

/** "12 requests: GET /api/articles/:id/editorial-panels, GET /api/media/:id ×200, …" (REST and server functions only). */
export function describeEditPageRequests({ apiRequests, byPath }: Pick<EditPageRequests, 'apiRequests' | 'byPath'>): string {
  const counted = Object.entries(apiPathsOf({ byPath }))
  // Paths asked for once per image are folded into one line ("GET /api/media/:id ×200") so the message stays readable.
  const folded = new Map<string, number>()
  for (const [path, count] of counted) {
    const key = path.replace(/\/\d+(?=\/|$| )/g, '/:id')
    folded.set(key, (folded.get(key) ?? 0) + count)
  }
  return `${apiRequests} request${apiRequests === 1 ? '' : 's'}: ${[...folded].map(([path, count]) => (count > 1 ? `${path} ×${count}` : path)).join(', ') || 'none'}`
}

/**
 * Opens `/admin/collections/articles/<storyId>` on `page` (signed in already) and counts what it asks for until the
 * readiness panel lists `firstImageId` and neither REST calls nor server functions have started for `quietMs`.
 */
export async function openEditPageAndCount({
  page,
  storyId,
  firstImageId,
  quietMs = 3000,
  timeoutMs = 120_000,
}: {
  page: Page
  storyId: number
  firstImageId: number
  quietMs?: number
  timeoutMs?: number
}): Promise<EditPageRequests> {
  // From a blank page, as when a link to the story is opened: nothing else on the page is asking meanwhile.
  await page.goto('about:blank')
  const byKind: Record<RequestKind, number> = { api: 0, serverFunction: 0, rsc: 0, imageFile: 0, other: 0 }
  const byPath: Record<string, number> = {}
  let lastAsked = Date.now()
  const onRequest = (request: Request) => {
    const kind = kindOf(request)
    byKind[kind] += 1
    const key = describe(request, kind)
    byPath[key] = (byPath[key] ?? 0) + 1
    if (kind === 'api' || kind === 'serverFunction') lastAsked = Date.now()
  }
  page.on('request', onRequest)
  try {
    const started = Date.now()
    await page.goto(`/admin/collections/articles/${storyId}`, { waitUntil: 'commit' })
    await page.locator(`[data-testid="readiness-image"][data-media-id="${firstImageId}"]`).waitFor({ timeout: timeoutMs })
    const readinessShownMs = Date.now() - started
    const deadline = started + timeoutMs
    await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => {})
    while (Date.now() - lastAsked < quietMs && Date.now() < deadline) await page.waitForTimeout(250)
    return { apiRequests: byKind.api + byKind.serverFunction, byKind: { ...byKind }, byPath: { ...byPath }, readinessShownMs, lastRequestMs: Math.max(0, lastAsked - started) }
  } finally {
    page.off('request', onRequest)
  }
}
