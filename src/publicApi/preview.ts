import type { Endpoint } from 'payload'

import { STAFF_ONLY_ARTICLE_FIELDS } from '../collections/Articles/staffOnlyFields'

/** What an outside reviewer sees of the documents a draft points at: the public fields, nothing of the newsroom. */
const PREVIEW_POPULATE = {
  users: { name: true },
  media: { alt: true, caption: true, credit: true, creditLine: true, filename: true, mimeType: true, filesize: true, width: true, height: true, url: true, thumbnailURL: true, sizes: true, focalX: true, focalY: true },
  'photo-credits': { creditLine: true, photographer: true, pool: true, agencies: true, courtesyOf: true, license: true, licenseExpiresAt: true },
  organizations: { name: true, slug: true, kind: true, website: true, socialHandles: true, description: true },
  'calls-to-action': { title: true, kind: true, organization: true, url: true, handles: true, hashtags: true, instructions: true, status: true, expiresAt: true },
} as const

/** Staff-only keys of populated documents that no public field shares a name with; removed at any depth. */
const STAFF_ONLY_KEYS = new Set(['isPublic', 'needsOriginal', 'importKey', 'importHash', 'usedIn', 'notes', 'contentHash', 'mentionedIn', 'inBodies', 'credits'])

function withoutStaffOnlyKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutStaffOnlyKeys)
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !STAFF_ONLY_KEYS.has(key))
      .map(([key, item]) => [key, withoutStaffOnlyKeys(item)]),
  )
}

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
      // The link opens the story, not the newsroom: authors by name only, related documents' public fields only.
      populate: PREVIEW_POPULATE as never,
      overrideAccess: true,
      req,
    })) as unknown as Record<string, unknown>
    for (const field of STAFF_ONLY_ARTICLE_FIELDS) delete story[field]
    return Response.json({ preview: true, expiresAt: link.expiresAt, story: withoutStaffOnlyKeys(story) }, { headers: noStore })
  },
}
