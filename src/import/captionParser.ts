// Reads the caption lines of plain-text stories ("Chechen leader Ramzan Kadyrov. Photo by Alexander
// Nemenov/AFP/Getty Images.") into a caption and the parts of a photo credit, for importing old stories.

export type ParsedCredit = {
  photographer: string | null
  isPool: boolean
  agencies: string[]
  courtesyOf: string | null
}

export type ParsedCaption = {
  caption: string | null
  credit: ParsedCredit
  creditText: string
}

export type NearDuplicateNames = { a: string; b: string; reason: string }

// A credit written "Photo by Sipa/AP." has no photographer: its first name is an agency. Only the first
// name of a byline is checked against this list; every later name is an agency wherever it appears.
export const KNOWN_AGENCIES: readonly string[] = [
  'AFP',
  'Agence France-Presse',
  'Anadolu Agency',
  'AP',
  'Associated Press',
  'Bloomberg',
  'EPA',
  'EPA-EFE',
  'Getty Images',
  'Kremlin Pool',
  'NurPhoto',
  'Pacific Press',
  'Reuters',
  'Shutterstock',
  'Sipa',
  'Sipa USA',
  'SOPA Images',
  'Sputnik',
  'TASS',
  'WireImage',
  'Xinhua',
]

// Names that keep their period when they end a credit sentence ("Photo by Reuters Inc.").
const ABBREVIATION_AT_END = /\b(?:inc|ltd|co|corp|jr|sr)\.$/i

const cleanText = (text: string): string => text.replace(/\s+/g, ' ').trim()

// Case, punctuation and spacing are how the same name gets typed differently ("AFP/Getty Images",
// "AFP Getty Images", "Getty images").
const comparisonKey = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')

const knownAgencyKeys = new Set(KNOWN_AGENCIES.map(comparisonKey))

export function isKnownAgency(name: string): boolean {
  return knownAgencyKeys.has(comparisonKey(name))
}

const emptyCredit = (): ParsedCredit => ({ photographer: null, isPool: false, agencies: [], courtesyOf: null })

const splitChain = (chain: string): string[] => chain.split('/').map(cleanText).filter((name) => name !== '')

const readPoolSuffix = (name: string): { photographer: string; isPool: boolean } => {
  const pool = /^(.*\S)\s*-\s*pool$/i.exec(name)
  return pool ? { photographer: pool[1], isPool: true } : { photographer: name, isPool: false }
}

const readChain = (chain: string): Pick<ParsedCredit, 'photographer' | 'isPool' | 'agencies'> | null => {
  const names = splitChain(chain)
  if (names.length === 0) return null
  const [first, ...rest] = names
  if (isKnownAgency(first)) return { photographer: null, isPool: false, agencies: names }
  return { ...readPoolSuffix(first), agencies: rest }
}

// "<chain>[, courtesy of <org>]" or "courtesy of <org>". Any other comma means this is prose, not a credit.
const readByline = (body: string): ParsedCredit | null => {
  const courtesy = /^(?:(?<chain>[^,]*?)\s*,\s*)?courtesy\s+of\s+(?<org>[^,]+)$/i.exec(body)
  if (courtesy?.groups) {
    const courtesyOf = cleanText(courtesy.groups.org)
    if (courtesyOf === '') return null
    if (courtesy.groups.chain === undefined) return { ...emptyCredit(), courtesyOf }
    const chain = readChain(courtesy.groups.chain)
    return chain ? { ...chain, courtesyOf } : null
  }
  if (body.includes(',')) return null
  const chain = readChain(body)
  return chain ? { ...chain, courtesyOf: null } : null
}

const readCourtesy = (body: string): ParsedCredit | null => {
  const courtesyOf = cleanText(body)
  return courtesyOf === '' || courtesyOf.includes(',') ? null : { ...emptyCredit(), courtesyOf }
}

const readVia = (body: string): ParsedCredit | null => {
  if (body.includes(',')) return null
  const agencies = splitChain(body)
  return agencies.length === 0 ? null : { ...emptyCredit(), agencies }
}

