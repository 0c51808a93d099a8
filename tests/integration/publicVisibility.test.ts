// isPublic is recomputed only for what a change touches: these tests check the rows it must flip, the rows it
// must leave alone, and that the incremental result always equals a recomputation over whole tables.
import { createLocalReq, type PayloadRequest } from 'payload'

import { refreshPublicVisibility } from '../../src/visibility/refreshPublicVisibility'
import { callsToActionBlock, storyBody, uploadNode } from '../../src/lexical/lexicalBuilders'
import { createCredit, createMedia, createOrganization } from '../helpers/content'
import { publishStory, unpublishStory } from '../helpers/stories'
import { testPayloadOfThisFile } from '../helpers/testPayload'

const ctx = testPayloadOfThisFile()

type Visible = 'media' | 'photo-credits' | 'organizations' | 'calls-to-action'
const VISIBLE: Visible[] = ['media', 'photo-credits', 'organizations', 'calls-to-action']

const isPublic = async (collection: Visible, id: number) =>
  Boolean((await ctx.payload.findByID({ collection, id, depth: 0, overrideAccess: true })).isPublic)

/** Every row's flag, by collection and id (inside `req`'s transaction when given). */
const allFlags = async (req?: PayloadRequest) => {
  const flags: Record<string, Record<number, boolean>> = {}
  for (const collection of VISIBLE) {
    const { docs } = await ctx.payload.find({ collection, pagination: false, depth: 0, overrideAccess: true, select: { isPublic: true }, req })
    flags[collection] = Object.fromEntries(docs.map((doc) => [doc.id, Boolean(doc.isPublic)]))
  }
  return flags
}

/** The flags a recomputation over whole tables gives, rolled back so it changes nothing. */
const recomputedFlags = async () => {
  const transactionID = await ctx.payload.db.beginTransaction()
  const req = await createLocalReq({}, ctx.payload)
  req.transactionID = transactionID!
  try {
    await refreshPublicVisibility(req)
    return await allFlags(req)
  } finally {
    await ctx.payload.db.rollbackTransaction(transactionID!)
  }
}

let counter = 0
/** A credited photo whose credit names its own agency. */
async function creditedPhoto(label: string) {
  counter += 1
  const agency = await createOrganization(ctx.payload, `${label} Agency ${counter}`, 'news-agency')
  const credit = await createCredit(ctx.payload, { photographer: `${label} Photographer ${counter}`, agencies: [agency.id] })
  const image = await createMedia(ctx.payload, { credit: credit.id, alt: `A photo for ${label}` })
  return { agency, credit, image }
}

type Photo = Awaited<ReturnType<typeof creditedPhoto>>

/** Whether a credited photo's image, its credit and the credit's agency are public. */
const photoVisibility = async ({ image, credit, agency }: Photo) => ({
  image: await isPublic('media', image.id),
  credit: await isPublic('photo-credits', credit.id),
  agency: await isPublic('organizations', agency.id),
})
const ALL_PUBLIC = { image: true, credit: true, agency: true }
const NONE_PUBLIC = { image: false, credit: false, agency: false }

async function story(title: string, imageIds: number[], extra: { callsToAction?: number[]; organizations?: number[] } = {}) {
  const blocks = extra.callsToAction?.length ? [callsToActionBlock({ callsToAction: extra.callsToAction })] : []
  return ctx.payload.create({
    collection: 'articles',
    data: {
      title,
      heroImage: imageIds[0],
      body: storyBody(...imageIds.map((id) => uploadNode(id)), ...blocks) as never,
      organizations: extra.organizations ?? [],
    },
    overrideAccess: true,
  })
}

const petition = (title: string, organization?: number) =>
  ctx.payload.create({ collection: 'calls-to-action', data: { title, kind: 'petition', status: 'active', organization }, overrideAccess: true })

