import type { Payload } from 'payload'
import pg from 'pg'

import { callsToActionBlock, paragraph, storyBody, uploadNode } from '../../src/lexical/lexicalBuilders'
import { createCredit, createMedia, createOrganization } from '../helpers/content'
import { raceWithFirstHeldHalfway } from '../helpers/heldHalfway'
import { approveStory, deskEditor, publishStory } from '../helpers/stories'
import { startTestServer, type TestServer } from '../helpers/testPayload'
import { createUser, loginHeaders } from '../helpers/users'

let ctx: TestServer
let payload: Payload
let editorHeaders: Record<string, string>

beforeAll(async () => {
  ctx = await startTestServer()
  payload = ctx.payload
  const editor = await deskEditor(payload)
  editorHeaders = await loginHeaders(ctx.baseUrl, editor.email)
})

afterAll(async () => {
  await ctx?.close()
})

async function goodImage(alt = 'Mourners hold candles at Stonewall') {
  const agency = await createOrganization(payload, `Agency ${Date.now()} ${Math.random()}`, 'news-agency')
  const credit = await createCredit(payload, { photographer: 'Aaron Hooper', agencies: [agency.id] })
  return createMedia(payload, { credit: credit.id, alt })
}

/**
 * An approved story showing the images in `data`. Approval itself needs ready images (deskChecks.test.ts), and the
 * gate under test here is the one at publishing: the approving editor puts the images in after approving, which
 * keeps the approval (the approver's own edit), as a story's images can also go bad after approval.
 */
async function story({ heroImage, socialImage, body, ...data }: Record<string, unknown>) {
  const created = await payload.create({ collection: 'articles', data: { title: `Story ${Math.random()}`, ...data } as never })
  await approveStory(payload, created.id)
  const images = Object.fromEntries(Object.entries({ heroImage, socialImage, body }).filter(([, value]) => value !== undefined))
  if (Object.keys(images).length) {
    // Not a draft save: the live row carries the images too, as bulk updates read it.
    await payload.update({ collection: 'articles', id: created.id, data: images, user: await deskEditor(payload), overrideAccess: false })
  }
  return created
}

const patch = (path: string, body: unknown, headers = editorHeaders) =>
  fetch(`${ctx.baseUrl}${path}`, { method: 'PATCH', headers, body: JSON.stringify(body) })

