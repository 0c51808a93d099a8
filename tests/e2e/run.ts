// `npm run test:e2e`: the real app (Express + Payload + the Next admin and reader site) as production runs it, against
// a throw-away PostgreSQL, driven through Debian's Chromium. Screenshots land in tests/e2e/screenshots/.
// The production build (`npm run build`) is made first, or reused while the sources are unchanged since it was made
// (tests/helpers/productionBuild.ts). `E2E_DEV=1` runs Next dev from the sources instead (no build; for debugging).
// `E2E_ONLY=<scenario name>[,<another>]` runs only those scenarios. `E2E_README_SCREENSHOTS=1` also writes the
// README's screenshots to docs/screenshots/. `E2E_VERBOSE=1` echoes the build's and the server's output.
import { ensureProductionBuild } from '../helpers/productionBuild'
import { type AppMode, startApp } from './lib/app'
import { launchBrowser, SCREENSHOT_DIR, screenshotAll } from './lib/browser'
import { restClient, type Staff } from './lib/rest'
import type { Step } from './lib/scenario'
import { creditedStoryGoesLive } from './scenarios/creditedStoryGoesLive'
import { editorWorksOnAStory } from './scenarios/editorWorksOnAStory'
import { twoTabsDoNotOverwriteEachOther } from './scenarios/twoTabsDoNotOverwriteEachOther'
import { editorSignsInWithSecondFactor } from './scenarios/editorSignsInWithSecondFactor'
import { wirePhotoArrivesCredited } from './scenarios/wirePhotoArrivesCredited'
import { readersSeeRenderedStories } from './scenarios/readersSeeRenderedStories'
import { editorsWholeDay } from './scenarios/editorsWholeDay'
import { editorOpensAPhotoEssay } from './scenarios/editorOpensAPhotoEssay'

// Every scenario, in the order they run; one line each.
const scenarios = {
  creditedStoryGoesLive,
  twoTabsDoNotOverwriteEachOther,
  editorSignsInWithSecondFactor,
  wirePhotoArrivesCredited,
  readersSeeRenderedStories,
  editorWorksOnAStory,
  editorOpensAPhotoEssay,
  editorsWholeDay,
}
const SCENARIO_NAMES = Object.keys(scenarios)

const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`
const log = (message: string) => console.log(`[e2e ${elapsed()}] ${message}`)

let failures = 0
const step: Step = async (title, run) => {
  const stepStarted = Date.now()
  try {
    await run()
    log(`✓ ${title} (${((Date.now() - stepStarted) / 1000).toFixed(1)} s)`)
  } catch (error) {
    failures += 1
    log(`✗ ${title}\n${(error as Error).stack ?? error}`)
    await screenshotAll({ browser, name: 'failure' })
    throw error
  }
}

const mode: AppMode = process.env.E2E_DEV === '1' ? 'dev' : 'production'
if (mode === 'production') {
  // Before anything is started: a failed build leaves nothing running.
  await ensureProductionBuild({ log }).catch((error: Error) => {
    console.error(error.message)
    process.exit(1)
  })
}
// The browser next: if it cannot start, no server is left running without anyone to stop it.
const browser = await launchBrowser()
const scenariosStarted = Date.now()
const app = await startApp({ mode, log })
try {
  const rest = restClient(app.baseUrl)
  const people = await rest.createStaff([
    { name: 'Ada Admin', email: 'admin@example.com', password: 'correct-horse-admin', role: 'admin' },
    { name: 'Eddie Editor', email: 'editor@example.com', password: 'correct-horse-editor', role: 'editor' },
    { name: 'Wren Writer', email: 'writer@example.com', password: 'correct-horse-writer', role: 'writer' },
    { name: 'Ola Author-Editor', email: 'author-editor@example.com', password: 'correct-horse-author', role: 'editor' },
  ])
  const [admin, editor, writer, authorEditor] = people as [Staff, Staff, Staff, Staff]
  log('Staff created: admin, editor, writer, author-editor.')
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (process.env.E2E_ONLY && !process.env.E2E_ONLY.split(',').includes(name)) continue
    log(`Scenario: ${name}`)
    await scenario({ browser, baseUrl: app.baseUrl, rest, staff: { admin, editor, writer, authorEditor }, step })
  }
} catch (error) {
  failures ||= 1
  if (!(error instanceof Error && SCENARIO_NAMES.some((name) => (error.stack ?? '').includes(name)))) console.error(error)
  console.error(`\nServer output (last lines):\n${app.log().slice(-3000)}`)
} finally {
  await browser.close().catch(() => {})
  await app.stop()
}
log(`${failures ? 'FAILED' : 'passed'} on the ${mode === 'production' ? 'production build' : 'Next dev server'} (server and scenarios ${((Date.now() - scenariosStarted) / 1000).toFixed(0)} s); screenshots in ${SCREENSHOT_DIR}`)
process.exit(failures ? 1 : 0)
