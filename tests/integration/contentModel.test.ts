import {
  callsToActionBlock,
  galleryBlock,
  organizationLink,
  paragraph,
  storyBody,
  uploadNode,
} from '../../src/lexical/lexicalBuilders'
import { createCredit, createMedia, createOrganization, imageBuffer } from '../helpers/content'
import { testServerOfThisFile } from '../helpers/testPayload'
import { idOf } from '../../src/fields/relationIds'
import { signedInHeadersOfThisFile } from '../helpers/http'

const ctx = testServerOfThisFile()
const editorHeaders = signedInHeadersOfThisFile(ctx, 'editor')

const idsOf = (refs: unknown[] | null | undefined) => (refs ?? []).map(idOf)

describe('photo credits', () => {
  it('store the house credit line rendered from the organizations they name', async () => {
    const afp = await createOrganization(ctx.payload, 'AFP', 'news-agency')
    const getty = await createOrganization(ctx.payload, 'Getty Images', 'news-agency')
    const rusa = await createOrganization(ctx.payload, 'RUSA LGBT')

    const agencyCredit = await createCredit(ctx.payload, { photographer: 'Alexander Nemenov', agencies: [afp.id, getty.id] })
    expect(agencyCredit.creditLine).toBe('Photo by Alexander Nemenov/AFP/Getty Images.')

    const courtesyCredit = await createCredit(ctx.payload, { photographer: 'Aaron Hooper', courtesyOf: rusa.id })
    expect(courtesyCredit.creditLine).toBe('Photo by Aaron Hooper, courtesy of RUSA LGBT.')

    const poolCredit = await createCredit(ctx.payload, { photographer: 'Olivier Douliery', pool: true, agencies: [getty.id] })
    expect(poolCredit.creditLine).toBe('Photo by Olivier Douliery-Pool/Getty Images.')
  })

  it('re-render every credit line that names an organization when it is renamed', async () => {
    const outright = await createOrganization(ctx.payload, 'OutRight')
    const ap = await createOrganization(ctx.payload, 'AP', 'news-agency')
    const credit = await createCredit(ctx.payload, { photographer: 'Craig Ruttle', agencies: [ap.id], courtesyOf: outright.id })
    expect(credit.creditLine).toBe('Photo by Craig Ruttle/AP, courtesy of OutRight.')

    await ctx.payload.update({ collection: 'organizations', id: ap.id, data: { name: 'Associated Press' } })
    await ctx.payload.update({ collection: 'organizations', id: outright.id, data: { name: 'OutRight Action International' } })

    const reloaded = await ctx.payload.findByID({ collection: 'photo-credits', id: credit.id })
    expect(reloaded.creditLine).toBe('Photo by Craig Ruttle/Associated Press, courtesy of OutRight Action International.')
  })

  it('refuse a credit with nobody in it with a 400 that says what is needed, writing nothing', async () => {
    const before = await ctx.payload.count({ collection: 'photo-credits' })
    const response = await fetch(`${ctx.baseUrl}/api/photo-credits`, {
      method: 'POST',
      headers: editorHeaders,
      body: JSON.stringify({ notes: 'found on a hard drive' }),
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.errors[0].data.errors[0].message).toBe(
      'A photo credit needs at least a photographer, an agency or a “courtesy of” organization.',
    )
    expect(await ctx.payload.count({ collection: 'photo-credits' })).toEqual(before)
  })
})

describe('organizations', () => {
  it('refuse a second organization whose name differs only in case or spacing', async () => {
    await createOrganization(ctx.payload, 'Amnesty International')
    const response = await fetch(`${ctx.baseUrl}/api/organizations`, {
      method: 'POST',
      headers: editorHeaders,
      body: JSON.stringify({ name: '  amnesty   international ' }),
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.errors[0].data.errors[0].message).toMatch(/An organization named “Amnesty International” already exists/)
    const matches = await ctx.payload.find({ collection: 'organizations', where: { slug: { like: 'amnesty' } } })
    expect(matches.totalDocs).toBe(1)
  })

  it('refuse an unknown kind with a 400', async () => {
    const response = await fetch(`${ctx.baseUrl}/api/organizations`, {
      method: 'POST',
      headers: editorHeaders,
      body: JSON.stringify({ name: 'Some Agency', kind: 'secret-police' }),
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.errors[0].data.errors[0].path).toBe('kind')
    expect((await ctx.payload.find({ collection: 'organizations', where: { name: { equals: 'Some Agency' } } })).totalDocs).toBe(0)
  })

  it('derive a slug from the name', async () => {
    const organization = await createOrganization(ctx.payload, 'Russian LGBT Network')
    expect(organization.slug).toBe('russian-lgbt-network')
  })
})

describe('media', () => {
  it('refuse a file that is not an image with a 400 naming the accepted types', async () => {
    const form = new FormData()
    form.append('file', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], { type: 'image/svg+xml' }), 'evil.svg')
    form.append('_payload', JSON.stringify({ alt: 'Not really an image' }))
    const { 'content-type': _ignored, ...authOnly } = editorHeaders
    const before = await ctx.payload.count({ collection: 'media' })
    const response = await fetch(`${ctx.baseUrl}/api/media`, { method: 'POST', headers: authOnly, body: form })
    expect(response.status).toBe(400)
    expect(JSON.stringify(await response.json())).toMatch(/image\/jpeg.*image\/png.*image\/webp.*image\/gif.*image\/avif/)
    expect(await ctx.payload.count({ collection: 'media' })).toEqual(before)
  })

  it('refuse a file named .jpg whose bytes are not an image', async () => {
    const form = new FormData()
    form.append('file', new Blob(['this is a text file, not a photo'], { type: 'image/jpeg' }), 'IMG_2041.jpg')
    form.append('_payload', JSON.stringify({ alt: 'Pretending' }))
    const { 'content-type': _ignored, ...authOnly } = editorHeaders
    const response = await fetch(`${ctx.baseUrl}/api/media`, { method: 'POST', headers: authOnly, body: form })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.errors[0].data.errors[0].message).toMatch(/“IMG_2041.jpg” is not an accepted image/)
  })

  it('accept a JPEG and generate the thumbnail, card and hero sizes', async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await imageBuffer())], { type: 'image/jpeg' }), 'vigil.jpg')
    form.append('_payload', JSON.stringify({ alt: 'Mourners at a vigil' }))
    const { 'content-type': _ignored, ...authOnly } = editorHeaders
    const response = await fetch(`${ctx.baseUrl}/api/media`, { method: 'POST', headers: authOnly, body: form })
    expect(response.status).toBe(201)
    const { doc } = await response.json()
    expect(Object.keys(doc.sizes).sort()).toEqual(['card', 'hero', 'thumbnail'])
  })
})

