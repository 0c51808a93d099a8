// Reads a plain-text story (paragraphs separated by blank lines, an optional Title:/Dek:/Author: header,
// caption lines that end with a photo credit, "Here's how you can help" lists) into structured content.
// Pure: the importer turns the result into Payload documents.
import { type ParsedCredit, parseCaptionLine } from './captionParser'
import { type CallToActionItem, readCallToActionItem } from './callsToAction'
import type { OrganizationDirectory } from './organizationDirectory'
import { visibleTextOrNull } from '../fields/realText'

export type StoryImage = {
  /** 1-based, in reading order: "photo 3" of the story. */
  number: number
  line: string
  caption: string | null
  credit: ParsedCredit
  creditText: string
}

export type StoryItem =
  | { type: 'paragraph'; text: string }
  | ({ type: 'image' } & StoryImage)
  | { type: 'callsToAction'; heading: string; items: CallToActionItem[] }

export type ParsedStory = {
  title: string
  /** False when the title is a working title taken from the first sentence. */
  hasHeadline: boolean
  dek: string | null
  authors: string[]
  items: StoryItem[]
  /** Listed organizations named in the text (not in photo credits), in first-seen order. */
  organizations: string[]
  warnings: string[]
}

const WORKING_TITLE_LENGTH = 120

const HEADER_LINE = /^(title|dek|author|authors)\s*:\s*(.*)$/i
const LIST_MARKER = /^\s*(?:[•▪●◦*-]|\d{1,2}[.)])\s+/
// "Here's how you can help", "Here's what you can do", "This is what you can do this very moment".
const LEAD_IN = /^(?:here['’]?s|here is|this is)\s+(?:how|what)\s+you\s+can\b/i
// A sentence ends at . ! ? (and closing quotes) before a capital, a digit or an opening quote:
// "U.S. representatives" and "Russia ... there's" stay one sentence.
const SENTENCE_BREAK = /(?<=[.!?]["'”’)]*)\s+(?=[\p{Lu}\p{N}"“‘(@])/u

export const splitSentences = (text: string): string[] =>
  text
    .split(SENTENCE_BREAK)
    .map((sentence) => sentence.trim())
    .filter(Boolean)

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim()

const splitBlocks = (text: string): string[][] =>
  text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00a0]*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)

type Header = { title: string | null; dek: string | null; authors: string[] }

const readHeader = (lines: string[]): Header | null => {
  const fields = lines.map((line) => HEADER_LINE.exec(line.trim()))
  if (fields.some((field) => field === null)) return null
  const header: Header = { title: null, dek: null, authors: [] }
  for (const field of fields as RegExpExecArray[]) {
    const [, name, value] = field
    const text = collapse(value)
    if (!text) continue
    if (/^title$/i.test(name)) header.title = text
    else if (/^dek$/i.test(name)) header.dek = text
    else header.authors.push(...text.split(/\s*(?:,|\band\b|&)\s*/).filter(Boolean))
  }
  return header
}

const isListBlock = (lines: string[]) => LIST_MARKER.test(lines[0])

/** The items of a list block: a line with a marker starts an item, other lines continue it. */
const listItems = (lines: string[]): string[] =>
  lines.reduce<string[]>((items, line) => {
    if (LIST_MARKER.test(line) || items.length === 0) return [...items, collapse(line.replace(LIST_MARKER, ''))]
    items[items.length - 1] = collapse(`${items[items.length - 1]} ${line}`)
    return items
  }, [])

const workingTitle = (text: string): string => {
  const sentence = (splitSentences(text)[0] ?? text).replace(/[.:;,\s]+$/, '')
  if (sentence.length <= WORKING_TITLE_LENGTH) return sentence
  const cut = sentence.slice(0, WORKING_TITLE_LENGTH)
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length)}…`
}

const headingOf = (leadIn: string) => leadIn.replace(/[.:;,!\s]+$/, '')

/** A headline and dek an editor wrote for a story file, kept beside it (`headlines.json`): they win over the file's own. */
export type StoryHeadline = { title?: string; dek?: string }

export function parseStory({ text, directory, headline }: { text: string; directory: OrganizationDirectory; headline?: StoryHeadline }): ParsedStory {
  const blocks = splitBlocks(text)
  const fileHeader = blocks.length > 0 ? readHeader(blocks[0]) : null
  if (fileHeader) blocks.shift()
  const written = visibleTextOrNull
  const header: Header | null =
    written(headline?.title) || written(headline?.dek)
      ? {
          title: written(headline?.title) ?? fileHeader?.title ?? null,
          dek: written(headline?.dek) ?? fileHeader?.dek ?? null,
          authors: fileHeader?.authors ?? [],
        }
      : fileHeader

  const items: StoryItem[] = []
  const warnings: string[] = []
  let imageCount = 0

  for (let index = 0; index < blocks.length; index++) {
    const lines = blocks[index]
    const joined = collapse(lines.join(' '))

    const caption = lines.length === 1 ? parseCaptionLine(joined) : null
    if (caption) {
      imageCount += 1
      items.push({ type: 'image', number: imageCount, line: joined, ...caption })
      continue
    }

    const [leadIn, ...rest] = isListBlock(lines) ? [] : splitSentences(joined)
    if (leadIn && LEAD_IN.test(leadIn)) {
      // Either the actions follow in the same paragraph ("Here's how you can act. Follow …. Sign ….")
      // or as a list in the next blocks.
      let actionTexts = rest
      if (actionTexts.length === 0) {
        while (index + 1 < blocks.length && isListBlock(blocks[index + 1])) {
          index += 1
          actionTexts = [...actionTexts, ...listItems(blocks[index])]
        }
      }
      if (actionTexts.length > 0) {
        items.push({
          type: 'callsToAction',
          heading: headingOf(leadIn),
          items: actionTexts.flatMap((actionText) => readCallToActionItem({ text: actionText, directory })),
        })
        continue
      }
      warnings.push(`“${headingOf(leadIn)}” is not followed by a list of actions, so it stays a paragraph.`)
    }

    if (isListBlock(lines)) {
      for (const item of listItems(lines)) items.push({ type: 'paragraph', text: item })
      continue
    }
    items.push({ type: 'paragraph', text: joined })
  }

  const firstParagraph = items.find((item) => item.type === 'paragraph')
  const title = header?.title ?? (firstParagraph ? workingTitle(firstParagraph.text) : 'Untitled story')
  if (!header?.title) {
    warnings.unshift(`This story needs a headline: “${title}” is a working title taken from its first sentence.`)
  }

  const proseOf = (item: StoryItem): string[] => {
    if (item.type === 'paragraph') return [item.text]
    if (item.type === 'image') return item.caption ? [item.caption] : []
    return [item.heading, ...item.items.map((action) => action.text)]
  }
  const organizations = Array.from(
    new Set(
      [header?.dek ?? '', ...items.flatMap(proseOf)].flatMap((prose) =>
        directory.mentionsIn(prose).map((mention) => mention.entry.name),
      ),
    ),
  )

  return {
    title,
    hasHeadline: Boolean(header?.title),
    dek: header?.dek ?? null,
    authors: header?.authors ?? [],
    items,
    organizations,
    warnings,
  }
}

export const storyImages = (story: ParsedStory): StoryImage[] =>
  story.items.flatMap((item) => (item.type === 'image' ? [item] : []))

export const storyCallsToAction = (story: ParsedStory): CallToActionItem[] =>
  story.items.flatMap((item) => (item.type === 'callsToAction' ? item.items : []))
