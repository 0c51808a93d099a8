import { storyBody, uploadNode } from '../../src/lexical/lexicalBuilders'
import { createCredit, createMedia, createOrganization } from '../helpers/content'
import { publishStory, unpublishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'
import { idOf } from '../../src/fields/relationIds'
import { callerFor, rest } from '../helpers/http'
import { createUser, loginHeaders } from '../helpers/users'

const ctx = testServerOfThisFile()

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ctx.baseUrl}${path}`, { headers })

async function storyWithImage(title: string) {
  const agency = await createOrganization(ctx.payload, `${title} Agency`, 'news-agency')
  const credit = await createCredit(ctx.payload, { photographer: 'A Photographer', agencies: [agency.id] })
  const image = await createMedia(ctx.payload, { credit: credit.id, alt: `A photo for ${title}` })
  const story = await ctx.payload.create({
    collection: 'articles',
    data: { title, heroImage: image.id, body: storyBody(uploadNode(image.id)) as never },
  })
  return { agency, credit, image, story }
}

describe('anonymous readers', () => {
  it('see published stories and never drafts, over REST and the Local API', async () => {
    const { story: draft } = await storyWithImage('Unpublished investigation')
    const { story: live } = await storyWithImage('Published report')
    await publishStory(ctx.payload, live.id)

    const list = await (await get('/api/articles?limit=100')).json()
    const titles = list.docs.map((doc: { title: string }) => doc.title)
    expect(titles).toContain('Published report')
    expect(titles).not.toContain('Unpublished investigation')
    expect((await get(`/api/articles/${draft.id}`)).status).toBe(404)

    const local = await ctx.payload.find({ collection: 'articles', overrideAccess: false, limit: 100 })
    expect(local.docs.map((doc) => doc.title)).not.toContain('Unpublished investigation')
  })

  it('cannot see the photos, credits or organizations of an unpublished story, nor download its files', async () => {
    const { image, credit, agency } = await storyWithImage('People at risk')
    expect((await get(`/api/media/${image.id}`)).status).toBe(404)
    expect((await get(`/api/photo-credits/${credit.id}`)).status).toBe(404)
    expect((await get(`/api/organizations/${agency.id}`)).status).toBe(404)
    const file = await get(`/api/media/file/${image.filename}`)
    expect(file.status).toBeGreaterThanOrEqual(400)
    expect(file.status).toBeLessThan(500)
    const sizeFile = await get(`/api/media/file/${image.sizes?.thumbnail?.filename}`)
    expect(sizeFile.status).toBeGreaterThanOrEqual(400)
  })

  it('can see them once the story is published, and not after it is unpublished', async () => {
    const { image, credit, agency, story } = await storyWithImage('Story that goes live')
    await publishStory(ctx.payload, story.id)
    expect((await get(`/api/media/${image.id}`)).status).toBe(200)
    expect((await get(`/api/photo-credits/${credit.id}`)).status).toBe(200)
    expect((await get(`/api/organizations/${agency.id}`)).status).toBe(200)
    const file = await get(`/api/media/file/${image.filename}`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/jpeg')

    await unpublishStory(ctx.payload, story.id)
    expect((await get(`/api/media/${image.id}`)).status).toBe(404)
  })

  it('never see the staff-only image index of a story', async () => {
    const { story } = await storyWithImage('Indexed story')
    await publishStory(ctx.payload, story.id)
    const anonymous = await (await get(`/api/articles/${story.id}`)).json()
    expect(anonymous.title).toBe('Indexed story')
    expect(anonymous.images).toBeUndefined()
    expect(anonymous.mentionedOrganizations).toBeUndefined()

    const editor = await createUser(ctx.payload, 'editor')
    const staff = await (await get(`/api/articles/${story.id}`, await loginHeaders(ctx.baseUrl, editor.email))).json()
    expect(staff.images).toHaveLength(1)
  })

  it('cannot write anything', async () => {
    const response = await fetch(`${ctx.baseUrl}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Anonymous story' }),
    })
    expect(response.status).toBe(403)
  })
})

describe('writers', () => {
  it('create stories (becoming an author) and update their own, but not a colleague’s', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const colleague = await createUser(ctx.payload, 'writer')
    const own = await ctx.payload.create({
      collection: 'articles',
      data: { title: 'My draft' },
      user: writer,
      overrideAccess: false,
    })
    expect((own.authors ?? []).map(idOf)).toEqual([writer.id])
    const theirs = await ctx.payload.create({ collection: 'articles', data: { title: 'Their draft' }, user: colleague, overrideAccess: false })

    const asWriter = await callerFor(ctx.baseUrl, writer)
    expect((await rest(ctx.baseUrl, asWriter, 'PATCH', `/api/articles/${own.id}`, { dek: 'A standfirst' })).status).toBe(200)
    expect((await rest(ctx.baseUrl, asWriter, 'PATCH', `/api/articles/${theirs.id}`, { dek: 'Hijacked' })).status).toBe(403)
    await expect(
      ctx.payload.update({ collection: 'articles', id: theirs.id, data: { dek: 'Hijacked' }, user: writer, overrideAccess: false }),
    ).rejects.toMatchObject({ status: 403 })
  })

  it('create media, credits, organizations and calls to action, but delete nothing', async () => {
    const writer = await createUser(ctx.payload, 'writer')
    const asWriter = await callerFor(ctx.baseUrl, writer)
    const created = await rest(ctx.baseUrl, asWriter, 'POST', '/api/organizations', { name: 'Writer-added group' })
    expect(created.status).toBe(201)
    const cta = await rest(ctx.baseUrl, asWriter, 'POST', '/api/calls-to-action', { title: 'Call your representatives', kind: 'contact-representatives' })
    expect(cta.status).toBe(201)
    expect((await rest(ctx.baseUrl, asWriter, 'DELETE', `/api/organizations/${created.body.doc.id}`)).status).toBe(403)

    const story = await ctx.payload.create({ collection: 'articles', data: { title: 'Not deletable' }, user: writer, overrideAccess: false })
    await expect(
      ctx.payload.delete({ collection: 'articles', id: story.id, user: writer, overrideAccess: false }),
    ).rejects.toMatchObject({ status: 403 })
  })
})

describe('api readers and editors', () => {
  it('let an api user read drafts but write nothing', async () => {
    const apiUser = await createUser(ctx.payload, 'api')
    const { story } = await storyWithImage('Draft for preview')
    const found = await ctx.payload.findByID({ collection: 'articles', id: story.id, user: apiUser, overrideAccess: false, draft: true })
    expect(found.title).toBe('Draft for preview')
    await expect(
      ctx.payload.update({ collection: 'articles', id: story.id, data: { title: 'Changed' }, user: apiUser, overrideAccess: false }),
    ).rejects.toMatchObject({ status: 403 })
    await expect(
      ctx.payload.create({ collection: 'organizations', data: { name: 'API org', kind: 'other' }, user: apiUser, overrideAccess: false }),
    ).rejects.toMatchObject({ status: 403 })
  })

  it('let an editor update and delete any story', async () => {
    const editor = await createUser(ctx.payload, 'editor')
    const writer = await createUser(ctx.payload, 'writer')
    const story = await ctx.payload.create({ collection: 'articles', data: { title: 'Writer story' }, user: writer, overrideAccess: false })
    const updated = await ctx.payload.update({
      collection: 'articles',
      id: story.id,
      data: { dek: 'Edited by the desk' },
      user: editor,
      overrideAccess: false,
    })
    expect(updated.dek).toBe('Edited by the desk')
    await ctx.payload.delete({ collection: 'articles', id: story.id, user: editor, overrideAccess: false })
  })
})
