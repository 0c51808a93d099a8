// Turns a stored story and the documents it points at into the render-ready shape front ends receive:
// every image with its sizes, caption and credit line, every call to action with its organization.
import { CALLS_TO_ACTION_BLOCK, GALLERY_BLOCK } from '../collections/Articles/storyReferences'
import { idOf } from '../fields/relationIds'
import { publicReaderNotes } from '../corrections/readerNotes'

type Id = number | string
type Node = Record<string, unknown>

export type ImageSize = { url: string | null; width: number | null; height: number | null }

export type SourceMedia = {
  id: Id
  url?: string | null
  alt?: string | null
  caption?: string | null
  creditLine?: string | null
  aiDisclosure?: string | null
  width?: number | null
  height?: number | null
  mimeType?: string | null
  focalX?: number | null
  focalY?: number | null
  sizes?: Record<string, { url?: string | null; width?: number | null; height?: number | null } | undefined> | null
}

export type SourceOrganization = {
  id: Id
  name: string
  slug?: string | null
  kind?: string | null
  website?: string | null
  socialHandles?: { platform: string; handle: string }[] | null
}

export type SourceCallToAction = {
  id: Id
  title: string
  kind?: string | null
  url?: string | null
  organization?: unknown
  handles?: string[] | null
  hashtags?: string[] | null
  instructions?: string | null
  status?: string | null
  expiresAt?: string | null
}

export type RenderedImage = {
  id: Id
  url: string | null
  alt: string
  caption: string | null
  creditLine: string | null
  /** Readers are told, next to the credit line, that the picture is AI-generated or a composite. */
  disclosure: string | null
  width: number | null
  height: number | null
  mimeType: string | null
  focalPoint: { x: number; y: number } | null
  sizes: Record<string, ImageSize>
}

export type RenderedOrganization = {
  id: Id
  name: string
  slug: string | null
  kind: string | null
  website: string | null
  socialHandles: { platform: string; handle: string }[]
}

export type RenderedCallToAction = {
  id: Id
  title: string
  kind: string | null
  url: string | null
  organization: { id: Id; name: string } | null
  handles: string[]
  hashtags: string[]
  instructions: string | null
  status: 'active' | 'closed'
  isActive: boolean
  expiresAt: string | null
}

export type StoryLookups = {
  media: Map<string, SourceMedia>
  organizations: Map<string, SourceOrganization>
  callsToAction: Map<string, SourceCallToAction>
  authors: Map<string, { id: Id; name: string }>
  now: Date
}

const isRecord = (value: unknown): value is Node => typeof value === 'object' && value !== null
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null)

const lookup = <T>(map: Map<string, T>, ref: unknown): T | undefined => {
  const id = idOf(ref)
  return id === undefined ? undefined : map.get(String(id))
}

export function renderImage(media: SourceMedia | undefined, captionOverride?: unknown): RenderedImage | null {
  if (!media) return null
  const sizes: Record<string, ImageSize> = {}
  for (const [name, size] of Object.entries(media.sizes ?? {})) {
    if (size?.url) sizes[name] = { url: size.url, width: size.width ?? null, height: size.height ?? null }
  }
  const hasFocalPoint = typeof media.focalX === 'number' && typeof media.focalY === 'number'
  return {
    id: media.id,
    url: media.url ?? null,
    alt: media.alt ?? '',
    caption: textOrNull(captionOverride) ?? textOrNull(media.caption),
    creditLine: media.creditLine ?? null,
    disclosure: textOrNull(media.aiDisclosure),
    width: media.width ?? null,
    height: media.height ?? null,
    mimeType: media.mimeType ?? null,
    focalPoint: hasFocalPoint ? { x: media.focalX as number, y: media.focalY as number } : null,
    sizes,
  }
}

export function renderOrganization(organization: SourceOrganization): RenderedOrganization {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug ?? null,
    kind: organization.kind ?? null,
    website: organization.website ?? null,
    socialHandles: (organization.socialHandles ?? []).map(({ platform, handle }) => ({ platform, handle })),
  }
}

/** A call to action past its `expiresAt` is closed, whatever its stored status says. */
export function isCallToActionActive(cta: SourceCallToAction, now: Date): boolean {
  if (cta.status === 'closed') return false
  if (cta.expiresAt && new Date(cta.expiresAt).getTime() <= now.getTime()) return false
  return true
}

export function renderCallToAction(cta: SourceCallToAction, lookups: StoryLookups): RenderedCallToAction {
  const organization = lookup(lookups.organizations, cta.organization)
  const isActive = isCallToActionActive(cta, lookups.now)
  return {
    id: cta.id,
    title: cta.title,
    kind: cta.kind ?? null,
    url: cta.url ?? null,
    organization: organization ? { id: organization.id, name: organization.name } : null,
    handles: cta.handles ?? [],
    hashtags: cta.hashtags ?? [],
    instructions: cta.instructions ?? null,
    status: isActive ? 'active' : 'closed',
    isActive,
    expiresAt: cta.expiresAt ?? null,
  }
}