describe('articles', () => {
  it('index every image the story shows, the calls to action in its body and the organizations it links', async () => {
    const org = await createOrganization(ctx.payload, 'Voices 4')
    const cta = await ctx.payload.create({ collection: 'calls-to-action', data: { title: 'Sign the petition', kind: 'petition', status: 'active' } })
    const [hero, social, inBody, inBlock, inGallery] = await Promise.all([1, 2, 3, 4, 5].map(() => createMedia(ctx.payload)))

    const article = await ctx.payload.create({
      collection: 'articles',
      data: {
        title: 'Mourners gather at Stonewall',
        heroImage: hero.id,
        socialImage: social.id,
        body: storyBody(
          paragraph('Mourners huddled near ', organizationLink(org.id, 'Voices 4'), '.'),
          uploadNode(inBody.id, 'Photo by Aaron Hooper, courtesy of RUSA LGBT.'),
          galleryBlock([{ image: inGallery.id }]),
          callsToActionBlock({ callsToAction: [cta.id], image: inBlock.id }),
        ) as never,
      },
    })

    expect(idsOf(article.images).sort()).toEqual([hero.id, social.id, inBody.id, inBlock.id, inGallery.id].sort())
    expect(idsOf(article.bodyCallsToAction)).toEqual([cta.id])
    expect(idsOf(article.mentionedOrganizations)).toEqual([org.id])
    expect(article.slug).toBe('mourners-gather-at-stonewall')
  })

  it('show where each image, organization and call to action is used', async () => {
    const org = await createOrganization(ctx.payload, 'SOS Homophobie')
    const cta = await ctx.payload.create({ collection: 'calls-to-action', data: { title: 'Donate', kind: 'donate', status: 'active' } })
    const credit = await createCredit(ctx.payload, { photographer: 'Mandel Ngan' })
    const image = await createMedia(ctx.payload, { credit: credit.id })
    const article = await ctx.payload.create({
      collection: 'articles',
      data: {
        title: 'France opens its doors',
        organizations: [org.id],
        callsToAction: [cta.id],
        body: storyBody(uploadNode(image.id)) as never,
      },
    })

    const media = await ctx.payload.findByID({ collection: 'media', id: image.id, depth: 0 })
    expect(idsOf(media.usedIn?.docs)).toEqual([article.id])
    const organization = await ctx.payload.findByID({ collection: 'organizations', id: org.id, depth: 0 })
    expect(idsOf(organization.articles?.docs)).toEqual([article.id])
    const callToAction = await ctx.payload.findByID({ collection: 'calls-to-action', id: cta.id, depth: 0 })
    expect(idsOf(callToAction.articles?.docs)).toEqual([article.id])
    const photoCredit = await ctx.payload.findByID({ collection: 'photo-credits', id: credit.id, depth: 0 })
    expect(idsOf(photoCredit.images?.docs)).toEqual([image.id])
  })

  it('carry each image’s credit line at depth 2, inside the body too', async () => {
    const rusa = await createOrganization(ctx.payload, 'RUSA LGBT Depth')
    const credit = await createCredit(ctx.payload, { photographer: 'Aaron Hooper', courtesyOf: rusa.id })
    const image = await createMedia(ctx.payload, { credit: credit.id })
    const article = await ctx.payload.create({
      collection: 'articles',
      data: { title: 'Credit lines at depth', heroImage: image.id, body: storyBody(uploadNode(image.id)) as never },
    })
    const response = await fetch(`${ctx.baseUrl}/api/articles/${article.id}?depth=2`, { headers: editorHeaders })
    const story = await response.json()
    expect(story.heroImage.creditLine).toBe('Photo by Aaron Hooper, courtesy of RUSA LGBT Depth.')
    const node = story.body.root.children.find((child: { type: string }) => child.type === 'upload')
    expect(node.value.creditLine).toBe('Photo by Aaron Hooper, courtesy of RUSA LGBT Depth.')
  })

  it('refuse a malformed Lexical body with a 400 and write nothing', async () => {
    const before = await ctx.payload.count({ collection: 'articles' })
    for (const body of [{ root: 'nope' }, { root: { type: 'root', children: [{ type: 'script', children: [] }] } }, 'just text']) {
      const response = await fetch(`${ctx.baseUrl}/api/articles`, {
        method: 'POST',
        headers: editorHeaders,
        body: JSON.stringify({ title: 'Broken body', body }),
      })
      expect(response.status).toBe(400)
      const payloadError = await response.json()
      expect(payloadError.errors[0].data.errors[0].message).toMatch(/story body/)
    }
    expect(await ctx.payload.count({ collection: 'articles' })).toEqual(before)
  })

  it('keep the old slug when the slug changes', async () => {
    const article = await ctx.payload.create({ collection: 'articles', data: { title: 'Working title' } })
    const renamed = await ctx.payload.update({ collection: 'articles', id: article.id, data: { slug: 'final-headline' } })
    expect(renamed.slug).toBe('final-headline')
    expect(renamed.previousSlugs?.map((row) => row.slug)).toEqual(['working-title'])
  })
})

