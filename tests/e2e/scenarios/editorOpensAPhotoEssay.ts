// An editor opens a photo essay (a story of many body images): the page asks the server at most 10 times however
// many images the story shows (it once asked once more per image: each image card read its photo alone), and every
// image card still shows its photo's file name and every image its credit line.
import assert from 'node:assert/strict'

import { paragraph, storyBody, uploadNode } from '../../../src/lexical/lexicalBuilders'
import { describeEditPageRequests, openEditPageAndCount } from '../lib/editPageRequests'
import { newPage, screenshot, signIn } from '../lib/browser'
import { createCredit, uploadPhoto } from '../lib/photos'
import type { ScenarioContext } from '../lib/scenario'

/** Enough images that one request per image could not hide under the limit. */
const IMAGES = 24
/** The goal for opening a story (issue 20): the bench measures it on 200 images (bench/editPage.ts). */
const MOST_REQUESTS_PER_OPEN = 10

export async function editorOpensAPhotoEssay({ browser, baseUrl, rest, staff, step }: ScenarioContext<'editor' | 'writer'>): Promise<void> {
  const { editor, writer } = staff
  let storyId = 0
  let photoIds: number[] = []

  await step(`a writer files a photo essay of ${IMAGES} credited photos`, async () => {
    const credit = await createCredit({ rest, token: editor.token, photographer: 'Ines Okafor' })
    photoIds = []
    for (let n = 1; n <= IMAGES; n++) {
      photoIds.push(await uploadPhoto({ rest, token: writer.token, name: `essay-harbour-${n}.jpg`, alt: `The harbour at dawn, photo ${n} of the essay`, credit, width: 320, height: 200 }))
    }
    const { status, json } = await rest.call<{ doc: { id: number } }>({
      method: 'POST',
      path: '/api/articles?draft=true',
      token: writer.token,
      body: {
        title: 'A morning on the harbour, in pictures',
        dek: 'Fishers, ferries and the first light on the water.',
        body: storyBody(paragraph('The harbour wakes before the town does.'), ...photoIds.map((id, n) => uploadNode(id, `Photo ${n + 1}: the harbour at first light.`))),
      },
    })
    assert.equal(status, 201, `creating the photo essay answered ${status}: ${JSON.stringify(json)}`)
    storyId = json.doc.id
  })

  const page = await newPage({ browser, baseUrl })
  await step(`opening the essay takes at most ${MOST_REQUESTS_PER_OPEN} API requests, not one more per image`, async () => {
    await signIn({ page, ...editor })
    // Once to load the admin's code: the count is of an open like every later one.
    await openEditPageAndCount({ page, storyId, firstImageId: photoIds[0] })
    const counted = await openEditPageAndCount({ page, storyId, firstImageId: photoIds[0] })
    console.log(`Opening a story of ${IMAGES} images: ${describeEditPageRequests(counted)}`)
    const perImage = Object.keys(counted.byPath).filter((path) => /^GET \/api\/media\/\d+$/.test(path))
    assert.deepEqual(perImage, [], `no image may be read on its own: ${describeEditPageRequests(counted)}`)
    assert.ok(counted.apiRequests <= MOST_REQUESTS_PER_OPEN, `opening a story must take at most ${MOST_REQUESTS_PER_OPEN} API requests: ${describeEditPageRequests(counted)}`)
  })

  await step('every image card shows its photo’s file name, and every image its credit line', async () => {
    const { json } = await rest.call<{ docs: { id: number; filename: string }[] }>({
      path: `/api/media?where[id][in]=${photoIds.join(',')}&depth=0&limit=${IMAGES}`,
      token: editor.token,
    })
    const expected = json.docs.map((doc) => doc.filename).sort()
    assert.equal(expected.length, IMAGES)
    const cards = page.locator('.rich-text-lexical [data-filename]')
    await page.waitForFunction((count) => document.querySelectorAll('.rich-text-lexical [data-filename]').length === count, IMAGES)
    const shown = (await cards.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-filename') ?? ''))).sort()
    assert.deepEqual(shown, expected, 'each card must show the file name of its own photo')
    const credits = page.locator('[data-testid="editor-image-credit"]', { hasText: 'Photo by Ines Okafor.' })
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="editor-image-credit"]').length === count, IMAGES)
    assert.equal(await credits.count(), IMAGES, 'each image must show its credit line')
    await screenshot(page, '26-photo-essay-opened')
    await page.context().close()
  })
}
