// The OpenAPI 3.1 description of the public read API, written by hand so it says what front ends may rely on.
import { MAX_PUBLIC_DEPTH, MAX_PUBLIC_LIMIT } from '../server/requestGuards/apiQueryGuards'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const jsonContent = (schema: object) => ({ 'application/json': { schema } })
const errorResponse = (description: string) => ({ description, content: jsonContent(ref('Error')) })
const cachedOk = (description: string, content: object) => ({
  description,
  headers: { ETag: { $ref: '#/components/headers/ETag' }, 'Cache-Control': { $ref: '#/components/headers/CacheControl' } },
  content,
})

const listParameters = [
  { $ref: '#/components/parameters/limit' },
  { $ref: '#/components/parameters/page' },
  { $ref: '#/components/parameters/depth' },
  { $ref: '#/components/parameters/sort' },
  { $ref: '#/components/parameters/where' },
  { $ref: '#/components/parameters/select' },
]

const readErrors = {
  '304': { description: 'Not modified (the If-None-Match ETag is current).' },
  '400': errorResponse('A malformed filter, or depth/limit/page outside the allowed range.'),
  '401': errorResponse('An API key that is not valid, or ?draft=true without one.'),
  '429': errorResponse('Too many anonymous requests from this address; see Retry-After.'),
}

function collectionPaths(slug: string, schema: string, summary: string) {
  return {
    [`/api/${slug}`]: {
      get: {
        tags: [summary],
        summary: `List ${summary.toLowerCase()}`,
        parameters: listParameters,
        responses: { '200': cachedOk('A page of documents.', jsonContent(ref(`${schema}Page`))), ...readErrors },
      },
    },
    [`/api/${slug}/{id}`]: {
      get: {
        tags: [summary],
        summary: `One of the ${summary.toLowerCase()} by id`,
        parameters: [{ $ref: '#/components/parameters/id' }, { $ref: '#/components/parameters/depth' }, { $ref: '#/components/parameters/draft' }],
        responses: { '200': cachedOk('The document.', jsonContent(ref(schema))), '404': errorResponse('Unknown or not public.'), ...readErrors },
      },
    },
  }
}

const page = (item: string) => ({
  type: 'object',
  required: ['docs', 'totalDocs', 'limit', 'page', 'totalPages', 'hasNextPage', 'hasPrevPage'],
  properties: {
    docs: { type: 'array', items: ref(item) },
    totalDocs: { type: 'integer' },
    limit: { type: 'integer' },
    page: { type: 'integer' },
    totalPages: { type: 'integer' },
    hasNextPage: { type: 'boolean' },
    hasPrevPage: { type: 'boolean' },
    nextPage: { type: ['integer', 'null'] },
    prevPage: { type: ['integer', 'null'] },
  },
})

const nullableString = { type: ['string', 'null'] }
const id = { oneOf: [{ type: 'integer' }, { type: 'string' }] }
const relation = (target: string) => ({ oneOf: [{ type: 'integer' }, ref(target)] })
const strings = { type: 'array', items: { type: 'string' } }
const nullableInteger = { type: ['integer', 'null'] }

/** What a stored photo and the render-ready image both say about the file readers see. */
const imageFileFields = {
  url: nullableString,
  caption: nullableString,
  creditLine: nullableString,
  width: nullableInteger,
  height: nullableInteger,
  sizes: { type: 'object', additionalProperties: ref('ImageSize') },
}

/** What a stored call to action and the render-ready one both say. */
const callToActionFields = {
  title: { type: 'string' },
  kind: nullableString,
  url: nullableString,
  handles: strings,
  hashtags: strings,
  status: { enum: ['active', 'closed'] },
}

