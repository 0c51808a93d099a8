// The newsroom's house credit line ("Photo by Alexander Nemenov/AFP/Getty Images."), rendered from the
// parts of a photo credit. Pure: the photo-credits collection and the API output both call it.

import { visibleTextOrNull } from '../../fields/realText'

export type CreditParts = {
  photographer?: string | null
  isPool?: boolean | null
  agencies?: (string | null | undefined)[] | null
  courtesyOf?: string | null
}

type CleanCreditParts = {
  photographer: string | null
  isPool: boolean
  agencies: string[]
  courtesyOf: string | null
}

// Editors paste names from wires and captions, so stray and doubled spaces are common; a name with nothing
// visible (spaces, zero-width characters) credits no one, whenever the row was written.
const cleanName = (name: string | null | undefined): string | null =>
  // Rows from before text fields refused other types may hold a number; render it as text too.
  visibleTextOrNull(typeof name === 'number' ? String(name) : name)

const cleanParts = ({ photographer, isPool, agencies, courtesyOf }: CreditParts): CleanCreditParts => ({
  photographer: cleanName(photographer),
  isPool: isPool === true,
  agencies: (agencies ?? []).map(cleanName).filter((agency): agency is string => agency !== null),
  courtesyOf: cleanName(courtesyOf),
})

// Wire photographers shooting for a pool are credited "Name-Pool"; a name typed with the suffix already
// must not become "Name-Pool-Pool".
const withPoolSuffix = ({ photographer, isPool }: { photographer: string; isPool: boolean }): string =>
  isPool && !/-\s*pool$/i.test(photographer) ? `${photographer}-Pool` : photographer

// A name such as "Reuters Inc." already closes the sentence.
const endSentence = (text: string): string => (text.endsWith('.') ? text : `${text}.`)

export function hasAttributionParts(parts: CreditParts): boolean {
  const { photographer, agencies, courtesyOf } = cleanParts(parts)
  return photographer !== null || agencies.length > 0 || courtesyOf !== null
}

export function formatCreditLine(parts: CreditParts): string | null {
  const { photographer, isPool, agencies, courtesyOf } = cleanParts(parts)
  // The pool flag says how the photographer is credited; without a photographer there is no one to flag.
  const byline = [...(photographer ? [withPoolSuffix({ photographer, isPool })] : []), ...agencies].join('/')

  if (byline && courtesyOf) return endSentence(`Photo by ${byline}, courtesy of ${courtesyOf}`)
  if (byline) return endSentence(`Photo by ${byline}`)
  if (courtesyOf) return endSentence(`Photo courtesy of ${courtesyOf}`)
  return null
}
