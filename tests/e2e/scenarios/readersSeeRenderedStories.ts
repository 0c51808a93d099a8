// The reader site and the rendered previews: a reader opens the home page and a published story (credit lines
// under every image); an editor opens the live preview of a draft and sees the headline change as they type; an
// outside reviewer opens a secret preview link. axe-core checks every page (no serious or critical violations).
import assert from 'node:assert/strict'

import { assertAccessible } from '../lib/accessibility'
import { newPage, screenshot, signIn } from '../lib/browser'
import { createCredit, uploadPhoto } from '../lib/photos'
import type { Rest, Staff } from '../lib/rest'
import type { ScenarioContext } from '../lib/scenario'

const PUBLISHED_TITLE = 'Food bank opens a second hall as winter demand doubles'
const DRAFT_TITLE = 'Council weighs a night bus for shift workers'
const TYPED_TITLE = 'Council approves a night bus for shift workers'
const PHOTOGRAPHER = 'Maria Okafor'
const HERO_CAPTION = 'Night-shift workers wait at the depot after midnight.'

async function creditedPhoto({ rest, editor }: { rest: Rest; editor: Staff }): Promise<number> {
  const credit = await createCredit({ rest, token: editor.token, photographer: PHOTOGRAPHER })
  return uploadPhoto({ rest, token: editor.token, name: `food-bank-${Date.now()}.jpg`, alt: 'Volunteers stack crates of vegetables in a church hall', credit, width: 960, height: 540 })
}

const paragraph = (text: string) => ({
  type: 'paragraph',
  version: 1,
  format: '',
  indent: 0,
  direction: 'ltr',
  textFormat: 0,
  children: [{ type: 'text', version: 1, text, format: 0, detail: 0, mode: 'normal', style: '' }],
})
const upload = (mediaId: number) => ({ type: 'upload', version: 3, format: '', id: `upload-${mediaId}`, fields: {}, relationTo: 'media', value: mediaId })
const body = (mediaId: number, text: string) => ({
  root: { type: 'root', version: 1, format: '', indent: 0, direction: 'ltr', children: [paragraph(text), upload(mediaId), paragraph('Volunteers say the queue starts at dawn.')] },
})

async function createStory({ rest, writer, title, mediaId }: { rest: Rest; writer: Staff; title: string; mediaId: number }): Promise<{ id: number; slug: string }> {
  const created = await rest.call<{ doc: { id: number; slug: string } }>({
    method: 'POST',
    path: '/api/articles?draft=true',
    token: writer.token,
    // Everything the desk checks before approval: headline, dek, SEO title and description, a topic.
    body: {
      title,
      dek: 'Volunteers and council staff describe a hard season.',
      meta: { title, description: 'Volunteers and council staff describe a hard season.' },
      topics: ['community'],
      heroImage: mediaId,
      body: body(mediaId, `${title}: the first paragraph.`),
      authors: [writer.id],
    },
  })
  assert.equal(created.status, 201, `creating “${title}” answered ${created.status}: ${JSON.stringify(created.json)}`)
  return created.json.doc
}

async function publish({ rest, writer, editor, id }: { rest: Rest; writer: Staff; editor: Staff; id: number }) {
  for (const [who, to] of [[writer, 'in-review'], [editor, 'approved']] as const) {
    const moved = await rest.call({ method: 'POST', path: `/api/articles/${id}/transition`, token: who.token, body: { to } })
    assert.equal(moved.status, 200, `moving story ${id} to ${to} answered ${moved.status}: ${JSON.stringify(moved.json)}`)
  }
  const published = await rest.call({ method: 'PATCH', path: `/api/articles/${id}`, token: editor.token, body: { _status: 'published' } })
  assert.equal(published.status, 200, `publishing story ${id} answered ${published.status}: ${JSON.stringify(published.json)}`)
}