export function buildOpenApiDocument({ serverUrl }: { serverUrl: string }) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Newsroom content API',
      version: '1.0.0',
      description:
        'Published stories and what they show. Anonymous reads see published content only and are cacheable ' +
        '(ETag, Cache-Control: public, max-age=60, stale-while-revalidate=300). With an API key ' +
        '(`Authorization: users API-Key <key>`) ?draft=true reads drafts; such responses are private, no-store.',
    },
    servers: [{ url: serverUrl }],
    tags: [{ name: 'Articles' }, { name: 'Media' }, { name: 'Organizations' }, { name: 'Calls to action' }, { name: 'Photo credits' }, { name: 'Feeds' }],
    security: [{}, { apiKey: [] }],
    paths: {
      ...collectionPaths('articles', 'Article', 'Articles'),
      '/api/articles/by-slug/{slug}': {
        get: {
          tags: ['Articles'],
          summary: 'One render-ready published story by slug',
          description: 'Images carry sizes, alt text, caption and credit line; the body has every image and calls-to-action block resolved.',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }, { $ref: '#/components/parameters/draft' }],
          responses: {
            '200': cachedOk('The story.', jsonContent(ref('RenderedStory'))),
            '301': { description: 'An old slug: Location names the current one.', headers: { Location: { schema: { type: 'string' } } } },
            '404': errorResponse('No published story has this slug.'),
            ...readErrors,
          },
        },
      },
      '/api/articles/summaries': {
        get: {
          tags: ['Articles'],
          summary: 'A page of stories with only the summary fields, as a front page lists them',
          description:
            'The list of /api/articles (same where, sort, limit, page, depth, access and pagination fields) without ' +
            'bodies or other relationships: every story carries id, title, slug, dek, heroImage, heroCaption, publishedAt ' +
            'and updatedAt. select is refused with a 400.',
          parameters: listParameters.filter((parameter) => parameter.$ref !== '#/components/parameters/select'),
          responses: { '200': cachedOk('A page of story summaries.', jsonContent(ref('ArticleSummaryPage'))), ...readErrors },
        },
      },
      ...collectionPaths('media', 'Media', 'Media'),
      ...collectionPaths('organizations', 'Organization', 'Organizations'),
      ...collectionPaths('calls-to-action', 'CallToAction', 'Calls to action'),
      ...collectionPaths('photo-credits', 'PhotoCredit', 'Photo credits'),
      '/api/feeds/rss.xml': {
        get: {
          tags: ['Feeds'],
          summary: 'RSS 2.0 feed of the newest published stories (Media RSS credits on images)',
          responses: { '200': cachedOk('The feed.', { 'application/rss+xml': { schema: { type: 'string' } } }) },
        },
      },
      '/api/feeds/feed.json': {
        get: {
          tags: ['Feeds'],
          summary: 'JSON Feed 1.1 of the newest published stories (`_image.credit_line` on items)',
          responses: { '200': cachedOk('The feed.', { 'application/feed+json': { schema: { type: 'object' } } }) },
        },
      },
      '/sitemap.xml': {
        get: {
          tags: ['Feeds'],
          summary: 'Sitemap of every published story; beyond 50,000 stories, a sitemap index of /sitemaps/stories-<n>.xml',
          responses: { '200': cachedOk('The sitemap, or the sitemap index.', { 'application/xml': { schema: { type: 'string' } } }) },
        },
      },
      '/sitemaps/stories-{n}.xml': {
        get: {
          tags: ['Feeds'],
          summary: 'File n (from 1) of the sitemap index: at most 50,000 published stories, in the order they were created',
          parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: {
            '200': cachedOk('The sitemap file.', { 'application/xml': { schema: { type: 'string' } } }),
            '404': { description: 'No such file: /sitemap.xml lists them.', content: jsonContent({ type: 'object' }) },
          },
        },
      },
      '/api/openapi.json': {
        get: { tags: ['Feeds'], summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', content: jsonContent({ type: 'object' }) } } },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'users API-Key <key> (api users only)' },
      },
      headers: {
        ETag: { description: 'Strong validator of the body', schema: { type: 'string' } },
        CacheControl: { description: 'public, max-age=60, stale-while-revalidate=300 (anonymous); private, no-store otherwise', schema: { type: 'string' } },
      },
      parameters: {
        id: { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
        limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PUBLIC_LIMIT, default: 10 } },
        page: { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
        depth: { name: 'depth', in: 'query', schema: { type: 'integer', minimum: 0, maximum: MAX_PUBLIC_DEPTH, default: 2 } },
        sort: { name: 'sort', in: 'query', schema: { type: 'string', examples: ['-publishedAt'] }, description: 'A field; prefix with - for descending.' },
        where: {
          name: 'where',
          in: 'query',
          style: 'deepObject',
          explode: true,
          schema: { type: 'object' },
          description:
            'Payload filters, e.g. where[topics][in]=climate, where[organizations][in]=4, ' +
            'where[publishedAt][greater_than_equal]=2026-01-01T00:00:00Z. Operators: equals, not_equals, in, not_in, all, exists, ' +
            'greater_than, greater_than_equal, less_than, less_than_equal, like, not_like, contains, within, intersects, near.',
        },
        select: { name: 'select', in: 'query', style: 'deepObject', explode: true, schema: { type: 'object' }, description: 'e.g. select[title]=true' },
        draft: { name: 'draft', in: 'query', schema: { type: 'boolean' }, description: 'Latest draft; needs an API key.' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['errors'],
          properties: { errors: { type: 'array', items: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } } } },
        },
        ImageSize: { type: 'object', properties: { url: nullableString, width: nullableInteger, height: nullableInteger } },
        Media: {
          type: 'object',
          required: ['id'],
          properties: { id, ...imageFileFields, alt: nullableString, credit: relation('PhotoCredit') },
        },
        PhotoCredit: {
          type: 'object',
          required: ['id'],
          properties: { id, creditLine: nullableString, photographer: nullableString, agencies: { type: 'array', items: relation('Organization') } },
        },
        Organization: {
          type: 'object',
          required: ['id', 'name'],
          properties: { id, name: { type: 'string' }, slug: nullableString, kind: nullableString, website: nullableString },
        },
        CallToAction: {
          type: 'object',
          required: ['id', 'title'],
          properties: { id, ...callToActionFields, organization: relation('Organization'), expiresAt: nullableString },
        },
        Article: {
          type: 'object',
          required: ['id', 'title'],
          properties: {
            id,
            title: { type: 'string' },
            slug: nullableString,
            dek: nullableString,
            publishedAt: nullableString,
            heroImage: relation('Media'),
            heroCaption: nullableString,
            body: { type: ['object', 'null'], description: 'Lexical editor state' },
            organizations: { type: 'array', items: relation('Organization') },
            callsToAction: { type: 'array', items: relation('CallToAction') },
            topics: strings,
          },
        },
        ArticlePage: page('Article'),
        ArticleSummary: {
          type: 'object',
          required: ['id', 'title', 'slug', 'dek', 'heroImage', 'heroCaption', 'publishedAt', 'updatedAt'],
          properties: {
            id,
            title: { type: 'string' },
            slug: nullableString,
            dek: nullableString,
            heroImage: { oneOf: [{ type: 'null' }, ...relation('Media').oneOf] },
            heroCaption: nullableString,
            publishedAt: nullableString,
            updatedAt: { type: 'string' },
          },
        },
        ArticleSummaryPage: page('ArticleSummary'),
        MediaPage: page('Media'),
        OrganizationPage: page('Organization'),
        CallToActionPage: page('CallToAction'),
        PhotoCreditPage: page('PhotoCredit'),
        RenderedImage: {
          type: 'object',
          required: ['id', 'url', 'alt', 'caption', 'creditLine', 'disclosure', 'sizes'],
          properties: {
            id,
            ...imageFileFields,
            alt: { type: 'string' },
            mimeType: nullableString,
            disclosure: { ...nullableString, description: 'Shown next to the credit line: the picture is AI-generated or a composite.' },
          },
        },
        RenderedCallToAction: {
          type: 'object',
          required: ['id', 'title', 'status', 'isActive'],
          properties: {
            id,
            ...callToActionFields,
            organization: { oneOf: [{ type: 'null' }, { type: 'object', properties: { id, name: { type: 'string' } } }] },
            isActive: { type: 'boolean', description: 'False once closed or past expiresAt.' },
          },
        },
        ReaderNote: {
          type: 'object',
          required: ['kind', 'text', 'time'],
          properties: { kind: { enum: ['correction', 'update', 'clarification'] }, text: { type: 'string' }, time: nullableString },
        },
        RenderedStory: {
          type: 'object',
          required: ['id', 'slug', 'title', 'authors', 'heroImage', 'body', 'organizations', 'callsToAction', 'topics', 'readerNotes', 'seo'],
          properties: {
            id,
            slug: { type: 'string' },
            title: { type: 'string' },
            dek: nullableString,
            authors: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
            publishedAt: nullableString,
            heroImage: { oneOf: [{ type: 'null' }, ref('RenderedImage')] },
            body: { type: ['object', 'null'], description: 'Lexical state; upload nodes carry a RenderedImage as value, callsToActionList blocks carry RenderedCallToAction items.' },
            organizations: { type: 'array', items: ref('Organization') },
            callsToAction: { type: 'array', items: ref('RenderedCallToAction') },
            topics: strings,
            readerNotes: { type: 'array', description: 'Corrections, updates and clarifications, oldest first.', items: ref('ReaderNote') },
            seo: { type: 'object', properties: { title: { type: 'string' }, description: nullableString, image: { oneOf: [{ type: 'null' }, ref('RenderedImage')] } } },
          },
        },
      },
    },
  }
}
