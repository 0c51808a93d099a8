// The story edit page (issue 20): an editor opens a story of 200 body images in the admin (real Chromium, the
// production build) and the bench counts what the page asks the server for until it has settled: REST calls under
// /api/ and Next server functions (the issue's "API requests per open"), with React Server Component fetches and
// image files beside them. A 10-image story is opened the same way, so a count that grows with the images shows.
// Then the server time of the story's readiness (GET /api/articles/:id/publish-readiness, and the panels' one
// request that carries it): the median of repeated calls as the editor, from the Server-Timing header the endpoints
// send, with the round trip on localhost and the SQL statements per call beside it.
import fs from 'node:fs'
import path from 'node:path'

import { collectStoryReferences } from '../src/collections/Articles/storyReferences'
import { DEMO_ACCOUNTS } from '../src/seed/seedDemoContent'
import { launchBrowser, newPage, signIn } from '../tests/e2e/lib/browser'
import { apiPathsOf, describeEditPageRequests, type EditPageRequests, openEditPageAndCount } from '../tests/e2e/lib/editPageRequests'
import type { BenchPostgres } from './lib/postgres'
import type { Scenario, ScenarioContext } from './lib/scenarios'
import { BENCH_PASSWORD, signInAsEditor } from './lib/smallNewsroom'
import { median } from './lib/statistics'
import { benchStory, writeStories } from './lib/stories'

const MOST_REQUESTS_PER_OPEN = 10
const MOST_READINESS_MS = 50
const IMAGES = 200

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

/** The `total` of a Server-Timing header (src/server/serverTiming.ts), and each step's duration; null when absent. */
const serverTimingOf = (header: string | null): { total: number; steps: Record<string, number> } | null => {
  const steps = Object.fromEntries([...(header ?? '').matchAll(/([\w-]+);dur=([\d.]+)/g)].map((match) => [match[1], Number(match[2])]))
  return typeof steps.total === 'number' ? { total: steps.total, steps } : null
}

type Timed = {
  /** Median of the handler's own time (Server-Timing total), and of each of its steps; null without the header. */
  serverMs: number | null
  steps: Record<string, number>
  /** Median time from sending the request to the last byte, on localhost: the handler plus sign-in check, routing and HTTP. */
  roundTripMs: number
  statementsPerCall: number
  calls: number
}

