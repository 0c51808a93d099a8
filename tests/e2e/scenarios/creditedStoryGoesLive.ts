// A writer files a story with an uncredited photo; an editor finds it in review, sees why it cannot be
// published, credits the photo inline, approves and publishes; readers then see it through the API.
import assert from 'node:assert/strict'

import { newPage, screenshot, signIn } from '../lib/browser'
import { uploadPhoto } from '../lib/photos'
import type { ScenarioContext } from '../lib/scenario'
import { approveAndPublish, startStory, waitForStage, waiveMissingDeskChecks, writeParagraphAndInsertPhoto } from '../lib/storyEditor'

const TITLE = 'Vigil at Stonewall remembers a singer'
const PARAGRAPH = 'Mourners huddled near Stonewall National Monument in New York City to remember a beloved pop star.'
const FILENAME = 'vigil-at-stonewall.jpg'

export async function creditedStoryGoesLive({ browser, baseUrl, rest, staff, step }: ScenarioContext<'admin' | 'editor' | 'writer' | 'authorEditor'>): Promise<void> {
  const { writer, editor, authorEditor } = staff
  let mediaId = 0
  let storyId = 0

  await step('the writer uploads a photo without a credit', async () => {
    mediaId = await uploadPhoto({ rest, token: writer.token, name: FILENAME, alt: 'Mourners holding candles at the Stonewall National Monument' })
  })

  const writerPage = await newPage({ browser, baseUrl })
  await step('the writer signs in and starts a story', async () => {
    await signIn({ page: writerPage, ...writer })
    storyId = await startStory({ page: writerPage, title: TITLE })
  })

  await step('the writer types a paragraph and inserts the photo from the slash menu', async () => {
    await writeParagraphAndInsertPhoto({ page: writerPage, paragraph: PARAGRAPH, filename: FILENAME, mediaId, storyId, rest, token: writer.token })
    const image = writerPage.locator(`[data-testid="readiness-image"][data-media-id="${mediaId}"]`)
    await image.locator('[data-testid="readiness-missing"]', { hasText: 'photo credit' }).waitFor()
    await screenshot(writerPage, '01-writer-story-with-uncredited-photo')
  })

  await step('the writer submits the story for review and has no approve button', async () => {
    await writerPage.locator('[data-move="in-review"]').click()
    await waitForStage(writerPage, 'in review')
    assert.equal(await writerPage.locator('[data-move="approved"]').count(), 0, 'a writer must not see Approve')
    const refused = await rest.call<{ errors: { message: string }[] }>({
      method: 'POST',
      path: `/api/articles/${storyId}/transition`,
      token: writer.token,
      body: { to: 'approved' },
    })
    assert.equal(refused.status, 403, 'the API must refuse a writer’s approval')
    await screenshot(writerPage, '02-writer-submitted')
    await writerPage.context().close()
  })

  const editorPage = await newPage({ browser, baseUrl })
  await step('the editor finds the story under "Awaiting review" on the dashboard', async () => {
    await signIn({ page: editorPage, ...editor })
    await editorPage.goto('/admin', { waitUntil: 'commit' })
    const link = editorPage.locator('[data-testid="dash-awaiting-review"] a', { hasText: TITLE })
    await link.waitFor()
    await screenshot(editorPage, '03-editor-dashboard')
    await link.click()
    await editorPage.waitForURL(new RegExp(`/admin/collections/articles/${storyId}$`))
  })

  await step('the editor tries to publish and reads why it is blocked', async () => {
    const notice = editorPage.locator('[data-testid="publish-blocked"]')
    await notice.filter({ hasText: '1 image lacks a credit' }).waitFor()
    assert.match(await notice.innerText(), /needs approval/)
    await editorPage.locator('#action-save').click()
    await editorPage.locator('[data-sonner-toast]', { hasText: /approved|credit/i }).first().waitFor()
    const image = editorPage.locator(`[data-testid="readiness-image"][data-media-id="${mediaId}"]`)
    assert.match(await image.innerText(), new RegExp(FILENAME.replace('.', '\\.')))
    assert.match(await image.innerText(), /Missing: photo credit/)
    await screenshot(editorPage, '04-editor-publish-blocked')
  })

  await step('the editor follows the panel’s link and creates a credit inline', async () => {
    await editorPage.locator(`[data-testid="readiness-image"][data-media-id="${mediaId}"] [data-testid="readiness-fix-link"]`).click()
    await editorPage.waitForURL(new RegExp(`/admin/collections/media/${mediaId}$`))
    await editorPage.locator('[data-testid="credit-line-preview"]').waitFor()
    await editorPage.locator('.relationship-add-new__add-button').first().click()
    const photographer = editorPage.locator('.drawer__content #field-photographer')
    await photographer.waitFor()
    await photographer.fill('Aaron Hooper')
    await editorPage.locator('.drawer__content [data-testid="live-credit-line"]', { hasText: 'Photo by Aaron Hooper.' }).waitFor()
    await screenshot(editorPage, '05-editor-creates-credit-inline')
    await editorPage.locator('.drawer__content #action-save').click()
    await editorPage.locator('[data-testid="credit-line-preview"]', { hasText: 'Photo by Aaron Hooper.' }).waitFor()
    // The drawer stays open on the saved credit: close it and save the image itself.
    const close = editorPage.locator('.doc-drawer__header-close')
    if (await close.isVisible()) await close.click()
    await editorPage.locator('.drawer__content').waitFor({ state: 'detached' })
    await editorPage.locator('#action-save').first().click()
    await editorPage.locator('[data-sonner-toast]', { hasText: /success/i }).first().waitFor()
    await screenshot(editorPage, '06-media-with-credit')
  })

  await step('an editor who co-authors a story cannot approve it', async () => {
    // Separation of duties: make the second editor an author, then look at the story as them.
    const added = await rest.call({
      method: 'PATCH',
      path: `/api/articles/${storyId}?draft=true`,
      token: editor.token,
      body: { authors: [writer.id, authorEditor.id] },
    })
    assert.equal(added.status, 200, `adding a co-author answered ${added.status}`)
    const page = await newPage({ browser, baseUrl })
    await signIn({ page, ...authorEditor })
    await page.goto(`/admin/collections/articles/${storyId}`, { waitUntil: 'commit' })
    await page.locator('[data-move="changes-requested"]').waitFor()
    assert.equal(await page.locator('[data-move="approved"]').count(), 0, 'an author-editor must not see Approve')
    const refused = await rest.call({ method: 'POST', path: `/api/articles/${storyId}/transition`, token: authorEditor.token, body: { to: 'approved' } })
    assert.equal(refused.status, 403, 'the API must refuse an author’s own approval')
    await page.context().close()
  })

  await step('the editor waives the desk checks the story goes without (dek, SEO, topic), each with a note', async () => {
    await editorPage.goto(`/admin/collections/articles/${storyId}`, { waitUntil: 'commit' })
    await waiveMissingDeskChecks({ page: editorPage, note: 'Breaking news: the web desk adds it with the follow-up.' })
    await screenshot(editorPage, '06b-editor-waives-desk-checks')
  })

  await step('the editor approves the story and publishes it', async () => {
    await approveAndPublish({ page: editorPage })
    await screenshot(editorPage, '07-editor-published')
    await editorPage.context().close()
  })

  await step('an anonymous reader gets the published story from the API', async () => {
    const response = await fetch(`${baseUrl}/api/articles/${storyId}`)
    assert.equal(response.status, 200)
    const story = (await response.json()) as { title: string; _status: string; heroImage?: unknown; body?: unknown }
    assert.equal(story.title, TITLE)
    assert.equal(story._status, 'published')
    assert.match(JSON.stringify(story.body), /Photo by Aaron Hooper\./)
  })
}
