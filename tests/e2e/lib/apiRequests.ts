// Counts what a page asks the API for (requests under /api/), by method and path, so a scenario can assert that
// opening a screen does not ask for the same thing twice. Image files (/api/<collection>/file/…) are pictures the
// page shows, not questions it asks, and are left out.
import type { Page } from 'playwright-core'

export type ApiRequestCount = {
  total: number
  /** "GET /api/articles/7" → how many times it was asked for (the query string is left out). */
  byPath: Map<string, number>
  /** The same paths with their query strings, in the order they were sent. */
  urls: string[]
}

/** Whether a path under /api/ is an image file (`/api/<collection>/file/…`): a picture the page shows, not a question. */
export const isImageFilePath = (pathname: string) => /^\/api\/[^/]+\/file\//.test(pathname)

/** Starts counting on `page`; `stop()` returns what was counted since, and stops counting. */
export function countApiRequests(page: Page): { stop: () => ApiRequestCount; current: () => ApiRequestCount } {
  const urls: string[] = []
  const onRequest = (request: { url: () => string; method: () => string }) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/api/') && !isImageFilePath(url.pathname)) urls.push(`${request.method()} ${url.pathname}${url.search}`)
  }
  page.on('request', onRequest)
  const current = (): ApiRequestCount => {
    const byPath = new Map<string, number>()
    for (const url of urls) {
      const key = url.replace(/\?.*$/, '')
      byPath.set(key, (byPath.get(key) ?? 0) + 1)
    }
    return { total: urls.length, byPath, urls: [...urls] }
  }
  return {
    current,
    stop: () => {
      page.off('request', onRequest)
      return current()
    },
  }
}

/** "12 requests: GET /api/articles/7 ×3, …" for a log line or an assertion message. */
export const describeApiRequests = ({ total, byPath }: ApiRequestCount) =>
  `${total} request${total === 1 ? '' : 's'}: ${[...byPath].map(([path, count]) => (count > 1 ? `${path} ×${count}` : path)).join(', ') || 'none'}`

/** Paths asked for more than once. */
export const repeatedApiRequests = ({ byPath }: ApiRequestCount) => [...byPath].filter(([, count]) => count > 1).map(([path]) => path)

/** Waits until no API request has started for `quietMs` (the panels' delayed refreshes included), or `timeoutMs`. */
export async function waitForQuietApi({ page, counter, quietMs = 3000, timeoutMs = 30_000 }: { page: Page; counter: { current: () => ApiRequestCount }; quietMs?: number; timeoutMs?: number }) {
  const deadline = Date.now() + timeoutMs
  let seen = counter.current().total
  let quietSince = Date.now()
  while (Date.now() < deadline) {
    await page.waitForTimeout(250)
    const now = counter.current().total
    if (now !== seen) {
      seen = now
      quietSince = Date.now()
    } else if (Date.now() - quietSince >= quietMs) return
  }
}