describe('SQL statements per read', () => {
  it('stay the same for a 10-image body as for a 1-image body at depth 2', async () => {
    const credit = await createCredit(ctx.payload, { photographer: 'Counted Photographer' })
    const images = await Promise.all(Array.from({ length: 10 }, () => createMedia(ctx.payload, { credit: credit.id })))
    const small = await ctx.payload.create({
      collection: 'articles',
      data: { title: 'One image', heroImage: images[0].id, body: storyBody(uploadNode(images[0].id)) as never },
    })
    const large = await ctx.payload.create({
      collection: 'articles',
      data: { title: 'Ten images', heroImage: images[0].id, body: storyBody(...images.map((image) => uploadNode(image.id))) as never },
    })

    const pool = (ctx.payload.db as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool
    const original = pool.query.bind(pool)
    let statements = 0
    pool.query = (...args: unknown[]) => {
      statements += 1
      return original(...args)
    }
    const countFor = async (id: number) => {
      statements = 0
      const story = await ctx.payload.findByID({ collection: 'articles', id, depth: 2 })
      return { statements, story }
    }
    try {
      const one = await countFor(small.id)
      const ten = await countFor(large.id)
      expect(ten.story.body?.root.children).toHaveLength(10)
      expect(one.statements).toBeGreaterThan(0)
      expect(ten.statements).toBe(one.statements)
      expect(ten.statements).toBeLessThanOrEqual(6)
    } finally {
      pool.query = original
    }
  })
})
