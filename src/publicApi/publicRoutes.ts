// The public content API on Express: cached REST reads, the render-ready story by slug, feeds, sitemap and
// the OpenAPI document. Payload's own handlers produce the REST bodies; this layer adds caching around them.
import { Router, type Request } from 'express'
import { handleEndpoints, type Payload, type SanitizedConfig, type TypedUser } from 'payload'

import { embeddedReferences, isCachedCollection, listKey, SITE_SETTINGS_KEY, type Seeds } from '../cache/documentKeys'
import { tagsOfResponse, type ResponseTags } from '../cache/responseTags'
import type { ResponseCache } from '../cache/responseCache'
import type { EdgeCacheSettings } from '../edgeCache/edgeRules'
import { loadStoryBySlug } from './loadStory'
import { loadPublishedStoryBySlug } from './loadPublishedStory'
import { findPublishedSummaries, SUMMARY_FIELDS, summaryListPlan } from './storySummaries'
import { settings } from '../env'
import { renderJsonFeed, renderRss, renderSitemap, renderSitemapIndex, type FeedChannel, type FeedItem } from './feeds'
import { countPublicStories, sitemapFileCount, sitemapFileNumber, sitemapFilePath, sitemapStories } from './sitemaps'
import { renderImage, type SourceMedia } from './renderStory'
import { publicReaderNotes } from '../corrections/readerNotes'
import { idOf, mergeSeeds } from '../fields/relationIds'
import { buildOpenApiDocument } from './openapi'
import { cachedRead, type Produced } from '../cache/publicCache'
import { isDraftRequest, verifiedUser } from '../access/requestIdentity'
import { toWebRequest } from '../server/webBridge'

type Options = { payload: Payload; config: Promise<SanitizedConfig> | SanitizedConfig; cache: ResponseCache | null; edge?: EdgeCacheSettings | null }
type Id = number | string

export const FEED_SIZE = 20
const JSON_TYPE = 'application/json; charset=utf-8'
const XML_TYPE = 'application/xml; charset=utf-8'

const json = (status: number, value: unknown, tags: string[] = [], headers?: Record<string, string>): Produced => ({
  status,
  body: Buffer.from(JSON.stringify(value)),
  contentType: JSON_TYPE,
  tags,
  headers,
})

const notFound = (message: string) => json(404, { errors: [{ message }] })

/** Payload's 503 while the database is down says when to retry (src/db/answerDatabaseUnavailable.ts). */
const retryAfterOf = (response: globalThis.Response): Record<string, string> | undefined => {
  const retryAfter = response.headers.get('retry-after')
  return retryAfter ? { 'Retry-After': retryAfter } : undefined
}

// Links come from configuration only (src/env.ts publicServerUrl): these responses are cached for everyone.
const storyUrl = (slug: string) => `${settings.frontendUrl || settings.publicUrl}/articles/${encodeURIComponent(slug)}`
const absolute = (url: string | null | undefined) => (url && url.startsWith('/') ? `${settings.publicUrl}${url}` : (url ?? null))
const RSS_PATH = '/api/feeds/rss.xml'
const JSON_FEED_PATH = '/api/feeds/feed.json'

const userOf = (payload: Payload, req: Request): Promise<TypedUser | null> => verifiedUser(req, payload)

/** A REST body's tags, from its top-level documents and the references embedded in it. */
async function restTags(payload: Payload, collection: string, body: unknown, isList: boolean, startedAt: Date): Promise<ResponseTags> {
  const record = body as { docs?: { id: Id }[]; id?: Id }
  const ids = isList ? (record.docs ?? []).map((doc) => doc.id) : record.id !== undefined ? [record.id] : []
  const seeds = mergeSeeds<Seeds>({ [collection]: ids }, embeddedReferences(body))
  return tagsOfResponse({ payload, seeds, startedAt, extraKeys: isList ? [listKey(collection)] : [] })
}