describe('the publish gate', () => {
  it('refuses to publish when the hero image has no credit, naming the image and where it is', async () => {
    const image = await createMedia(payload, { alt: 'Ramzan Kadyrov at a rally', name: 'kadyrov.jpg' })
    const article = await story({ heroImage: image.id })
    const response = await patch(`/api/articles/${article.id}`, { _status: 'published' })
    expect(response.status).toBe(400)
    const body = await response.json()
    const errors = body.errors[0].data.errors
    expect(errors).toHaveLength(1)
    expect(errors[0].message).toMatch(/^Image "kadyrov(-\d+)?\.jpg" \("Ramzan Kadyrov at a rally", media \d+, hero image\) has no photo credit/)
    expect(body.errors[0].message).toMatch(/^1 image is not ready to publish: /)
    const live = await payload.findByID({ collection: 'articles', id: article.id })
    expect(live._status).toBe('draft')
  })

  it('reports every bad image at once: three bad images, three errors', async () => {
    const uncredited = await createMedia(payload, { alt: 'A vigil in New York' })
    const fileNameAlt = await goodImage('placeholder')
    await payload.update({ collection: 'media', id: fileNameAlt.id, data: { alt: fileNameAlt.filename! } })
    const expiredAgency = await createOrganization(payload, `Expired Agency ${Math.random()}`, 'news-agency')
    const expiredCredit = await createCredit(payload, {
      photographer: 'Mandel Ngan',
      agencies: [expiredAgency.id],
      licenseExpiresAt: '2020-01-31T00:00:00.000Z',
    })
    const expired = await createMedia(payload, { credit: expiredCredit.id, alt: 'Donald Trump at a podium' })
    const article = await story({
      heroImage: uncredited.id,
      socialImage: expired.id,
      body: storyBody(paragraph('Text.'), uploadNode((await goodImage()).id), uploadNode(fileNameAlt.id)),
    })
    const response = await patch(`/api/articles/${article.id}`, { _status: 'published' })
    expect(response.status).toBe(400)
    const messages = (await response.json()).errors[0].data.errors.map((error: { message: string }) => error.message)
    expect(messages).toHaveLength(3)
    expect(messages[0]).toMatch(/hero image\) has no photo credit/)
    expect(messages[1]).toMatch(/body, image 2\) has no real alt text/)
    expect(messages[2]).toMatch(/social image\) has an expired licence.*2020-01-31/)
  })

  it('treats empty, blank and file-name alt text as missing, and a deleted credit as no credit', async () => {
    // Blank alt text is refused when written; a row from before that rule must still count as missing.
    const blank = await goodImage()
    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    await client.query('update media set alt = $1 where id = $2', ['   ', blank.id])
    await client.end()
    const image = await goodImage()
    const article = await story({ body: storyBody(uploadNode(blank.id), uploadNode(image.id)) })
    await payload.delete({ collection: 'photo-credits', id: (image.credit as { id: number }).id })
    const result = await payload.update({
      collection: 'articles',
      where: { id: { equals: article.id } },
      data: { _status: 'published' },
      user: await deskEditor(payload),
      overrideAccess: false,
    })
    expect(result.docs).toHaveLength(0)
    expect(result.errors[0].message).toMatch(/^2 images are not ready to publish: .*no real alt text.*no photo credit/)
  })

  it('checks images inside a calls-to-action block', async () => {
    const cover = await createMedia(payload, { alt: 'Book cover' })
    const cta = await payload.create({ collection: 'calls-to-action', data: { title: 'Pre-order the book', kind: 'pre-order', status: 'active' } })
    const article = await story({ body: storyBody(callsToActionBlock({ callsToAction: [cta.id], image: cover.id })) })
    const response = await patch(`/api/articles/${article.id}`, { _status: 'published' })
    expect((await response.json()).errors[0].data.errors[0].message).toMatch(/calls-to-action block\) has no photo credit/)
  })

  it('holds through the Local API with overrideAccess: false, and through GraphQL', async () => {
    const article = await story({ heroImage: (await createMedia(payload, { alt: 'An activist' })).id })
    await expect(
      payload.update({ collection: 'articles', id: article.id, data: { _status: 'published' }, user: await deskEditor(payload), overrideAccess: false }),
    ).rejects.toThrow(/1 image is not ready to publish/)

    const response = await fetch(`${ctx.baseUrl}/api/graphql`, {
      method: 'POST',
      headers: editorHeaders,
      body: JSON.stringify({ query: `mutation { updateArticle(id: ${article.id}, data: { _status: published }) { id _status } }` }),
    })
    const result = await response.json()
    expect(result.errors[0].extensions.data.errors[0].message).toMatch(/hero image\) has no photo credit/)
    expect((await payload.findByID({ collection: 'articles', id: article.id }))._status).toBe('draft')
  })

  it('publishes the good stories of a bulk publish and refuses the bad ones with readable messages', async () => {
    const good = await Promise.all([1, 2, 3].map(async () => story({ heroImage: (await goodImage()).id })))
    const bad = await Promise.all([1, 2].map(async () => story({ heroImage: (await createMedia(payload, { alt: 'Unattributed' })).id })))
    const ids = [...good, ...bad].map((article) => article.id)
    const query = ids.map((id, index) => `where[id][in][${index}]=${id}`).join('&')
    const response = await patch(`/api/articles?${query}`, { _status: 'published' })
    expect(response.status).toBe(400)
    const body = await response.json()
    const refused = body.errors.map((error: { id: number }) => error.id).sort()
    expect(refused).toEqual(bad.map((article) => article.id).sort())
    body.errors.forEach((error: { message: string }) => expect(error.message).toMatch(/1 image is not ready to publish: Image .* has no photo credit/))
    for (const article of good) expect((await payload.findByID({ collection: 'articles', id: article.id }))._status).toBe('published')
    for (const article of bad) expect((await payload.findByID({ collection: 'articles', id: article.id }))._status).toBe('draft')
  })

  it('runs inside scheduled publishing jobs', async () => {
    const article = await story({ heroImage: (await createMedia(payload, { alt: 'A protest in Paris' })).id })
    const editor = await deskEditor(payload)
    await payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'articles', value: article.id }, user: { relationTo: 'users', value: editor.id } },
    })
    await payload.jobs.run()
    expect((await payload.findByID({ collection: 'articles', id: article.id }))._status).toBe('draft')
    const { docs } = await payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'schedulePublish' } }, sort: '-createdAt', limit: 1 })
    expect(JSON.stringify(docs[0].log ?? docs[0].error)).toMatch(/not ready to publish/)
  })

  it('holds when publishing an older version', async () => {
    const image = await goodImage()
    const article = await story({ heroImage: image.id })
    await publishStory(payload, article.id)
    const versions = await payload.findVersions({ collection: 'articles', where: { parent: { equals: article.id }, 'version._status': { equals: 'published' } } })
    await payload.update({ collection: 'articles', id: article.id, data: { _status: 'draft' }, user: await deskEditor(payload), overrideAccess: false })
    await payload.update({ collection: 'media', id: image.id, data: { credit: null } })
    await expect(
      payload.restoreVersion({ collection: 'articles', id: versions.docs[0].id, user: await deskEditor(payload), overrideAccess: false }),
    ).rejects.toThrow(/not ready to publish/)
  })
})

