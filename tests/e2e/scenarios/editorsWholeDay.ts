// The editor's day, in the admin as people use it: a writer drafts a story with a credited photo and submits it; the
// editor asks for changes with a note; the writer reads the note in their queue, revises and resubmits to a chosen
// reviewer; that editor reads the rendered preview and the live preview (credit lines under the photo), approves and
// publishes; later the editor fixes a fact in the live story and publishes the correction with a note to readers in
// one step; a reader then finds the story with its correction note and credit line. axe-core checks the previews and
// the published page. Only the photo is set up through the API.
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'

import { assertAccessible } from '../lib/accessibility'
import { newPage, screenshot, signIn } from '../lib/browser'
import { createCredit, readingRoomPicture, uploadPhoto } from '../lib/photos'
import type { ScenarioContext } from '../lib/scenario'
import { approveAndPublish, startStory, storyBodyEditor, waitForStage, waiveMissingDeskChecks, writeParagraphAndInsertPhoto } from '../lib/storyEditor'

const TITLE = 'Library extension plan goes to a council vote'
// Short paragraphs: each stays on one line of the editor, so End reaches its end.
const DEK = 'Residents want longer opening hours; the council weighs the cost.'
const FIRST_PARAGRAPH = 'Residents packed the library to hear the plan.'
const CHANGE_REQUEST = 'Please say when the council votes on the plan.'
const REVISION = 'The council votes on Tuesday.'
const CORRECTED = 'The council votes on Wednesday.'
const READER_NOTE = 'An earlier version of this story gave the wrong day for the council vote. It is on Wednesday.'
const LOG_NOTE = 'The vote was moved: corrected the day.'
const PHOTOGRAPHER = 'Priya Raman'
const CREDIT_LINE = `Photo by ${PHOTOGRAPHER}.`
const FILENAME = `library-reading-room-${Date.now()}.jpg`

/** Waits until the next autosave of the story has been answered, after `edit` has typed something. */
async function autosaved(page: Page, storyId: number, edit: () => Promise<void>): Promise<void> {
  const saved = page.waitForResponse(
    (response) => response.request().method() === 'PATCH' && new URL(response.url()).pathname === `/api/articles/${storyId}` && response.ok(),
    { timeout: 60_000 },
  )
  await edit()
  await saved
}

/** The rendered story (staff preview, live preview, reader page) shows the photo with its credit line beneath it. */
async function assertCreditLineUnderThePhoto(page: Pick<Page, 'locator'>, where: string) {
  // The text itself: the house style shows credit lines in capitals (CSS), which innerText would report.
  const captions = await page.locator('figure figcaption').allTextContents()
  assert.ok(captions.length >= 1, `${where} shows no photo with a caption`)
  for (const caption of captions) assert.ok(caption.includes(CREDIT_LINE), `${where}: “${caption}” lacks the credit line “${CREDIT_LINE}”`)
}