export async function readersSeeRenderedStories({ browser, baseUrl, rest, staff, step }: ScenarioContext<'editor' | 'writer'>): Promise<void> {
  const { editor, writer } = staff
  let published = { id: 0, slug: '' }
  let draft = { id: 0, slug: '' }

  await step('a credited story is published and another is left as a draft', async () => {
    const mediaId = await creditedPhoto({ rest, editor })
    published = await createStory({ rest, writer, title: PUBLISHED_TITLE, mediaId })
    await publish({ rest, writer, editor, id: published.id })
    draft = await createStory({ rest, writer, title: DRAFT_TITLE, mediaId })
  })

  const reader = await newPage({ browser, baseUrl })
  await step('a reader opens the home page and finds the published story, not the draft', async () => {
    await reader.goto('/')
    await reader.locator('main h1', { hasText: 'Latest stories' }).waitFor()
    await reader.locator('main a', { hasText: PUBLISHED_TITLE }).waitFor()
    assert.equal(await reader.locator('main', { hasText: DRAFT_TITLE }).count(), 0, 'the home page must not list a draft')
    await assertAccessible(reader, 'The home page')
  })

  await step('the reader opens the story and reads the credit line under each image', async () => {
    await reader.locator('main a', { hasText: PUBLISHED_TITLE }).click()
    await reader.waitForURL(new RegExp(`/articles/${published.slug}$`))
    await reader.locator('h1', { hasText: PUBLISHED_TITLE }).waitFor()
    const captions = await reader.locator('figure figcaption').allInnerTexts()
    assert.equal(captions.length, 2, `expected the hero and the body image, saw ${captions.length}`)
    for (const caption of captions) assert.match(caption, new RegExp(`Photo by ${PHOTOGRAPHER}`, 'i'))
    await assertAccessible(reader, 'A story page')
    await screenshot(reader, 'reader-story-page', { fullPage: true })
  })

  await step('a reader cannot open the draft, by its address or as a preview', async () => {
    for (const path of [`/articles/${draft.slug}`, `/preview/articles/${draft.id}`]) {
      const response = await reader.goto(path)
      assert.equal(response?.status(), 404, `${path} answered ${response?.status()}`)
      assert.equal(await reader.locator('body', { hasText: DRAFT_TITLE }).count(), 0)
      await reader.locator('main h1', { hasText: 'Page not found' }).waitFor()
    }
    await assertAccessible(reader, 'The not-found page')
    await reader.context().close()
  })

  const editorPage = await newPage({ browser, baseUrl })
  await step('the editor opens the live preview and sees the headline change as they type', async () => {
    await signIn({ page: editorPage, ...editor })
    await editorPage.goto(`/admin/collections/articles/${draft.id}`, { waitUntil: 'commit' })
    await editorPage.locator('#field-title').waitFor()
    await editorPage.locator('#live-preview-toggler').click()
    const preview = editorPage.frameLocator('#live-preview-iframe')
    await preview.locator('h1', { hasText: DRAFT_TITLE }).waitFor()
    assert.match(await preview.locator('figure figcaption').first().innerText(), new RegExp(`Photo by ${PHOTOGRAPHER}`, 'i'))
    await editorPage.locator('#field-title').fill(TYPED_TITLE)
    await preview.locator('h1', { hasText: TYPED_TITLE }).waitFor({ timeout: 30_000 })
    // A field the page only gets from the server: autosave, then the preview re-renders the saved draft.
    await editorPage.locator('#field-heroCaption').fill(HERO_CAPTION)
    const heroCaption = preview.locator('figure figcaption').first()
    await heroCaption.filter({ hasText: HERO_CAPTION }).waitFor({ timeout: 60_000 })
    assert.match(await heroCaption.innerText(), new RegExp(`Photo by ${PHOTOGRAPHER}`, 'i'))
    await screenshot(editorPage, 'live-preview')
  })

  await step('the staff preview page itself passes axe', async () => {
    const page = await editorPage.context().newPage()
    await page.goto(`/preview/articles/${draft.id}`)
    await page.locator('h1').waitFor()
    await assertAccessible(page, 'The staff preview')
    await page.close()
    await editorPage.context().close()
  })

  await step('an outside reviewer opens a secret preview link and reads the rendered draft', async () => {
    const link = await rest.call<{ doc: { token: string } }>({ method: 'POST', path: '/api/preview-links', token: editor.token, body: { article: draft.id, sharedWith: 'A source' } })
    assert.equal(link.status, 201, `creating the preview link answered ${link.status}`)
    const reviewer = await newPage({ browser, baseUrl })
    const response = await reviewer.goto(`/preview/${link.json.doc.token}`)
    assert.equal(response?.status(), 200)
    assert.match(response?.headers()['content-type'] ?? '', /text\/html/)
    await reviewer.locator('h1').waitFor()
    assert.match(await reviewer.locator('figure figcaption').first().innerText(), new RegExp(`Photo by ${PHOTOGRAPHER}`, 'i'))
    await assertAccessible(reviewer, 'A preview link')
    await screenshot(reviewer, 'preview-link')
    const forged = await reviewer.goto(`/preview/${'x'.repeat(32)}`)
    assert.equal(forged?.status(), 404)
    await reviewer.context().close()
  })
}
