// What the house writes into every file it serves for a photo (the original and every size), so the credit travels
// with a photo that is saved or shared: the house credit line, creator, copyright notice, usage terms and web
// statement (the photo's own, where its file states rights for that one picture, else its credit's), and the
// photo's own licensor, as XMP and as IPTC-IIM. Pure: the write-back job and its tests call it.
import { createHash } from 'node:crypto'

import { formatCreditLine } from '../../collections/PhotoCredits/creditLine'
import { visibleTextOrNull } from '../../fields/realText'

export type HouseMetadata = {
  creditLine: string | null
  creator: string | null
  copyrightNotice: string | null
  usageTerms: string | null
  webStatement: string | null
  /** The photo's own licensor (PLUS), where its file names one: absent otherwise, and then left as the file has it. */
  licensor?: string
}

/** Rights an agency stated for one picture in its file (read at upload, kept on the photo): they win over the credit's. */
export type PhotoRights = { usageTerms?: string | null; webStatement?: string | null; licensor?: string | null }

export type CreditFacts = {
  creditLine?: string | null
  photographer?: string | null
  pool?: boolean | null
  agencies?: (string | null | undefined)[]
  courtesyOf?: string | null
  license?: string | null
  /** Set by a person (or read from the agency's file at upload) where the credit has such fields: they win. */
  copyrightNotice?: string | null
  usageTerms?: string | null
  webStatement?: string | null
}

/**
 * IIM datasets have fixed maximum lengths in bytes (IPTC-IIM 4.2): 2:80 By-line 32, 2:110 Credit 32,
 * 2:116 Copyright Notice 128, 2:40 Special Instructions 256. XMP has no limit and always carries the full text;
 * IIM gets the text cut at a character boundary with an ellipsis, because a reader of old software is better served
 * by "Photo by Alexander Nemenov/AFP/G…" than by nothing.
 */
export const IIM_MAX_BYTES = { byLine: 32, credit: 32, copyrightNotice: 128, specialInstructions: 256 } as const

/** XMP and IIM can be written into these containers; the others (WebP, AVIF, GIF) have no place for IIM. */
export const FORMATS_WITH_IIM = new Set(['image/jpeg', 'image/png'])

/** The most we write for any one field: a credit line is a line, not a document. */
export const MAX_FIELD_CHARACTERS = 2000

