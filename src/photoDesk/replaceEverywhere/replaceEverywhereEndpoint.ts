// POST /api/photos/:id/replace-everywhere { replacement, note? }: an editor replaces a photo (one whose licence is
// ending, say) in every story that shows it. Each story is its own save, as if the editor had made it by hand: a
// draft gets the new photo in its latest version; a live story gets it as a correction published through the
// publish gate. A story the gate refuses keeps the old photo (its save is undone) and is listed with the gate's
// reason; the others go ahead.
import { APIError, createLocalReq, initTransaction, killTransaction, commitTransaction, type PayloadRequest, type TypedUser } from 'payload'

import { hasRole } from '../../access/roles'
import { staffEndpoint } from '../../access/staffEndpoints'
import { publishCorrection } from '../../workflow/publishCorrection'
import { replacePhotoInStory } from './replacePhotoInStory'

type StoryOutcome = { id: number; title: string; isLive: boolean; replaced: number }
type Refusal = { id: number; title: string; message: string }

const positiveId = (value: unknown): number | null => {
  const id = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null
}

const readableMessage = (error: unknown): string => {
  const data = (error as { data?: { errors?: { message?: string }[] } })?.data
  const details = data?.errors?.map((entry) => entry.message).filter(Boolean)
  if (details?.length) return details.join(' ')
  return error instanceof Error ? error.message : 'The story could not be saved.'
}

async function replaceInOneStory({
  payload,
  user,
  story,
  from,
  to,
  note,
}: {
  payload: PayloadRequest['payload']
  user: TypedUser
  story: { id: number; title?: string | null; _status?: string | null; heroImage?: unknown; socialImage?: unknown; body?: unknown }
  from: number
  to: number
  note: string
}): Promise<StoryOutcome | null> {
  const { changes, replaced } = replacePhotoInStory({ story: story as never, from, to })
  if (!replaced) return null
  // One transaction per story: a refusal by the gate undoes this story's save and nothing else.
  const req = await createLocalReq({ user }, payload)
  const isOwnTransaction = await initTransaction(req)
  try {
    const isLive = story._status === 'published'
    await payload.update({ collection: 'articles', id: story.id, data: changes as never, draft: true, depth: 0, user, overrideAccess: false, req })
    if (isLive) await publishCorrection({ payload, articleId: story.id, request: { note }, user, req })
    if (isOwnTransaction) await commitTransaction(req)
    return { id: story.id, title: String(story.title ?? ''), isLive, replaced }
  } catch (error) {
    if (isOwnTransaction) await killTransaction(req)
    throw error
  }
}

export const replaceEverywhereEndpoint = staffEndpoint({
  path: '/photos/:id/replace-everywhere',
  method: 'post',
  refusals: { signIn: 'Sign in to replace a photo.', notStaff: 'Only editors can replace a photo across stories.' },
  handler: async ({ req, user, id }) => {
    if (!hasRole(user, 'editor', 'admin')) {
      throw new APIError('Only editors can replace a photo across stories, since it changes live stories. Ask an editor.', 403, undefined, true)
    }
    const from = positiveId(id)
    const body = (req.data ?? {}) as { replacement?: unknown; note?: unknown }
    const to = positiveId(body.replacement)
    if (from === null) throw new APIError('The photo to replace must be named by its id in the address.', 400, undefined, true)
    if (to === null) throw new APIError('Name the replacement photo by its id: { "replacement": 12 }.', 400, undefined, true)
    if (to === from) throw new APIError('The replacement is the same photo; choose another one.', 400, undefined, true)
    const note = typeof body.note === 'string' && body.note.trim() ? body.note.trim().slice(0, 500) : `Photo ${from} replaced by photo ${to} in every story.`
    const { payload } = req
    // Both photos must exist and be readable by this editor (a 404 otherwise).
    const photos = await payload.find({ collection: 'media', where: { id: { in: [from, to] } }, depth: 0, pagination: false, user, overrideAccess: false, select: { filename: true } })
    if (!photos.docs.some((photo) => photo.id === from)) throw new APIError(`No photo has the id ${from}.`, 404, undefined, true)
    if (!photos.docs.some((photo) => photo.id === to)) throw new APIError(`No replacement photo has the id ${to}.`, 404, undefined, true)

    // Every story showing the photo, in its latest version (drafts of live stories included): one query.
    const { docs: stories } = await payload.find({
      collection: 'articles',
      where: { images: { in: [from] } },
      draft: true,
      depth: 0,
      pagination: false,
      user,
      overrideAccess: false,
      select: { title: true, _status: true, heroImage: true, socialImage: true, body: true },
    })
    // What readers see: the stories live now (one query), whatever their latest version is.
    const { docs: liveRows } = stories.length
      ? await payload.find({ collection: 'articles', where: { and: [{ id: { in: stories.map((story) => story.id) } }, { _status: { equals: 'published' } }] }, depth: 0, pagination: false, overrideAccess: true, select: { _status: true } })
      : { docs: [] }
    const isLive = new Set(liveRows.map((row) => Number(row.id)))
    const replaced: StoryOutcome[] = []
    const refused: Refusal[] = []
    for (const story of stories) {
      // Publishing the photo would publish the changes waiting on top of the live story too, unreviewed.
      if (isLive.has(Number(story.id)) && story._status !== 'published') {
        refused.push({
          id: Number(story.id),
          title: String(story.title ?? ''),
          message: `“${story.title}” has changes that are not published yet; replace the photo in it by hand, so those changes are not published with it.`,
        })
        continue
      }
      try {
        const outcome = await replaceInOneStory({ payload, user, story: story as never, from, to, note })
        if (outcome) replaced.push(outcome)
      } catch (error) {
        // A refusal (the gate, the workflow, access) is the story's answer; anything else is a fault.
        if (!(error instanceof APIError) || error.status >= 500) throw error
        refused.push({ id: Number(story.id), title: String(story.title ?? ''), message: readableMessage(error) })
      }
    }
    const message = refused.length
      ? `The photo was replaced in ${replaced.length} of ${replaced.length + refused.length} stories; ${refused.length} kept it: see why for each.`
      : `The photo was replaced in ${replaced.length} ${replaced.length === 1 ? 'story' : 'stories'}.`
    return Response.json({ message, replaced, refused }, { status: 200 })
  },
})