describe('once a story is published', () => {
  it('refuses removing a credit from an image it shows, naming the story; a valid replacement is fine', async () => {
    const image = await goodImage()
    const article = await story({ title: 'The live story', heroImage: image.id })
    await publishStory(payload, article.id)

    const response = await patch(`/api/media/${image.id}`, { credit: null })
    expect(response.status).toBe(400)
    expect((await response.json()).errors[0].message).toMatch(/no photo credit.*“The live story” \(story \d+\)/)

    const replacement = await createCredit(payload, { photographer: 'Craig Ruttle' })
    expect((await patch(`/api/media/${image.id}`, { credit: replacement.id })).status).toBe(200)
    expect((await patch(`/api/media/${image.id}`, { alt: '' })).status).toBe(400)
  })

  it('refuses deleting a credit or an image that a live story shows', async () => {
    const image = await goodImage()
    const article = await story({ heroImage: image.id })
    await publishStory(payload, article.id)
    const creditId = (image.credit as { id: number }).id
    const deleteCredit = await fetch(`${ctx.baseUrl}/api/photo-credits/${creditId}`, { method: 'DELETE', headers: editorHeaders })
    expect(deleteCredit.status).toBe(400)
    const deleteMedia = await fetch(`${ctx.baseUrl}/api/media/${image.id}`, { method: 'DELETE', headers: editorHeaders })
    expect(deleteMedia.status).toBe(400)
    expect(await payload.findByID({ collection: 'media', id: image.id })).toBeTruthy()
  })

  it('refuses adding an unattributed image, and anonymous readers keep seeing the live version', async () => {
    const article = await story({ title: 'Live and well', heroImage: (await goodImage()).id })
    await publishStory(payload, article.id)
    const unattributed = await createMedia(payload, { alt: 'No credit here' })
    const response = await patch(`/api/articles/${article.id}`, { socialImage: unattributed.id, title: 'Changed title' })
    expect(response.status).toBe(400)
    const anonymous = await (await fetch(`${ctx.baseUrl}/api/articles/${article.id}`)).json()
    expect(anonymous.title).toBe('Live and well')
    expect(anonymous.socialImage).toBeFalsy()
  })

  it('refuses a plain PATCH that would silently take it offline, and writers changing it at all', async () => {
    const article = await story({ heroImage: (await goodImage()).id })
    await publishStory(payload, article.id)
    const editor = await deskEditor(payload)
    await payload.update({ collection: 'articles', id: article.id, data: { dek: 'A new draft dek' }, draft: true, user: editor, overrideAccess: false })
    const response = await patch(`/api/articles/${article.id}`, { title: 'No status given' })
    expect(response.status).toBe(400)
    expect((await response.json()).errors[0].message).toMatch(/would take it offline/)

    const writer = await createUser(payload, 'writer')
    await payload.update({ collection: 'articles', id: article.id, data: { authors: [writer.id] }, draft: true, user: editor, overrideAccess: false })
    const writerHeaders = await loginHeaders(ctx.baseUrl, writer.email)
    const writerPublish = await patch(`/api/articles/${article.id}`, { _status: 'published', title: 'Sneaky' }, writerHeaders)
    expect(writerPublish.status).toBe(403)
    expect((await payload.findByID({ collection: 'articles', id: article.id }))._status).toBe('published')
  })
})

describe('publish readiness and the audit', () => {
  it('answers the gate’s verdict before publishing, in the same shape', async () => {
    const article = await story({ heroImage: (await createMedia(payload, { alt: 'Unattributed' })).id })
    const response = await fetch(`${ctx.baseUrl}/api/articles/${article.id}/publish-readiness`, { headers: editorHeaders })
    const readiness = await response.json()
    expect(readiness.ready).toBe(false)
    expect(readiness.problems[0]).toMatchObject({ location: 'hero image', missing: ['credit'] })
    expect(readiness.problems[0].message).toMatch(/has no photo credit/)
  })

  it('finds live stories changed behind the application’s back, and licences that expire soon', async () => {
    const soon = new Date(Date.now() + 10 * 24 * 60 * 60 * 1000).toISOString()
    const expiringCredit = await createCredit(payload, { photographer: 'Sipa Photographer', licenseExpiresAt: soon })
    const expiringImage = await createMedia(payload, { credit: expiringCredit.id, alt: 'A rally in Paris' })
    const tampered = await goodImage()
    const article = await story({ title: 'Audited story', heroImage: tampered.id, socialImage: expiringImage.id })
    await publishStory(payload, article.id)

    const client = new pg.Client({ connectionString: ctx.databaseUrl })
    await client.connect()
    await client.query('update media set credit_id = null where id = $1', [tampered.id])
    await client.end()

    const audit = await (await fetch(`${ctx.baseUrl}/api/attribution-audit`, { headers: editorHeaders })).json()
    const broken = audit.brokenStories.find((entry: { id: number }) => entry.id === article.id)
    expect(broken.problems[0].message).toMatch(/hero image\) has no photo credit/)
    const expiring = audit.expiringLicenses.find((entry: { creditId: number }) => entry.creditId === expiringCredit.id)
    expect(expiring.stories.map((entry: { id: number }) => entry.id)).toEqual([article.id])

    await payload.jobs.queue({ task: 'attributionAudit', input: {} })
    await payload.jobs.run({ queue: 'default' })
    const flags = await payload.find({ collection: 'workflow-alerts', where: { article: { equals: article.id } } })
    expect(flags.docs[0]).toMatchObject({ kind: 'attribution-problem' })
    expect(flags.docs[0].message).toMatch(/is live but breaks the attribution rule/)
    expect((await payload.findByID({ collection: 'articles', id: article.id }))._status).toBe('published')

    const writer = await createUser(payload, 'writer')
    const refused = await fetch(`${ctx.baseUrl}/api/attribution-audit`, { headers: await loginHeaders(ctx.baseUrl, writer.email) })
    expect(refused.status).toBe(403)
  })
})

