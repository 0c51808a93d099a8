import type { Endpoint } from 'payload'

import { STAFF_ONLY_ARTICLE_FIELDS } from '../collections/Articles/staffOnlyFields'

const noStore = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex, nofollow' }

const gone = (message: string) => Response.json({ errors: [{ message }] }, { status: 410, headers: noStore })

/** GET /api/preview/:token: the story's current draft, read-only, for whoever holds a valid link. */
export const previewEndpoint: Endpoint = {
  path: '/preview/:token',
  method: 'get',
  handler: async (req) => {
    const token = String(req.routeParams?.token ?? '')
    const { docs } = await req.payload.find({
      collection: 'preview-links',
      where: { token: { equals: token } },
      limit: 1,
      depth: 0,
      overrideAccess: true,
      req,
    })
    const link = docs[0]
    if (!link) return Response.json({ errors: [{ message: 'This preview link does not exist.' }] }, { status: 404, headers: noStore })
    if (link.revoked) return gone('This preview link was revoked by the newsroom.')
    if (!link.expiresAt || new Date(link.expiresAt).getTime() <= Date.now()) return gone('This preview link has expired. Ask the newsroom for a new one.')

    const articleId = typeof link.article === 'object' ? link.article.id : link.article
    const story = (await req.payload.findByID({
      collection: 'articles',
      id: articleId,
      draft: true,
      depth: 2,
      // The link opens the story, not the newsroom: authors by name only.
      populate: { users: { name: true } },
      overrideAccess: true,
      req,
    })) as unknown as Record<string, unknown>
    for (const field of STAFF_ONLY_ARTICLE_FIELDS) delete story[field]
    return Response.json({ preview: true, expiresAt: link.expiresAt, story }, { headers: noStore })
  },
}