export async function editorsWholeDay({ browser, baseUrl, rest, staff, step }: ScenarioContext<'editor' | 'writer'>): Promise<void> {
  const { editor, writer } = staff
  let mediaId = 0
  let storyId = 0

  await step('setup: a photo credited to Priya Raman is in the library', async () => {
    const credit = await createCredit({ rest, token: editor.token, photographer: PHOTOGRAPHER })
    const jpeg = await readingRoomPicture()
    mediaId = await uploadPhoto({ rest, token: writer.token, name: FILENAME, alt: 'Five residents seated in front of the library’s bookshelves', credit, jpeg })
  })

  const writerPage = await newPage({ browser, baseUrl })
  await step('the writer drafts the story with the credited photo and submits it for review', async () => {
    await signIn({ page: writerPage, ...writer })
    storyId = await startStory({ page: writerPage, title: TITLE })
    await writerPage.locator('#field-dek').fill(DEK)
    await writeParagraphAndInsertPhoto({ page: writerPage, paragraph: FIRST_PARAGRAPH, filename: FILENAME, mediaId, storyId, rest, token: writer.token })
    const image = writerPage.locator(`[data-testid="readiness-image"][data-media-id="${mediaId}"]`)
    assert.match(await image.innerText(), new RegExp(CREDIT_LINE.replace('.', '\\.')))
    await writerPage.locator('[data-move="in-review"]').click()
    await waitForStage(writerPage, 'In review')
    assert.equal(await writerPage.locator('[data-move="approved"]').count(), 0, 'a writer must not see Approve')
  })

  const editorPage = await newPage({ browser, baseUrl })
  await step('the editor finds it awaiting review and asks for changes with a note', async () => {
    await signIn({ page: editorPage, ...editor })
    await editorPage.goto('/admin', { waitUntil: 'commit' })
    await editorPage.locator('[data-testid="dash-awaiting-review"] a', { hasText: TITLE }).click()
    await editorPage.waitForURL(new RegExp(`/admin/collections/articles/${storyId}$`))
    await waitForStage(editorPage, 'In review')
    // Without a note the move is refused in the panel, before any request.
    await editorPage.locator('[data-move="changes-requested"]').click()
    await editorPage.locator('[data-testid="workflow-error"]', { hasText: 'write a note' }).waitFor()
    await editorPage.locator('#workflow-note').fill(CHANGE_REQUEST)
    await editorPage.locator('[data-move="changes-requested"]').click()
    await waitForStage(editorPage, 'Changes requested')
  })

  await step('the writer reads the editor’s note in their queue', async () => {
    await writerPage.goto('/admin', { waitUntil: 'commit' })
    const card = writerPage.locator('[data-testid="dash-changes-requested"]')
    const entry = card.locator('li', { hasText: TITLE })
    await entry.locator('blockquote', { hasText: CHANGE_REQUEST }).waitFor()
    assert.match(await entry.innerText(), /Changes requested/)
    await writerPage.locator('[data-testid="dash-my-stories"] li', { hasText: TITLE }).waitFor()
    // The dashboard's own cards, above Payload's collection list.
    const cards = await writerPage.locator('.nr-dashboard').boundingBox()
    assert.ok(cards, 'the dashboard cards are not on screen')
    const clip = { x: 0, y: 0, width: 1440, height: Math.ceil(cards.y + cards.height + 24) }
    await screenshot(writerPage, 'whole-day-01-writers-queue-with-the-editors-note', { readme: 'writers-queue', clip })
  })

  await step('the writer opens the story, sees the note on top, revises and resubmits to the chosen reviewer', async () => {
    await writerPage.locator('[data-testid="dash-changes-requested"] a', { hasText: TITLE }).click()
    await writerPage.waitForURL(new RegExp(`/admin/collections/articles/${storyId}$`))
    await writerPage.locator('[data-testid="workflow-change-request"]', { hasText: CHANGE_REQUEST }).waitFor()
    await autosaved(writerPage, storyId, async () => {
      await storyBodyEditor(writerPage).locator('p', { hasText: FIRST_PARAGRAPH }).click()
      await writerPage.keyboard.press('End')
      await writerPage.keyboard.press('Enter')
      await writerPage.keyboard.type(REVISION)
    })
    await writerPage.locator('#workflow-reviewer').selectOption({ label: editor.name })
    await writerPage.locator('[data-move="in-review"]').click()
    await waitForStage(writerPage, 'In review')
    await writerPage.locator('[data-testid="workflow-panel"] dd', { hasText: editor.name }).first().waitFor()
    await writerPage.context().close()
  })

  await step('the chosen reviewer finds the story under “Assigned to me” with the revision', async () => {
    await editorPage.goto('/admin', { waitUntil: 'commit' })
    await editorPage.locator('[data-testid="dash-assigned"] a', { hasText: TITLE }).click()
    await editorPage.waitForURL(new RegExp(`/admin/collections/articles/${storyId}$`))
    await storyBodyEditor(editorPage).locator('p', { hasText: REVISION }).waitFor()
  })

  await step('the rendered preview shows the draft with the credit line, and passes axe', async () => {
    const [preview] = await Promise.all([editorPage.context().waitForEvent('page'), editorPage.locator('#preview-button').click()])
    await preview.waitForURL(new RegExp(`/preview/articles/${storyId}`))
    await preview.locator('h1', { hasText: TITLE }).waitFor()
    await preview.locator('main p', { hasText: REVISION }).waitFor()
    await assertCreditLineUnderThePhoto(preview, 'The rendered preview')
    await assertAccessible(preview, 'The rendered preview')
    await preview.close()
  })

  await step('the live preview shows the story with the credit line, and its page passes axe', async () => {
    // Tall enough for the headline, the dek, the photo and its credit line side by side with the editor.
    await editorPage.setViewportSize({ width: 1440, height: 1200 })
    // Payload remembers, per person, whether the live preview was left open (readersSeeRenderedStories leaves it so).
    const iframe = editorPage.locator('#live-preview-iframe')
    if (!(await iframe.isVisible())) await editorPage.locator('#live-preview-toggler').click()
    const frame = editorPage.frameLocator('#live-preview-iframe')
    await frame.locator('h1', { hasText: TITLE }).waitFor()
    await frame.locator('main p', { hasText: REVISION }).waitFor()
    await assertCreditLineUnderThePhoto(frame, 'The live preview')
    await screenshot(editorPage, 'whole-day-02-live-preview', { readme: 'live-preview' })
    // axe checks the live preview's own document, as the frame loads it.
    const source = await iframe.getAttribute('src')
    assert.ok(source, 'the live preview frame has no address')
    const framed = await editorPage.context().newPage()
    await framed.goto(source)
    await framed.locator('h1', { hasText: TITLE }).waitFor()
    await assertAccessible(framed, 'The live preview')
    await framed.close()
    await editorPage.locator('#live-preview-toggler').click()
    await iframe.waitFor({ state: 'hidden' })
    await editorPage.setViewportSize({ width: 1440, height: 1000 })
  })

  await step('the reviewer waives the desk checks the story goes without, approves and publishes it', async () => {
    await waiveMissingDeskChecks({ page: editorPage, note: 'Council story: the web desk adds the SEO fields and topic with the follow-up.' })
    await approveAndPublish({ page: editorPage })
  })

  await step('the editor corrects a fact in the live story and publishes the correction with a note to readers, in one step', async () => {
    await autosaved(editorPage, storyId, async () => {
      await storyBodyEditor(editorPage).locator('p', { hasText: REVISION }).click()
      await editorPage.keyboard.press('End')
      // Select the word before the full stop and type over it.
      await editorPage.keyboard.press('ArrowLeft')
      await editorPage.keyboard.press('Shift+Control+ArrowLeft')
      await editorPage.keyboard.type('Wednesday')
    })
    await storyBodyEditor(editorPage).locator('p', { hasText: CORRECTED }).waitFor()
    // An editor's edit of a live story stays published until the correction is published.
    await waitForStage(editorPage, 'Published')
    const correction = editorPage.locator('[data-testid="publish-correction"]')
    await correction.waitFor()
    await editorPage.locator('#workflow-note').fill(LOG_NOTE)
    await editorPage.locator('#reader-note-kind').selectOption('correction')
    await correction.getByLabel('Text of the note to readers').fill(READER_NOTE)
    await correction.locator('[data-move="publish-correction"]').click()
    await editorPage.locator('[data-sonner-toast]', { hasText: /correction|published/i }).first().waitFor()
    await correction.waitFor({ state: 'detached' })
    await editorPage.locator('[data-testid="workflow-log"] li', { hasText: LOG_NOTE }).waitFor()
    await waitForStage(editorPage, 'Published')
    await editorPage.context().close()
  })

  const reader = await newPage({ browser, baseUrl })
  await step('a reader opens the story from the home page: the correction, its note and the credit line, and axe passes', async () => {
    await reader.goto('/')
    await reader.locator('main a', { hasText: TITLE }).first().click()
    await reader.waitForURL(/\/articles\/[^/]+$/)
    await reader.locator('h1', { hasText: TITLE }).waitFor()
    await reader.locator('main p', { hasText: CORRECTED }).waitFor()
    assert.equal(await reader.locator('main p', { hasText: REVISION }).count(), 0, 'the uncorrected sentence must be gone')
    const paragraphs = await reader.locator('main article p').allTextContents()
    assert.ok(paragraphs.includes(FIRST_PARAGRAPH) && paragraphs.includes(CORRECTED), `the story's paragraphs: ${paragraphs.join(' | ')}`)
    assert.ok(!paragraphs.some((text) => text.includes('/upl')), `the slash command must not be left in the story: ${paragraphs.join(' | ')}`)
    const notes = reader.locator('.reader-notes')
    await notes.locator('li', { hasText: READER_NOTE }).waitFor()
    assert.match(await notes.innerText(), /Correction/)
    await assertCreditLineUnderThePhoto(reader, 'The published story page')
    await assertAccessible(reader, 'The published story page')
    await screenshot(reader, 'whole-day-03-published-story-with-correction', { fullPage: true, readme: 'published-story' })
    await reader.context().close()
  })
}