/** The median times of `calls` GETs of `url` sent with `authorization` (after warm-up calls), and its SQL statements per call. */
async function timeEndpoint({ pg, databaseUrl, url, authorization, calls }: { pg: BenchPostgres; databaseUrl: string; url: string; authorization: string; calls: number }): Promise<Timed> {
  const get = async () => {
    const sent = performance.now()
    const response = await fetch(url, { headers: { Authorization: authorization, Accept: 'application/json' } })
    await response.arrayBuffer()
    const roundTripMs = performance.now() - sent
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}.`)
    return { roundTripMs, timing: serverTimingOf(response.headers.get('server-timing')) }
  }
  for (let n = 0; n < 3; n++) await get()
  await pg.query(databaseUrl, 'select pg_stat_statements_reset()')
  const samples = []
  for (let n = 0; n < calls; n++) samples.push(await get())
  const [{ total }] = await pg.query<{ total: string }>(
    databaseUrl,
    `select coalesce(sum(calls), 0) as total from pg_stat_statements s join pg_database d on d.oid = s.dbid
     where d.datname = current_database() and s.query not ilike '%pg_stat_statements%'`,
  )
  const timings = samples.map((sample) => sample.timing).filter((timing) => timing !== null)
  const isTimed = timings.length === samples.length
  const stepNames = isTimed ? Object.keys(timings[0]!.steps).filter((name) => name !== 'total') : []
  return {
    serverMs: isTimed ? round(median(timings.map((timing) => timing!.total))) : null,
    steps: Object.fromEntries(stepNames.map((name) => [name, round(median(timings.map((timing) => timing!.steps[name] ?? 0)))])),
    roundTripMs: round(median(samples.map((sample) => sample.roundTripMs))),
    statementsPerCall: round(Number(total) / calls),
    calls,
  }
}

/** "12.3 ms (story 8.1, readiness 4.2; round trip 20.5 ms; 6 SQL statements)" */
const describeTimed = (timed: Timed) =>
  `${timed.serverMs ?? '?'} ms (${Object.entries(timed.steps).map(([name, ms]) => `${name} ${ms}`).join(', ')}; round trip ${timed.roundTripMs} ms; ${timed.statementsPerCall} SQL statements)`

export const editPage: Scenario = {
  name: 'edit-page',
  run: async ({ pg, isQuick, work, log, startServer, runScript }: ScenarioContext) => {
    const calls = isQuick ? 10 : 30
    const databaseUrl = await pg.createDatabase('bench_edit_page')
    // A pool as large as the story, so its 200 images are 200 different photos.
    const stories = writeStories(path.join(work, 'stories-edit-page'), [
      { name: 'edit-page-200.txt', text: benchStory({ index: 0, images: IMAGES, photoPoolSize: IMAGES, title: `Edit page story with ${IMAGES} images` }) },
      { name: 'edit-page-10.txt', text: benchStory({ index: 1, images: 10, photoPoolSize: IMAGES, title: 'Edit page story with 10 images' }) },
    ])
    const empty = path.join(work, 'stories-none')
    fs.mkdirSync(empty, { recursive: true })
    log(`edit page: a newsroom with a ${IMAGES}-image story and a 10-image one …`)
    await runScript('bench/setup.ts', [`${work}/setup-edit-page.json`, stories, empty, empty], databaseUrl, { BENCH_WORKFLOW_SAMPLE: '2' })
    await pg.query(databaseUrl, 'vacuum analyze')
    const storyOf = async (images: number) => {
      const [story] = await pg.query<{ id: number; body: unknown }>(databaseUrl, `select id, body from articles where title = $1`, [images === IMAGES ? `Edit page story with ${IMAGES} images` : 'Edit page story with 10 images'])
      const { imageIds } = collectStoryReferences({ body: story?.body })
      if (!story || imageIds.length !== images) throw new Error(`The ${images}-image story was not found (or has ${imageIds.length} images).`)
      return { id: story.id, firstImageId: Number(imageIds[0]) }
    }
    const [large, small] = [await storyOf(IMAGES), await storyOf(10)]

    const server = await startServer(databaseUrl, { REQUIRE_SECOND_FACTOR: 'false' }, 'edit-page')
    const browser = await launchBrowser()
    try {
      const editor = DEMO_ACCOUNTS.find((account) => account.role === 'editor')!
      const { authorization } = await signInAsEditor(server)
      // Both stories are live; an editor's new revision is in draft, as on a story someone is working on: the page and
      // the readiness read the draft (the versions table) over the live row.
      for (const story of [large, small]) {
        const revision = await fetch(`${server.url}/api/articles/${story.id}?draft=true`, {
          method: 'PATCH',
          headers: { Authorization: authorization, 'Content-Type': 'application/json' },
          body: JSON.stringify({ dek: 'A new revision in progress, for the edit page bench.' }),
        })
        if (revision.status !== 200) throw new Error(`Starting a new revision of story ${story.id} answered ${revision.status}: ${await revision.text()}`)
      }
      const page = await newPage({ browser, baseUrl: server.url })
      await signIn({ page, email: editor.email, password: BENCH_PASSWORD })
      // The first open warms the server's and the browser's caches (Next's chunks); the figures are from the opens after it.
      await openEditPageAndCount({ page, storyId: small.id, firstImageId: small.firstImageId })
      const opens: { large: EditPageRequests[]; small: EditPageRequests[] } = { large: [], small: [] }
      for (let n = 0; n < (isQuick ? 1 : 3); n++) {
        opens.large.push(await openEditPageAndCount({ page, storyId: large.id, firstImageId: large.firstImageId }))
        opens.small.push(await openEditPageAndCount({ page, storyId: small.id, firstImageId: small.firstImageId }))
      }
      const [largeOpen, smallOpen] = [opens.large.at(-1)!, opens.small.at(-1)!]
      log(`edit page, ${IMAGES} images: ${describeEditPageRequests(largeOpen)}; RSC ${largeOpen.byKind.rsc}, image files ${largeOpen.byKind.imageFile}, readiness shown after ${largeOpen.readinessShownMs} ms`)
      log(`edit page, 10 images: ${describeEditPageRequests(smallOpen)}`)

      const readiness = await timeEndpoint({ pg, databaseUrl, url: `${server.url}/api/articles/${large.id}/publish-readiness`, authorization, calls })
      const readinessSmall = await timeEndpoint({ pg, databaseUrl, url: `${server.url}/api/articles/${small.id}/publish-readiness`, authorization, calls })
      const panels = await timeEndpoint({ pg, databaseUrl, url: `${server.url}/api/articles/${large.id}/editorial-panels`, authorization, calls })
      log(`readiness, ${IMAGES} images: ${JSON.stringify(readiness)}; 10 images: ${JSON.stringify(readinessSmall)}; panels, ${IMAGES} images: ${JSON.stringify(panels)}`)

      const mostRequests = Math.max(...opens.large.map((open) => open.apiRequests))
      // The handler's own time when the endpoint reports it; else the round trip, which can only be longer.
      const readinessMs = readiness.serverMs ?? readiness.roundTripMs
      const kinds = (open: EditPageRequests) => `${open.byKind.api} REST + ${open.byKind.serverFunction} server functions`
      return {
        targets: [
          {
            scenario: `the story edit page, ${IMAGES} body images (Chromium, production build, signed in as an editor)`,
            baseline: `the same page on a 10-image story: ${smallOpen.apiRequests} requests (${kinds(smallOpen)}); readiness of the 10-image story ${describeTimed(readinessSmall)}`,
            measured:
              `${largeOpen.apiRequests} API requests per open (${kinds(largeOpen)}; besides them ${largeOpen.byKind.rsc} RSC fetches and ${largeOpen.byKind.imageFile} image files), at most ${mostRequests} in ${opens.large.length} opens; ` +
              `readiness server time ${describeTimed(readiness)}, median of ${calls}; the panels' one request ${describeTimed(panels)}`,
            target: `≤ ${MOST_REQUESTS_PER_OPEN} API requests per open; readiness ≤ ${MOST_READINESS_MS} ms server time`,
            isPassed: mostRequests <= MOST_REQUESTS_PER_OPEN && readinessMs <= MOST_READINESS_MS,
          },
        ],
        results: {
          images: IMAGES,
          // Each open's counts; the paths asked of the API (REST and server functions) in the last open of each story.
          opens: Object.fromEntries(Object.entries(opens).map(([story, list]) => [story, list.map(({ byPath: _, ...counts }) => counts)])),
          apiPathsPerOpen: { large: apiPathsOf(largeOpen), small: apiPathsOf(smallOpen) },
          readiness,
          readinessSmall,
          panels,
        },
      }
    } finally {
      await browser.close().catch(() => {})
      await server.stop()
    }
  },
}