async function authorNames(payload: Payload, ids: Id[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const { docs } = await payload.find({
    collection: 'users',
    where: { id: { in: ids } },
    select: { name: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  return new Map(docs.map((user) => [String(user.id), user.name]))
}

const FEED_FIELDS = { title: true, slug: true, dek: true, heroImage: true, heroCaption: true, publishedAt: true, updatedAt: true, authors: true, topics: true, readerNotes: true } as const

type FeedStories = { items: FeedItem[]; tagged: ResponseTags; siteName: string }

async function feedItems(payload: Payload, startedAt: Date): Promise<FeedStories> {
  const [{ docs }, siteSettings] = await Promise.all([
    // Only what an item shows: without `select`, depth 1 also populated every photo in every story's body.
    payload.find({ collection: 'articles', sort: '-publishedAt', limit: FEED_SIZE, depth: 1, overrideAccess: false, select: FEED_FIELDS }),
    payload.findGlobal({ slug: 'site-settings', depth: 0 }),
  ])
  const names = await authorNames(payload, [...new Set(docs.flatMap((doc) => (doc.authors ?? []).map(idOf)).filter((id) => id !== undefined))] as Id[])
  const items = docs.map((doc): FeedItem => {
    const image = renderImage(typeof doc.heroImage === 'object' && doc.heroImage ? (doc.heroImage as unknown as SourceMedia) : undefined, doc.heroCaption)
    return {
      id: doc.id,
      title: doc.title,
      url: storyUrl(doc.slug ?? String(doc.id)),
      summary: doc.dek ?? null,
      publishedAt: doc.publishedAt ?? null,
      updatedAt: doc.updatedAt ?? null,
      authors: (doc.authors ?? []).map((ref) => names.get(String(idOf(ref)))).filter((name): name is string => Boolean(name)),
      topics: doc.topics ?? [],
      image: image?.url ? { ...image, url: absolute(image.url)! } : null,
      readerNotes: publicReaderNotes(doc.readerNotes),
    }
  })
  const tagged = await tagsOfResponse({
    payload,
    seeds: { articles: docs.map((doc) => doc.id) },
    startedAt,
    extraKeys: [listKey('articles'), SITE_SETTINGS_KEY],
  })
  return { items, tagged, siteName: siteSettings.siteName || 'Newsroom' }
}

const feedChannel = (siteName: string, feedPath: string): FeedChannel => ({
  title: siteName,
  homeUrl: settings.frontendUrl || settings.publicUrl,
  feedUrl: `${settings.publicUrl}${feedPath}`,
  description: `The newest stories from ${siteName}.`,
  language: 'en',
})

/**
 * Both feeds show the same stories, and a publish drops both at once: read together, the second joins the reading
 * the first started (four statements, three round trips) instead of making its own beside it (issue 20, publish →
 * fresh). Joined only within one cache generation: a reading that began before an invalidation may predate the
 * change, and one that began after it sees at least what the joiner would (the writer's process drops at the
 * commit, so a reading begun before a local commit is never joined after it).
 */
function sharedFeedReading(payload: Payload, cache: ResponseCache | null) {
  let inFlight: { generation: number; reading: Promise<FeedStories> } | null = null
  return (startedAt: Date): Promise<FeedStories> => {
    // Without a cache there is no generation to compare: every reading is its own.
    if (!cache) return feedItems(payload, startedAt)
    const { generation } = cache
    if (inFlight?.generation === generation) return inFlight.reading
    const reading = feedItems(payload, startedAt)
    const current = { generation, reading }
    inFlight = current
    const done = () => {
      if (inFlight === current) inFlight = null
    }
    reading.then(done, done)
    return reading
  }
}

/**
 * Produces a response; `startedAt` is when production started, which bounds a public response by the photo
 * licences that end after it (see cache/responseTags), so no cache serves an image after its licence ended.
 */
type Producer = (req: Request, options: { isPublic: boolean; startedAt: Date }) => Promise<Produced>

export function contentRoutes({ payload, config, cache, edge = null }: Options): Router {
  const router = Router()
  const read = (produce: Producer) => cachedRead({ cache, edge, produce: (req, options) => produce(req, { ...options, startedAt: new Date() }) })
  const readFeedStories = sharedFeedReading(payload, cache)

  router.get(
    '/api/articles/by-slug/:slug',
    read(async (req, { isPublic, startedAt }) => {
      const slug = String(req.params.slug)
      const user = isPublic ? null : await userOf(payload, req)
      // An anonymous read is one SQL statement with its cache tags; a signed-in one (drafts too) goes through the
      // Local API under the caller's access, and as a personal response needs no tags.
      const result = isPublic
        ? await loadPublishedStoryBySlug({ payload, slug, startedAt })
        : await loadStoryBySlug({ payload, slug, user, draft: Boolean(user) && isDraftRequest(req) })
      if (result.kind === 'missing') return notFound(`No published story has the slug “${slug}”.`)
      if (result.kind === 'moved') {
        const location = `/api/articles/by-slug/${encodeURIComponent(result.slug)}${req.originalUrl.includes('?') ? `?${req.originalUrl.split('?')[1]}` : ''}`
        return json(301, { message: `This story moved to “${result.slug}”.`, slug: result.slug, location }, [], { Location: location })
      }
      const tagged: ResponseTags = 'tagged' in result ? result.tagged : { tags: [] }
      return { ...json(200, result.story), ...tagged }
    }),
  )

  router.get(
    RSS_PATH,
    read(async (_req, { startedAt }) => {
      const { items, tagged, siteName } = await readFeedStories(startedAt)
      return { status: 200, body: Buffer.from(renderRss(feedChannel(siteName, RSS_PATH), items)), contentType: 'application/rss+xml; charset=utf-8', ...tagged }
    }),
  )

  router.get(
    JSON_FEED_PATH,
    read(async (_req, { startedAt }) => {
      const { items, tagged, siteName } = await readFeedStories(startedAt)
      return { ...json(200, renderJsonFeed(feedChannel(siteName, JSON_FEED_PATH), items)), contentType: 'application/feed+json; charset=utf-8', ...tagged }
    }),
  )

  // Every published story: one file while they fit in one (50,000), else an index of numbered files.
  const sitemapOf = async (file: number) => {
    const stories = await sitemapStories(payload, file)
    const entries = stories.map((story) => ({ url: storyUrl(story.slug ?? String(story.id)), lastModified: story.updatedAt }))
    return { status: 200, body: Buffer.from(renderSitemap(entries)), contentType: XML_TYPE, tags: [listKey('articles')] }
  }
  router.get(
    '/sitemap.xml',
    read(async () => {
      const files = sitemapFileCount(await countPublicStories(payload))
      if (files === 1) return sitemapOf(1)
      const fileUrls = Array.from({ length: files }, (_, index) => `${settings.publicUrl}${sitemapFilePath(index + 1)}`)
      return { status: 200, body: Buffer.from(renderSitemapIndex(fileUrls)), contentType: XML_TYPE, tags: [listKey('articles')] }
    }),
  )
  router.get(
    '/sitemaps/:file',
    read(async (req) => {
      const file = sitemapFileNumber(String(req.params.file))
      const files = sitemapFileCount(await countPublicStories(payload))
      if (file === null || file > files) {
        return { ...notFound(`There is no sitemap file ${String(req.params.file).slice(0, 40)}: the files are listed in /sitemap.xml.`), tags: [listKey('articles')] }
      }
      return sitemapOf(file)
    }),
  )

  router.get(
    '/api/openapi.json',
    read(async () => json(200, buildOpenApiDocument({ serverUrl: settings.publicUrl }))),
  )

  // Payload's REST reads of published content, cached for anonymous callers.
  const restRead = read(async (req, { isPublic, startedAt }) => {
    const response = await handleEndpoints({ config, request: toWebRequest(req) })
    const body = Buffer.from(await response.arrayBuffer())
    const contentType = response.headers.get('content-type') ?? JSON_TYPE
    const isList = req.params.id === undefined
    const tagged =
      isPublic && response.status === 200 && contentType.includes('json')
        ? await restTags(payload, String(req.params.collection), JSON.parse(body.toString('utf8')), isList, startedAt)
        : { tags: [] }
    return { status: response.status, body, contentType, ...tagged, headers: retryAfterOf(response) }
  })
  // A list of stories as a front page shows them: Payload's own list (same query parameters, access and
  // shape) with only the summary fields, so it neither ships bodies nor joins every relationship. The plain
  // anonymous page (limit, page, sort, depth=0) is one SQL statement; every other query is Payload's find.
  router.get(
    '/api/articles/summaries',
    read(async (req, { isPublic, startedAt }) => {
      const [path, query = ''] = req.originalUrl.split('?')
      const params = new URLSearchParams(query)
      if ([...params.keys()].some((name) => name.startsWith('select'))) {
        return json(400, { errors: [{ message: 'Summaries choose their own fields: leave out select, or use /api/articles.' }] })
      }
      const plan = isPublic ? summaryListPlan(params) : null
      if (plan) {
        const page = await findPublishedSummaries(payload, plan)
        const tagged = cache ? await restTags(payload, 'articles', page, true, startedAt) : { tags: [] }
        return { ...json(200, page), ...tagged }
      }
      for (const field of SUMMARY_FIELDS) params.set(`select[${field}]`, 'true')
      // Only Payload's router reads this address; nothing in the body is built from it.
      const url = `http://localhost${path.replace(/\/summaries$/, '')}?${params}`
      const response = await handleEndpoints({ config, request: new Request(url, { headers: toWebRequest(req).headers }) })
      const body = Buffer.from(await response.arrayBuffer())
      const contentType = response.headers.get('content-type') ?? JSON_TYPE
      const tagged =
        cache && isPublic && response.status === 200 ? await restTags(payload, 'articles', JSON.parse(body.toString('utf8')), true, startedAt) : { tags: [] }
      return { status: response.status, body, contentType, ...tagged, headers: retryAfterOf(response) }
    }),
  )

  router.get('/api/:collection{/:id}', (req, res, next) => {
    const { collection, id } = req.params as { collection: string; id?: string }
    // Without a cache, Payload answers on its own (no document keys to compute).
    if (!cache || !isCachedCollection(collection) || (id !== undefined && !/^\d+$/.test(id))) return next()
    return restRead(req, res, next)
  })

  return router
}