describe('concurrent edits', () => {
  it('never leave a published story showing an image whose credit was removed during the publish', async () => {
    const editor = await deskEditor(payload)
    let publishedRounds = 0
    for (let round = 0; round < 8; round += 1) {
      const image = await goodImage()
      const article = await story({ heroImage: image.id, body: storyBody(uploadNode(image.id)) })
      const publish = () => payload.update({ collection: 'articles', id: article.id, data: { _status: 'published' }, user: editor, overrideAccess: false })
      const removeCredit = () => payload.update({ collection: 'media', id: image.id, data: { credit: null }, user: editor, overrideAccess: false })
      // Odd rounds race freely. Even rounds stop the publish halfway (its image locked, the credit not yet) until
      // the removal has arrived and waits: the interleaving in which the publish must win and the removal be refused.
      const isHeld = round % 2 === 0
      const creditId = typeof image.credit === 'object' ? image.credit!.id : image.credit!
      const [published, removal] = isHeld
        ? await raceWithFirstHeldHalfway({ databaseUrl: ctx.databaseUrl, heldRow: { table: 'photo_credits', id: creditId }, first: publish, second: removeCredit })
        : await Promise.allSettled([publish(), removeCredit()])
      const live = await payload.findByID({ collection: 'articles', id: article.id })
      const media = await payload.findByID({ collection: 'media', id: image.id, depth: 0 })
      // Exactly one of the two may win; never both.
      expect(published.status === 'fulfilled' && removal.status === 'fulfilled').toBe(false)
      if (live._status === 'published') expect(media.credit).toBeTruthy()
      if (isHeld) {
        expect({ round, publish: published.status, story: live._status, removal: removal.status }).toEqual({ round, publish: 'fulfilled', story: 'published', removal: 'rejected' })
        expect(String((removal as PromiseRejectedResult).reason)).toMatch(/A published story shows this image/)
      }
      if (live._status === 'published') publishedRounds += 1
    }
    // The check above proves something only in rounds the publish won.
    expect(publishedRounds).toBeGreaterThanOrEqual(4)
  })
})

describe('the gate’s cost', () => {
  it('does not grow in SQL statements with the number of images (200-image story)', async () => {
    const credit = await createCredit(payload, { photographer: 'Counted' })
    const images = await Promise.all(Array.from({ length: 200 }, (_, index) => createMedia(payload, { credit: credit.id, alt: `Photo number ${index}` })))
    const small = await story({ body: storyBody(uploadNode(images[0].id), uploadNode(images[1].id)) })
    const large = await story({ body: storyBody(...images.map((image) => uploadNode(image.id))) })

    // The adapter's own pg (a nested copy of the package): its pool's client class runs every statement.
    const { Client } = (payload.db as unknown as { pool: { Client: typeof pg.Client } }).pool
    const originalQuery = Client.prototype.query
    let statements = 0
    Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
      statements += 1
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args)
    } as typeof originalQuery
    const editor = await deskEditor(payload)
    const publishCounting = async (id: number) => {
      statements = 0
      await payload.update({ collection: 'articles', id, data: { _status: 'published' }, user: editor, overrideAccess: false, depth: 0 })
      return statements
    }
    try {
      const forTwo = await publishCounting(small.id)
      const forTwoHundred = await publishCounting(large.id)
      expect(forTwo).toBeGreaterThan(0)
      expect(forTwoHundred).toBe(forTwo)
    } finally {
      Client.prototype.query = originalQuery
    }
  })
})
