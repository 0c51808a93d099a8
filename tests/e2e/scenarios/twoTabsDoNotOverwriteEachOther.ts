// An editor has the same photo, then the same story, open in two browser tabs. Whatever the second tab saves
// after the first one changed the document is refused with a message on screen, never silently written over the
// first tab's change; and a tab's own saves (autosave included) never conflict with each other.
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'

import { newPage, screenshot, signIn } from '../lib/browser'
import type { Rest, Staff } from '../lib/rest'
import type { ScenarioContext } from '../lib/scenario'

const CONFLICT = /Someone else changed this (photo|story) since you opened it/

async function uploadPhoto({ rest, editor }: { rest: Rest; editor: Staff }): Promise<number> {
  const jpeg = await sharp({ create: { width: 640, height: 420, channels: 3, background: { r: 160, g: 90, b: 40 } } }).jpeg().toBuffer()
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'harbour-at-dusk.jpg')
  form.append('_payload', JSON.stringify({ alt: 'Fishing boats moored in the harbour at dusk', caption: 'The harbour.' }))
  const { status, json } = await rest.call<{ doc: { id: number } }>({ method: 'POST', path: '/api/media', token: editor.token, body: form })
  assert.equal(status, 201, `uploading the photo answered ${status}`)
  return json.doc.id
}

async function openTab({ browser, baseUrl, editor, path, field }: { browser: Browser; baseUrl: string; editor: Staff; path: string; field: string }) {
  const page = await newPage({ browser, baseUrl })
  await signIn({ page, ...editor })
  await page.goto(path, { waitUntil: 'commit' })
  await page.locator(field).waitFor()
  return page
}

const toast = (page: Page, text: RegExp) => page.locator('[data-sonner-toast]', { hasText: text })

async function waitForServer<T>(read: () => Promise<T>, isDone: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (isDone(value)) return value
    if (Date.now() > deadline) throw new Error(`The server never had ${what}; it has ${JSON.stringify(value)}.`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

export async function twoTabsDoNotOverwriteEachOther({ browser, baseUrl, rest, staff, step }: ScenarioContext<'editor'>): Promise<void> {
  const { editor } = staff
  const readPhoto = async (id: number) =>
    (await rest.call<{ alt: string; caption: string }>({ path: `/api/media/${id}?depth=0`, token: editor.token })).json
  const readStory = async (id: number) =>
    (await rest.call<{ title: string; dek: string | null }>({ path: `/api/articles/${id}?draft=true&depth=0`, token: editor.token })).json

  let photoId = 0
  let first: Page | undefined
  let second: Page | undefined

  await step('an editor opens the same photo in two tabs', async () => {
    photoId = await uploadPhoto({ rest, editor })
    first = await openTab({ browser, baseUrl, editor, path: `/admin/collections/media/${photoId}`, field: '#field-caption' })
    second = await openTab({ browser, baseUrl, editor, path: `/admin/collections/media/${photoId}`, field: '#field-alt' })
  })

  await step('the second tab’s save of a photo changed in the first is refused on screen, not written over it', async () => {
    // The second tab starts its edit before the first one saves (Payload's own first-edit check sees nothing stale).
    await second!.locator('#field-alt').fill('Boats in the harbour, written in the second tab')
    await second!.waitForTimeout(2000)
    await first!.locator('#field-caption').fill('The harbour at dusk, written in the first tab.')
    await first!.locator('#action-save').click()
    await toast(first!, /success/i).first().waitFor()
    await second!.locator('#action-save').click()
    await toast(second!, CONFLICT).first().waitFor()
    assert.equal(await second!.locator('[data-sonner-toast] li').count(), 0, 'the conflict must read as one message')
    await screenshot(second!, '10-second-tab-photo-conflict')
    const stored = await readPhoto(photoId)
    assert.equal(stored.caption, 'The harbour at dusk, written in the first tab.')
    assert.equal(stored.alt, 'Fishing boats moored in the harbour at dusk')
  })

  await step('the first tab saves the photo again without conflicting with its own save', async () => {
    await first!.locator('#field-alt').fill('Fishing boats in the harbour at dusk, from the quay')
    await first!.locator('#action-save').click()
    // (The first save's success toast may still be showing: the server tells whether this one was saved.)
    await waitForServer(() => readPhoto(photoId), (photo) => photo.alt === 'Fishing boats in the harbour at dusk, from the quay', 'the second save')
    assert.equal(await toast(first!, CONFLICT).count(), 0, 'the first tab must not see a conflict with itself')
    await first!.context().close()
    await second!.context().close()
  })

  let storyId = 0
  await step('the editor opens the same story draft in two tabs', async () => {
    const created = await rest.call<{ doc: { id: number } }>({
      method: 'POST',
      path: '/api/articles?draft=true',
      token: editor.token,
      body: { title: 'Harbour reopens after the storm', dek: 'The first dek.' },
    })
    assert.equal(created.status, 201, `creating the story answered ${created.status}`)
    storyId = created.json.doc.id
    first = await openTab({ browser, baseUrl, editor, path: `/admin/collections/articles/${storyId}`, field: '#field-dek' })
    second = await openTab({ browser, baseUrl, editor, path: `/admin/collections/articles/${storyId}`, field: '#field-dek' })
  })

  await step('autosave in the first tab saves twice in a row without conflicting with itself', async () => {
    await first!.locator('#field-dek').fill('Boats went out again on Tuesday.')
    await waitForServer(() => readStory(storyId), (story) => story.dek === 'Boats went out again on Tuesday.', 'the first autosave')
    await first!.locator('#field-dek').fill('Boats went out again on Tuesday, a week after the storm.')
    await waitForServer(() => readStory(storyId), (story) => story.dek === 'Boats went out again on Tuesday, a week after the storm.', 'the second autosave')
    assert.equal(await toast(first!, CONFLICT).count(), 0, 'autosave must not conflict with its own previous save')
  })

  await step('the second tab’s autosave is refused on screen and the first tab’s text stays', async () => {
    await second!.locator('#field-title').fill('Harbour reopens, written in the second tab')
    await toast(second!, CONFLICT).first().waitFor({ timeout: 30_000 })
    // The whole sentence, not Payload's list of invalid fields (which a colon in the message would produce).
    assert.equal(await second!.locator('[data-sonner-toast] li').count(), 0, 'the conflict must read as one message')
    await second!.waitForTimeout(500)
    await screenshot(second!, '11-second-tab-story-conflict')
    const stored = await readStory(storyId)
    assert.equal(stored.title, 'Harbour reopens after the storm')
    assert.equal(stored.dek, 'Boats went out again on Tuesday, a week after the storm.')
    await first!.context().close()
    await second!.context().close()
  })
}
