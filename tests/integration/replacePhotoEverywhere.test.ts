// "Replace in all": an editor swaps a photo (one whose licence is ending) for another in every story that shows it,
// each live story through the publish gate, drafts as drafts; a story the gate refuses keeps the old photo.
import { creditedStory } from '../helpers/contentApiFixtures'
import { createCredit, createMedia } from '../helpers/content'
import { signedInHeadersOfThisFile } from '../helpers/http'
import { publishStory } from '../helpers/stories'
import { testServerOfThisFile } from '../helpers/testPayload'

const ctx = testServerOfThisFile()
const editorHeaders = signedInHeadersOfThisFile(ctx, 'editor')
const writerHeaders = signedInHeadersOfThisFile(ctx, 'writer')

const replaceEverywhere = async (photoId: number | string, body: unknown, headers = editorHeaders) => {
  const response = await fetch(`${ctx.baseUrl}/api/photos/${photoId}/replace-everywhere`, { method: 'POST', headers, body: JSON.stringify(body) })
  return { status: response.status, body: await response.json() }
}

const imagesOf = async (id: number, draft: boolean) => {
  const story = await ctx.payload.findByID({ collection: 'articles', id, draft, depth: 0, overrideAccess: true })
  return { hero: story.heroImage, images: (story.images ?? []).map(Number).sort((a, b) => a - b), status: story._status }
}

describe('replacing a photo in every story that shows it', () => {
  it('replaces it in a live story (published through the gate) and in a draft, everywhere each shows it', async () => {
    const live = await creditedStory(ctx.payload, { title: 'Replace in a live story' })
    await publishStory(ctx.payload, live.story.id)
    // A draft that shows the same hero photo.
    const draft = await ctx.payload.create({ collection: 'articles', data: { title: 'A draft with the same photo', heroImage: live.hero.id, authors: [live.author.id] }, overrideAccess: true })
    const credit = await createCredit(ctx.payload, { photographer: 'Mira Sato' })
    const replacement = await createMedia(ctx.payload, { credit: credit.id, alt: 'A crowd with umbrellas outside parliament' })

    const answer = await replaceEverywhere(live.hero.id, { replacement: replacement.id, note: 'Licence of the old photo ends Friday.' })
    expect(answer.status).toBe(200)
    expect(answer.body.refused).toEqual([])
    expect(answer.body.replaced.map((story: { id: number }) => story.id).sort()).toEqual([live.story.id, draft.id].sort())
    // The live story showed it as hero and once in the body: both replaced, and live.
    expect(answer.body.replaced.find((story: { id: number }) => story.id === live.story.id)).toMatchObject({ isLive: true, replaced: 2 })
    const published = await imagesOf(live.story.id, false)
    expect(published).toEqual({ hero: replacement.id, images: [live.bodyImage.id, replacement.id].sort((a, b) => a - b), status: 'published' })
    expect((await imagesOf(draft.id, true)).hero).toBe(replacement.id)
    // Readers see the new photo on the live story.
    const read = await fetch(`${ctx.baseUrl}/api/articles/by-slug/${live.story.slug}`)
    const text = await read.text()
    expect(read.status).toBe(200)
    expect(text).toContain(String(replacement.filename))
    expect(text).not.toContain(String(live.hero.filename))
  })

  it('keeps the old photo on a live story the gate refuses (the replacement has no credit) and says why', async () => {
    const live = await creditedStory(ctx.payload, { title: 'The gate refuses the replacement' })
    await publishStory(ctx.payload, live.story.id)
    const uncredited = await createMedia(ctx.payload, { alt: 'A photo nobody credited yet' })
    const answer = await replaceEverywhere(live.hero.id, { replacement: uncredited.id })
    expect(answer.status).toBe(200)
    expect(answer.body.replaced).toEqual([])
    expect(answer.body.refused).toHaveLength(1)
    expect(answer.body.refused[0]).toMatchObject({ id: live.story.id })
    expect(answer.body.refused[0].message).toMatch(/credit/i)
    // Undone: neither the live story nor its latest version holds the uncredited photo.
    expect((await imagesOf(live.story.id, false)).hero).toBe(live.hero.id)
    expect((await imagesOf(live.story.id, true)).hero).toBe(live.hero.id)
  })

  it('leaves a live story with unpublished changes to a person, so those changes are not published unreviewed', async () => {
    const live = await creditedStory(ctx.payload, { title: 'A live story with a revision in progress' })
    await publishStory(ctx.payload, live.story.id)
    const writer = await ctx.payload.findByID({ collection: 'users', id: live.author.id, overrideAccess: true })
    await ctx.payload.update({
      collection: 'articles',
      id: live.story.id,
      data: { dek: 'A new standfirst the desk has not reviewed.' },
      draft: true,
      user: { ...writer, collection: 'users' } as never,
      overrideAccess: false,
    })
    const credit = await createCredit(ctx.payload, { photographer: 'Mira Sato' })
    const replacement = await createMedia(ctx.payload, { credit: credit.id })
    const answer = await replaceEverywhere(live.hero.id, { replacement: replacement.id })
    expect(answer.status).toBe(200)
    expect(answer.body.replaced).toEqual([])
    expect(answer.body.refused).toEqual([expect.objectContaining({ id: live.story.id, message: expect.stringContaining('replace the photo in it by hand') })])
    const published = await ctx.payload.findByID({ collection: 'articles', id: live.story.id, depth: 0, overrideAccess: true })
    expect(published.heroImage).toBe(live.hero.id)
    expect(published.dek).not.toBe('A new standfirst the desk has not reviewed.')
  })

  it('refuses writers, unknown photos and malformed requests with a sentence, never a 500', async () => {
    const photo = await createMedia(ctx.payload)
    const other = await createMedia(ctx.payload)
    const writer = await replaceEverywhere(photo.id, { replacement: other.id }, writerHeaders)
    expect(writer.status).toBe(403)
    expect(writer.body.errors[0].message).toMatch(/Only editors/)
    const anonymous = await fetch(`${ctx.baseUrl}/api/photos/${photo.id}/replace-everywhere`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(anonymous.status).toBe(401)
    for (const [id, body, status] of [
      [photo.id, {}, 400],
      [photo.id, { replacement: 'twelve' }, 400],
      [photo.id, { replacement: [other.id] }, 400],
      [photo.id, { replacement: photo.id }, 400],
      [photo.id, { replacement: 999_999 }, 404],
      ['not-a-number', { replacement: other.id }, 400],
      [999_999, { replacement: other.id }, 404],
    ] as const) {
      const answer = await replaceEverywhere(id, body)
      expect({ id, body, status: answer.status }).toEqual({ id, body, status })
      expect(answer.body.errors[0].message).toMatch(/\.$/)
    }
    // A photo no story shows: nothing to do, said so.
    const none = await replaceEverywhere(photo.id, { replacement: other.id })
    expect(none).toMatchObject({ status: 200, body: { replaced: [], refused: [] } })
  })
})
