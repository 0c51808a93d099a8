// What people do on a story's edit page in the admin, shared by the scenarios: start a story, write in the body and
// insert a photo, wait for a stage, waive desk checks, approve and publish.
import type { Page } from 'playwright-core'

import type { Rest } from './rest'

export const storyIdFrom = (page: Page) => Number(new URL(page.url()).pathname.split('/').pop())

/** Waits for the workflow panel's stage badge to read `label` (case does not matter). */
export async function waitForStage(page: Page, label: string): Promise<void> {
  await page.locator('[data-testid="workflow-stage"]', { hasText: label }).waitFor()
}

/** Opens "Create new" and types the headline; resolves with the new story's id (autosave creates the draft at once). */
export async function startStory({ page, title }: { page: Page; title: string }): Promise<number> {
  await page.goto('/admin/collections/articles/create', { waitUntil: 'commit' })
  await page.waitForURL(/\/admin\/collections\/articles\/\d+/, { timeout: 120_000 })
  const storyId = storyIdFrom(page)
  await page.locator('#field-title').fill(title)
  return storyId
}

export const storyBodyEditor = (page: Page) => page.locator('.rich-text-lexical [contenteditable="true"]').first()

/**
 * Types a paragraph into the body and inserts the photo `filename` (id `mediaId`) from the slash menu, then waits
 * until the readiness panel lists it, which means autosave has stored it.
 */
export async function writeParagraphAndInsertPhoto({
  page,
  paragraph,
  filename,
  mediaId,
  storyId,
  rest,
  token,
}: {
  page: Page
  paragraph: string
  filename: string
  mediaId: number
  storyId: number
  rest: Rest
  token: string
}): Promise<void> {
  const body = storyBodyEditor(page)
  await body.click()
  await page.keyboard.type(paragraph)
  await page.keyboard.press('Enter')
  // At a person's pace: typed at once, the menu once took the choice before it had seen the last letter, and
  // "/uploa" stayed in the story beside the photo.
  await page.keyboard.type('/upload', { delay: 60 })
  await body.locator('p', { hasText: '/upload' }).waitFor()
  await page.locator('.slash-menu-popup__item', { hasText: 'Upload' }).first().waitFor()
  await page.keyboard.press('Enter')
  await page.locator('.drawer__content', { hasText: filename }).locator(`text=${filename}`).first().click()
  // The menu's command replaces what was typed to call it.
  await body.locator('p', { hasText: '/upl' }).waitFor({ state: 'detached', timeout: 10_000 })
  // The readiness panel follows autosave: the photo appears there once the draft holding it is saved.
  const image = page.locator(`[data-testid="readiness-image"][data-media-id="${mediaId}"]`)
  const appeared = await image.waitFor({ timeout: 30_000 }).then(
    () => true,
    () => false,
  )
  if (appeared) return
  // Seen once in CI: the panel still showed no photo 60 s after the insert. Suspected: Payload's autosave skips a
  // change made while the previous save is in flight (that save's completion marks the form unmodified), so it is
  // saved only at the next edit. A writer's next keystroke saves it; the test types one, and logs whether the
  // server's draft had the photo, which tells the next run whether the suspicion holds.
  const saved = await rest.call<{ body?: unknown }>({ method: 'GET', path: `/api/articles/${storyId}?draft=true&depth=0`, token })
  const hasPhoto = JSON.stringify(saved.json?.body ?? null).includes('"type":"upload"')
  console.warn(`The photo was not in the readiness panel after 30 s; the saved draft ${hasPhoto ? 'has' : 'does not have'} it. Typing a space to autosave again.`)
  await body.getByText(paragraph).click()
  await page.keyboard.press('End')
  await page.keyboard.type(' ')
  await image.waitFor({ timeout: 60_000 })
}

/** On an editor's view of a story with ready images: waives each desk check still missing (dek, SEO, topic) with `note`. */
export async function waiveMissingDeskChecks({ page, note }: { page: Page; note: string }): Promise<void> {
  await page.locator('[data-testid="readiness-status"]', { hasText: 'images ready' }).waitFor()
  await page.locator('[data-testid="desk-check"][data-check="images"][data-state="met"]').waitFor()
  for (const check of ['dek', 'seoTitle', 'seoDescription', 'topic']) {
    const row = page.locator(`[data-testid="desk-check"][data-check="${check}"]`)
    if ((await row.getAttribute('data-state')) !== 'missing') continue
    await row.getByRole('button', { name: 'Waive…' }).click()
    await row.locator('textarea').fill(note)
    await row.locator(`[data-waive="${check}"]`).click()
    await page.locator(`[data-testid="desk-check"][data-check="${check}"][data-state="waived"]`).waitFor()
  }
}

/** An editor approves the story in review from the workflow panel, then publishes it with the Publish button. */
export async function approveAndPublish({ page }: { page: Page }): Promise<void> {
  await page.locator('[data-testid="readiness-status"]', { hasText: 'images ready' }).waitFor()
  await page.locator('[data-move="approved"]').click()
  await waitForStage(page, 'approved')
  await page.locator('[data-testid="publish-blocked"]').waitFor({ state: 'detached' })
  await page.locator('#action-save').click()
  await page.locator('[data-sonner-toast]', { hasText: /published|success/i }).first().waitFor()
  await waitForStage(page, 'published')
}