describe('the visibility of what stories use', () => {
  it('publishing a story makes what it uses public and flips nothing unrelated', async () => {
    const live = await creditedPhoto('Already live')
    const liveStory = await story('A story that is already live', [live.image.id])
    await publishStory(ctx.payload, liveStory.id)

    const used = await creditedPhoto('Used by A')
    const unrelated = await creditedPhoto('Unrelated draft')
    await story('A draft nobody publishes', [unrelated.image.id])
    const mentioned = await createOrganization(ctx.payload, 'Mentioned Organization')
    const action = await petition('Sign the petition for A', mentioned.id)
    const storyA = await story('Story A', [used.image.id], { callsToAction: [action.id] })

    await publishStory(ctx.payload, storyA.id)

    expect(await photoVisibility(used)).toEqual(ALL_PUBLIC)
    expect(await isPublic('calls-to-action', action.id)).toBe(true)
    expect(await isPublic('organizations', mentioned.id)).toBe(true)
    expect(await photoVisibility(unrelated)).toEqual(NONE_PUBLIC)
    expect(await photoVisibility(live)).toMatchObject({ image: true, agency: true })
    expect(await allFlags()).toEqual(await recomputedFlags())
  })

  it('unpublishing a story hides what only it used and keeps what a live story still shows', async () => {
    const onlyA = await creditedPhoto('Only in A')
    const shared = await creditedPhoto('Shared by A and B')
    const storyA = await story('Story A that goes away', [onlyA.image.id, shared.image.id])
    const storyB = await story('Story B that stays', [shared.image.id])
    await publishStory(ctx.payload, storyA.id)
    await publishStory(ctx.payload, storyB.id)
    expect(await isPublic('media', onlyA.image.id)).toBe(true)

    await unpublishStory(ctx.payload, storyA.id)

    expect(await photoVisibility(onlyA)).toEqual(NONE_PUBLIC)
    expect(await photoVisibility(shared)).toEqual(ALL_PUBLIC)
    expect(await allFlags()).toEqual(await recomputedFlags())
  })

  it('hides an image the live story no longer shows once a new version is published', async () => {
    const before = await creditedPhoto('Replaced photo')
    const after = await creditedPhoto('Replacement photo')
    const live = await story('A story whose photo is replaced', [before.image.id])
    await publishStory(ctx.payload, live.id)
    // A draft first, then the publish: the version Payload hands the hook as "previous" already shows the new photo.
    await ctx.payload.update({
      collection: 'articles',
      id: live.id,
      data: { heroImage: after.image.id, body: storyBody(uploadNode(after.image.id)) as never },
      draft: true,
      overrideAccess: true,
    })
    expect(await isPublic('media', before.image.id)).toBe(true)
    expect(await isPublic('media', after.image.id)).toBe(false)

    await publishStory(ctx.payload, live.id)

    expect(await photoVisibility(before)).toMatchObject({ image: false, agency: false })
    expect(await photoVisibility(after)).toMatchObject({ image: true, agency: true })
    expect(await allFlags()).toEqual(await recomputedFlags())
  })

  it('moves public visibility from a credit’s old agency to its new one', async () => {
    const photo = await creditedPhoto('Credit changes agency')
    const newAgency = await createOrganization(ctx.payload, 'The New Agency', 'news-agency')
    const live = await story('A story whose credit changes', [photo.image.id])
    await publishStory(ctx.payload, live.id)
    expect(await isPublic('organizations', photo.agency.id)).toBe(true)

    await ctx.payload.update({ collection: 'photo-credits', id: photo.credit.id, data: { agencies: [newAgency.id] }, overrideAccess: true })

    expect(await isPublic('organizations', newAgency.id)).toBe(true)
    expect(await isPublic('organizations', photo.agency.id)).toBe(false)
    expect(await allFlags()).toEqual(await recomputedFlags())
  })

  it('makes the site-wide promotion and its organization public, and private again once replaced', async () => {
    const publisher = await createOrganization(ctx.payload, 'The Book Publisher')
    const preorder = await petition('Pre-order the book', publisher.id)
    const other = await petition('Another promotion')
    expect(await isPublic('calls-to-action', preorder.id)).toBe(false)

    await ctx.payload.updateGlobal({ slug: 'site-settings', data: { promotion: preorder.id }, overrideAccess: true })
    expect(await isPublic('calls-to-action', preorder.id)).toBe(true)
    expect(await isPublic('organizations', publisher.id)).toBe(true)

    await ctx.payload.updateGlobal({ slug: 'site-settings', data: { promotion: other.id }, overrideAccess: true })
    expect(await isPublic('calls-to-action', preorder.id)).toBe(false)
    expect(await isPublic('organizations', publisher.id)).toBe(false)
    expect(await isPublic('calls-to-action', other.id)).toBe(true)
    expect(await allFlags()).toEqual(await recomputedFlags())
  })

  it('hides what a story used when the story is deleted', async () => {
    const photo = await creditedPhoto('Deleted story photo')
    const live = await story('A story that is deleted', [photo.image.id])
    await publishStory(ctx.payload, live.id)
    expect(await isPublic('media', photo.image.id)).toBe(true)

    await ctx.payload.delete({ collection: 'articles', id: live.id, overrideAccess: true })

    expect(await photoVisibility(photo)).toMatchObject({ image: false, agency: false })
    expect(await allFlags()).toEqual(await recomputedFlags())
  })
})
