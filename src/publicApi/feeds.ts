// RSS 2.0, JSON Feed 1.1 and sitemap documents from plain story summaries: pure, so escaping is unit-tested.
import type { PublicReaderNote } from '../corrections/readerNotes'

export type FeedImage = {
  url: string
  alt: string
  caption: string | null
  creditLine: string | null
  /** An AI-generated or composite picture says so next to its credit line, in feeds too. */
  disclosure?: string | null
  mimeType: string | null
  width: number | null
  height: number | null
}

export type FeedItem = {
  id: number | string
  title: string
  url: string
  summary: string | null
  publishedAt: string | null
  updatedAt: string | null
  authors: string[]
  topics: string[]
  image: FeedImage | null
  /** Corrections, updates and clarifications, oldest first. */
  readerNotes: PublicReaderNote[]
}

export type FeedChannel = { title: string; homeUrl: string; feedUrl: string; description: string; language?: string }

// XML 1.0 forbids most control characters even when escaped; drop them.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

const element = (name: string, value: string | null | undefined, attributes = '') =>
  value === null || value === undefined || value === '' ? '' : `<${name}${attributes}>${escapeXml(value)}</${name}>`

const rfc822 = (iso: string | null) => (iso ? new Date(iso).toUTCString() : null)

const NOTE_LABELS: Record<PublicReaderNote['kind'], string> = { correction: 'Correction', update: 'Update', clarification: 'Clarification' }

/** "Correction (2026-12-04): An earlier version…", one paragraph per note, for readers of the item's text. */
const notesText = (notes: PublicReaderNote[]) =>
  notes.map((note) => `${NOTE_LABELS[note.kind]}${note.time ? ` (${note.time.slice(0, 10)})` : ''}: ${note.text}`).join('\n\n')

/** The image's credit line is part of the item text too, for readers whose software ignores Media RSS. */
const imageNote = (image: FeedImage | null) => (image ? [image.caption, image.creditLine, image.disclosure].filter(Boolean).join(' ') : '')

export function renderRss(channel: FeedChannel, items: FeedItem[]): string {
  const lines = items.map((item) => {
    const note = imageNote(item.image)
    const description = [item.summary, note, notesText(item.readerNotes)].filter(Boolean).join('\n\n')
    const media = item.image
      ? `<media:content url="${escapeXml(item.image.url)}" medium="image"${item.image.mimeType ? ` type="${escapeXml(item.image.mimeType)}"` : ''}${item.image.width ? ` width="${item.image.width}"` : ''}${item.image.height ? ` height="${item.image.height}"` : ''}>` +
        element('media:description', item.image.alt) +
        element('media:credit', item.image.creditLine) +
        `</media:content>`
      : ''
    return (
      '<item>' +
      element('title', item.title) +
      element('link', item.url) +
      `<guid isPermaLink="false">${escapeXml(`article-${item.id}`)}</guid>` +
      element('description', description) +
      element('pubDate', rfc822(item.publishedAt)) +
      item.authors.map((name) => element('dc:creator', name)).join('') +
      item.topics.map((topic) => element('category', topic)).join('') +
      media +
      '</item>'
    )
  })
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    '<channel>' +
    element('title', channel.title) +
    element('link', channel.homeUrl) +
    element('description', channel.description) +
    element('language', channel.language) +
    `<atom:link href="${escapeXml(channel.feedUrl)}" rel="self" type="application/rss+xml"/>` +
    element('lastBuildDate', rfc822(items[0]?.publishedAt ?? null)) +
    lines.join('') +
    '</channel></rss>\n'
  )
}

export function renderJsonFeed(channel: FeedChannel, items: FeedItem[]) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.homeUrl,
    feed_url: channel.feedUrl,
    description: channel.description,
    ...(channel.language ? { language: channel.language } : {}),
    items: items.map((item) => ({
      id: `article-${item.id}`,
      url: item.url,
      title: item.title,
      ...(item.summary ? { summary: item.summary } : {}),
      content_text: [item.summary, imageNote(item.image), notesText(item.readerNotes)].filter(Boolean).join('\n\n') || item.title,
      ...(item.image ? { image: item.image.url } : {}),
      ...(item.publishedAt ? { date_published: item.publishedAt } : {}),
      ...(item.updatedAt ? { date_modified: item.updatedAt } : {}),
      authors: item.authors.map((name) => ({ name })),
      tags: item.topics,
      // JSON Feed extensions start with an underscore; this one carries what a credit-respecting reader needs.
      ...(item.image
        ? { _image: { url: item.image.url, alt: item.image.alt, caption: item.image.caption, credit_line: item.image.creditLine, disclosure: item.image.disclosure ?? null } }
        : {}),
      ...(item.readerNotes.length ? { _reader_notes: item.readerNotes } : {}),
    })),
  }
}

/** A sitemap index: the files that together list every story (each at most 50,000 URLs). */
export function renderSitemapIndex(fileUrls: string[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
    fileUrls.map((url) => `<sitemap>${element('loc', url)}</sitemap>`).join('') +
    '</sitemapindex>\n'
  )
}

export function renderSitemap(entries: { url: string; lastModified: string | null }[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
    entries.map((entry) => `<url>${element('loc', entry.url)}${element('lastmod', entry.lastModified)}</url>`).join('') +
    '</urlset>\n'
  )
}
