// "Is this real text?": the one rule for names, titles, alt text and credit parts, shared by the fields that
// refuse invisible-only input and by the credit line and the publish gate that must not trust older rows.
// Pure, and free of Payload imports: the admin's live credit-line preview runs it in the browser.

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