/** One line of visible text, or null: newlines, tabs and runs of spaces become one space; controls are dropped. */
export function oneLine(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const flattened = value
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    // C0/C1 controls (other than the whitespace just folded) have no place in a credit and break some readers.
    .replace(/\p{Cc}/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim()
  const visible = visibleTextOrNull(flattened)
  if (!visible) return null
  return [...visible].slice(0, MAX_FIELD_CHARACTERS).join('')
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character, ending with "…" when cut. */
export function fitBytes(text: string, maxBytes: number): string {
  const encoder = new TextEncoder()
  if (encoder.encode(text).length <= maxBytes) return text
  const ellipsis = '…'
  const room = maxBytes - encoder.encode(ellipsis).length
  let fitted = ''
  let used = 0
  for (const character of text) {
    const size = encoder.encode(character).length
    if (used + size > room) break
    fitted += character
    used += size
  }
  return `${fitted.trimEnd()}${ellipsis}`
}

const ownerOf = (credit: CreditFacts): string | null => {
  const agencies = (credit.agencies ?? []).map(oneLine).filter((name): name is string => name !== null)
  return agencies.length ? agencies.join('/') : (oneLine(credit.photographer) ?? oneLine(credit.courtesyOf))
}

/** The usage terms the house states for each kind of licence, when the credit states none of its own. */
function usageTermsFor({ license, owner, houseName }: { license: string | null | undefined; owner: string | null; houseName: string }): string {
  switch (license) {
    case 'staff':
      return `Photo owned by ${houseName}. Not for reuse without written permission.`
    case 'agency':
      return `Licensed to ${houseName} for editorial use only. No reuse without a licence from ${owner ?? 'the agency'}.`
    case 'courtesy':
      return `Provided courtesy of ${owner ?? 'its owner'} for ${houseName}'s reporting only. Not for reuse.`
    case 'creative-commons':
      return `Used under a Creative Commons licence${owner ? ` from ${owner}` : ''}; see the web statement for its terms.`
    case 'public-domain':
      return 'No known copyright restrictions.'
    default:
      return `Published by ${houseName}. Not for reuse without permission.`
  }
}

function copyrightFor({ license, owner, houseName }: { license: string | null | undefined; owner: string | null; houseName: string }): string | null {
  if (license === 'public-domain') return 'Public domain'
  if (license === 'staff') return `© ${houseName}`
  return owner ? `© ${owner}` : null
}

/** The metadata the house writes for a photo with this credit (null fields are removed from the files). */
export function houseMetadataOf({
  credit,
  houseName,
  webStatementUrl,
  photo,
}: {
  credit: CreditFacts | null
  houseName: string
  /** Where readers learn how the photo may be used; a credit's own web statement wins, and the photo's over both. */
  webStatementUrl: string | null
  /** The photo's own rights, from its file. */
  photo?: PhotoRights | null
}): HouseMetadata {
  if (!credit) return { creditLine: null, creator: null, copyrightNotice: null, usageTerms: null, webStatement: null }
  const owner = ownerOf(credit)
  const creditLine =
    oneLine(credit.creditLine) ??
    oneLine(formatCreditLine({ photographer: credit.photographer, isPool: credit.pool, agencies: credit.agencies, courtesyOf: credit.courtesyOf }))
  return {
    creditLine,
    creator: oneLine(credit.photographer) ?? owner,
    copyrightNotice: oneLine(credit.copyrightNotice) ?? copyrightFor({ license: credit.license, owner, houseName }),
    usageTerms: oneLine(photo?.usageTerms) ?? oneLine(credit.usageTerms) ?? usageTermsFor({ license: credit.license, owner, houseName }),
    webStatement: oneLine(photo?.webStatement) ?? oneLine(credit.webStatement) ?? oneLine(webStatementUrl),
    ...(oneLine(photo?.licensor) ? { licensor: oneLine(photo?.licensor)! } : {}),
  }
}

export type ExiftoolTags = Record<string, string | string[] | null>

/**
 * The exiftool tags for one file. XMP carries every field in full; IIM (JPEG and PNG only) carries the credit
 * line, creator and copyright notice cut to their dataset's length, and the usage terms with the web statement
 * in 2:40 Special Instructions (IIM has no dataset for either; wire services put usage restrictions there).
 * A null removes the tag, so a file never keeps a credit the house no longer gives.
 */
export function exiftoolTagsFor(metadata: HouseMetadata, mimeType: string | null | undefined): ExiftoolTags {
  const tags: ExiftoolTags = {
    'XMP-photoshop:Credit': metadata.creditLine,
    'XMP-dc:Creator': metadata.creator ? [metadata.creator] : null,
    'XMP-dc:Rights': metadata.copyrightNotice,
    'XMP-xmpRights:UsageTerms': metadata.usageTerms,
    'XMP-xmpRights:WebStatement': metadata.webStatement,
    // A list of licensor structures (PLUS); written as exiftool's flattened name. Without one of the photo's own the
    // key is left out, so an agency's licensor in the original stays as sent.
    ...(metadata.licensor ? { 'XMP-plus:LicensorName': [metadata.licensor] } : {}),
  }
  if (!FORMATS_WITH_IIM.has(String(mimeType))) return tags
  const instructions = [metadata.usageTerms, metadata.webStatement].filter(Boolean).join(' ')
  return {
    ...tags,
    // Without 1:90 set to UTF-8, readers take IIM text as Latin-1 and garble every accent.
    'IPTC:CodedCharacterSet': 'UTF8',
    'IPTC:Credit': metadata.creditLine && fitBytes(metadata.creditLine, IIM_MAX_BYTES.credit),
    'IPTC:By-line': metadata.creator ? [fitBytes(metadata.creator, IIM_MAX_BYTES.byLine)] : null,
    'IPTC:CopyrightNotice': metadata.copyrightNotice && fitBytes(metadata.copyrightNotice, IIM_MAX_BYTES.copyrightNotice),
    'IPTC:SpecialInstructions': instructions ? fitBytes(instructions, IIM_MAX_BYTES.specialInstructions) : null,
  }
}

/** A fingerprint of what is written: the same metadata need not be written again. */
export function fingerprintOf(metadata: HouseMetadata): string {
  const ordered = [metadata.creditLine, metadata.creator, metadata.copyrightNotice, metadata.usageTerms, metadata.webStatement, metadata.licensor ?? null]
  // The version makes a change to the tag mapping above rewrite every file once.
  return createHash('sha256').update(JSON.stringify(['v2', ...ordered])).digest('hex')
}