const renderCallsToAction = (refs: unknown, lookups: StoryLookups): RenderedCallToAction[] =>
  asArray(refs)
    .map((ref) => lookup(lookups.callsToAction, ref))
    .filter((cta): cta is SourceCallToAction => Boolean(cta))
    .map((cta) => renderCallToAction(cta, lookups))

const renderBlockFields = (fields: Node, lookups: StoryLookups): Node => {
  if (fields.blockType === CALLS_TO_ACTION_BLOCK) {
    return {
      ...fields,
      image: renderImage(lookup(lookups.media, fields.image)),
      callsToAction: renderCallsToAction(fields.callsToAction, lookups),
    }
  }
  if (fields.blockType === GALLERY_BLOCK) {
    return {
      ...fields,
      images: asArray(fields.images)
        .filter(isRecord)
        .map((row) => ({ ...row, image: renderImage(lookup(lookups.media, row.image), row.caption) }))
        .filter((row) => row.image !== null),
    }
  }
  return fields
}

const renderLinkFields = (fields: Node, lookups: StoryLookups): Node => {
  if (!isRecord(fields.doc) || fields.doc.relationTo !== 'organizations') return fields
  const organization = lookup(lookups.organizations, fields.doc.value)
  const value = organization ? { id: organization.id, name: organization.name, slug: organization.slug ?? null } : idOf(fields.doc.value)
  return { ...fields, doc: { ...fields.doc, value } }
}

/**
 * A copy of the Lexical body with every upload node's media, every calls-to-action block and every link to
 * an organization resolved. Upload nodes whose media is not readable (never for a published story) are dropped.
 */
export function renderBody(body: unknown, lookups: StoryLookups): unknown {
  const renderNode = (node: unknown): unknown => {
    if (!isRecord(node)) return node
    const rendered: Node = { ...node }
    if (node.type === 'upload' && node.relationTo === 'media') {
      const fields = isRecord(node.fields) ? node.fields : {}
      const image = renderImage(lookup(lookups.media, node.value), fields.caption)
      if (!image) return null
      rendered.value = image
    } else if ((node.type === 'block' || node.type === 'inlineBlock') && isRecord(node.fields)) {
      rendered.fields = renderBlockFields(node.fields, lookups)
    } else if ((node.type === 'link' || node.type === 'autolink') && isRecord(node.fields)) {
      rendered.fields = renderLinkFields(node.fields, lookups)
    }
    if (Array.isArray(node.children)) {
      rendered.children = node.children.map(renderNode).filter((child) => child !== null)
    }
    return rendered
  }
  if (!isRecord(body) || !isRecord(body.root)) return null
  return { ...body, root: renderNode(body.root) }
}

export type SourceStory = {
  id: Id
  title: string
  slug?: string | null
  dek?: string | null
  authors?: unknown[] | null
  contributors?: { name: string; role?: string | null }[] | null
  publishedAt?: string | null
  updatedAt?: string | null
  heroImage?: unknown
  heroCaption?: string | null
  socialImage?: unknown
  body?: unknown
  organizations?: unknown[] | null
  callsToAction?: unknown[] | null
  topics?: string[] | null
  readerNotes?: unknown
  meta?: { title?: string | null; description?: string | null } | null
}

export function renderStory(story: SourceStory, lookups: StoryLookups) {
  const socialImage = renderImage(lookup(lookups.media, story.socialImage))
  return {
    id: story.id,
    slug: story.slug ?? null,
    title: story.title,
    dek: story.dek ?? null,
    authors: asArray(story.authors)
      .map((ref) => lookup(lookups.authors, ref))
      .filter((author): author is { id: Id; name: string } => Boolean(author))
      .map(({ name }) => ({ name })),
    contributors: (story.contributors ?? []).map(({ name, role }) => ({ name, role: role ?? null })),
    publishedAt: story.publishedAt ?? null,
    updatedAt: story.updatedAt ?? null,
    heroImage: renderImage(lookup(lookups.media, story.heroImage), story.heroCaption),
    body: renderBody(story.body, lookups),
    organizations: asArray(story.organizations)
      .map((ref) => lookup(lookups.organizations, ref))
      .filter((organization): organization is SourceOrganization => Boolean(organization))
      .map(renderOrganization),
    callsToAction: renderCallsToAction(story.callsToAction, lookups),
    topics: story.topics ?? [],
    // Corrections, updates and clarifications, oldest first, as the story prints them.
    readerNotes: publicReaderNotes(story.readerNotes),
    seo: {
      title: story.meta?.title || story.title,
      description: story.meta?.description || story.dek || null,
      image: socialImage ?? renderImage(lookup(lookups.media, story.heroImage), story.heroCaption),
    },
  }
}

export type RenderedStory = ReturnType<typeof renderStory>
