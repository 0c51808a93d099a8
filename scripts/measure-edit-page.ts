// Opens a story's edit page in Chromium against a running server and reports what it asked the API for and how
// long the body took to show. Not a test: `npm run test:e2e` asserts the request count, `npm run bench` owns timings.
// Usage: npx tsx scripts/measure-edit-page.ts --url http://localhost:3000 [--email editor@example.com]
//        [--password demo-password] [--story <id>] [--visits 3]
import { parseArgs } from 'node:util'

import { countApiRequests, describeApiRequests, waitForQuietApi } from '../tests/e2e/lib/apiRequests'
import { launchBrowser, newPage, signIn } from '../tests/e2e/lib/browser'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    email: { type: 'string', default: 'editor@example.com' },
    password: { type: 'string', default: 'demo-password' },
    story: { type: 'string' },
    visits: { type: 'string', default: '3' },
  },
})
const baseUrl = values.url!.replace(/\/$/, '')

/** The most recently changed story that shows an image, unless one was named. */
async function pickStory(token: string): Promise<string> {
  if (values.story) return values.story
  const response = await fetch(`${baseUrl}/api/articles?draft=true&depth=0&limit=20&sort=-updatedAt&where[images][exists]=true`, {
    headers: { Authorization: `JWT ${token}` },
  })
  const { docs } = (await response.json()) as { docs: { id: number }[] }
  if (!docs.length) throw new Error('No story with an image was found: name one with --story <id>.')
  return String(docs[0].id)
}

const login = await fetch(`${baseUrl}/api/users/login`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ email: values.email, password: values.password }),
})
const { token } = (await login.json()) as { token?: string }
if (!token) throw new Error(`Signing in as ${values.email} failed (${login.status}).`)
const storyId = await pickStory(token)

const browser = await launchBrowser()
try {
  const page = await newPage({ browser, baseUrl })
  await signIn({ page, email: values.email!, password: values.password! })
  for (let visit = 1; visit <= Number(values.visits); visit += 1) {
    await page.goto('about:blank')
    const counter = countApiRequests(page)
    const started = Date.now()
    await page.goto(`/admin/collections/articles/${storyId}`, { waitUntil: 'commit' })
    await page.locator('.rich-text-lexical [contenteditable="true"] p').first().waitFor()
    const bodyShownMs = Date.now() - started
    await page.locator('[data-testid="workflow-stage"]').filter({ hasNotText: '…' }).waitFor()
    const panelsShownMs = Date.now() - started
    await waitForQuietApi({ page, counter })
    const counted = counter.stop()
    console.log(`visit ${visit} of story ${storyId}: body shown after ${bodyShownMs} ms, panels after ${panelsShownMs} ms; ${describeApiRequests(counted)}`)
    if (process.env.MEASURE_VERBOSE) console.log(counted.urls.join('\n'))
  }
} finally {
  await browser.close()
}
