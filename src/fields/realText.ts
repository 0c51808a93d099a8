// "Is this real text?": the one rule for names, titles, alt text and credit parts, shared by the fields that
// refuse invisible-only input and by the credit line and the publish gate that must not trust older rows.
import type { TextFieldSingleValidation } from 'payload'
import { text as payloadTextValidation } from 'payload/shared'

/**
 * Characters a reader cannot see on their own: Unicode's White_Space and Default_Ignorable_Code_Point properties
 * (zero-width spaces and joiners, word joiner, byte-order mark, Hangul fillers, the Mongolian vowel separator,
 * the combining grapheme joiner, soft hyphen, variation selectors, tags...), control characters, and combining
 * marks, which decorate a letter but are none. Properties rather than a hand list, so new code points are covered.
 */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}]/u
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{M}]/u
const INVISIBLE_AT_ENDS = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}]+|[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}]+$/gu
const WHITE_SPACE_RUN = /\p{White_Space}+/gu

/** True when the value is a string with at least one character a reader can see. */
export const isRealText = (value: unknown): value is string => typeof value === 'string' && VISIBLE.test(value)

const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu')

/** The characters a reader can see, for comparing two spellings ("kadyrov\u200b.jpg" is "kadyrov.jpg"). */
export const withoutInvisibleCharacters = (value: string): string => value.replace(INVISIBLE_ALL, '')

/**
 * Text as it is shown: runs of any white space become one space, invisible characters at either end go (a
 * zero-width joiner inside a name can be part of its spelling and stays), and text with nothing visible is null.
 */
export function visibleTextOrNull(value: unknown): string | null {
  if (!isRealText(value)) return null
  return value.replace(WHITE_SPACE_RUN, ' ').replace(INVISIBLE_AT_ENDS, '')
}

/** Long enough for any name or title; bounds what the rule and the database are asked to look at. */
export const MAX_NAME_LENGTH = 1000

const capitalized = (label: string) => label.charAt(0).toUpperCase() + label.slice(1)

/**
 * A field validation for text that people read: a name, a title, the description of an image. `label` names
 * the field in the message ("the organization’s name"). Optional fields may be left empty (null or ""); text
 * that is there must be visible. Payload's own checks (required, lengths) run too.
 */
export function realTextValidation(label: string, { maxLength = MAX_NAME_LENGTH }: { maxLength?: number } = {}): TextFieldSingleValidation {
  return (value, options) => {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return `${capitalized(label)} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}.`
    }
    const isEmpty = value === undefined || value === null || value === ''
    if (!isEmpty && !isRealText(value)) {
      return options.required
        ? `${capitalized(label)} is required and must have visible characters, not only spaces or invisible characters such as zero-width spaces.`
        : `${capitalized(label)} has no visible characters, only spaces or invisible characters such as zero-width spaces. Write it out, or leave it empty.`
    }
    const limit = options.maxLength ?? maxLength
    if (typeof value === 'string' && value.length > limit) {
      return `${capitalized(label)} is ${value.length.toLocaleString('en')} characters long; keep it to ${limit.toLocaleString('en')}.`
    }
    if (isEmpty && options.required) return `${capitalized(label)} is required. Write it out in letters or digits.`
    return payloadTextValidation(value, { ...options, maxLength: limit })
  }
}