// How a credit sentence may open, and how the rest of it is read. No two openers match the same text,
// so the order of the table carries no meaning.
const CREDIT_OPENERS: { opener: RegExp; read: (body: string) => ParsedCredit | null }[] = [
  { opener: /^photos?\s+by\s+/i, read: readByline },
  { opener: /^photo\s+courtesy\s+of\s+/i, read: readCourtesy },
  { opener: /^photo\s*:\s*/i, read: readByline },
  { opener: /^image\s+via\s+/i, read: readVia },
]

// A credit is one sentence: a word ending a sentence inside it ("Photo: the moment. It changed.") means
// prose. Initials ("A. Nemenov") and abbreviations ("Jr.") are not words of two lowercase letters.
const SENTENCE_END_INSIDE = /\p{Ll}{2,}[.!?]["'”’)\]]*\s/u

const dropFinalPeriod = (text: string): string =>
  ABBREVIATION_AT_END.test(text) ? text : text.replace(/\s*\.$/, '')

const readCreditSentence = (sentence: string): ParsedCredit | null => {
  if (SENTENCE_END_INSIDE.test(sentence)) return null
  for (const { opener, read } of CREDIT_OPENERS) {
    const match = opener.exec(sentence)
    if (match) return read(dropFinalPeriod(sentence.slice(match[0].length).trim()))
  }
  return null
}

// The credit starts the line or a sentence; a photo mentioned mid-sentence is prose.
const sentenceStarts = (line: string): number[] => [
  0,
  ...Array.from(line.matchAll(/[.!?]["'”’)\]]*\s+/g), (boundary) => boundary.index + boundary[0].length),
]

export function parseCaptionLine(line: string): ParsedCaption | null {
  const text = line.trim()
  if (text === '') return null
  // The credit is the last sentence, so the latest sentence that reads as a credit wins.
  for (const start of sentenceStarts(text).reverse()) {
    const creditText = text.slice(start).trim()
    const credit = readCreditSentence(creditText)
    if (credit) {
      const caption = cleanText(text.slice(0, start))
      return { caption: caption === '' ? null : caption, credit, creditText }
    }
  }
  return null
}

const levenshtein = ({ from, to }: { from: string; to: string }): number => {
  let previousRow = Array.from({ length: to.length + 1 }, (_, index) => index)
  for (let i = 1; i <= from.length; i++) {
    const row = [i]
    for (let j = 1; j <= to.length; j++) {
      const substitution = previousRow[j - 1] + (from[i - 1] === to[j - 1] ? 0 : 1)
      row[j] = Math.min(previousRow[j] + 1, row[j - 1] + 1, substitution)
    }
    previousRow = row
  }
  return previousRow[to.length]
}

// One typo per six letters of the shorter name: "Geoffrey"/"Geoffroy Van Der Hasselt" is a likely typo,
// while names under six letters ("AP" and "AFP") are too short for a near miss to mean anything.
const LETTERS_PER_TOLERATED_TYPO = 6

const compareNames = ({ a, b }: { a: string; b: string }): string | null => {
  const keyA = comparisonKey(a)
  const keyB = comparisonKey(b)
  if (keyA === '' || keyB === '') return null
  if (keyA === keyB) return 'The names differ only in case, punctuation or spacing.'
  const toleratedTypos = Math.floor(Math.min(keyA.length, keyB.length) / LETTERS_PER_TOLERATED_TYPO)
  if (toleratedTypos === 0 || Math.abs(keyA.length - keyB.length) > toleratedTypos) return null
  const distance = levenshtein({ from: keyA, to: keyB })
  if (distance > toleratedTypos) return null
  return `The names are ${distance === 1 ? 'one letter' : `${distance} letters`} apart, which looks like a typo.`
}

// Reports pairs for an editor to look at; merging organisations or credits is a person's decision.
export function findNearDuplicateNames(names: string[]): NearDuplicateNames[] {
  const distinct = Array.from(new Set(names.map(cleanText).filter((name) => name !== '')))
  return distinct.flatMap((a, index) =>
    distinct.slice(index + 1).flatMap((b) => {
      const reason = compareNames({ a, b })
      return reason ? [{ a, b, reason }] : []
    }),
  )
}
