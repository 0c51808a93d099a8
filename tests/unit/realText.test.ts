import { isRealText, visibleTextOrNull, withoutInvisibleCharacters } from '../../src/fields/realText'
import { realTextValidation } from '../../src/fields/realTextValidation'
import { isRealAltText, findAttributionProblems } from '../../src/publishGate/attributionProblems'
import { formatCreditLine, hasAttributionParts } from '../../src/collections/PhotoCredits/creditLine'

// Each alone has nothing a reader can see; none is in JavaScript's `\s` except tab and NBSP.
const INVISIBLE = {
  tab: '\t',
  'no-break space': '\u00a0',
  'zero-width space': '\u200b',
  'zero-width non-joiner': '\u200c',
  'zero-width joiner': '\u200d',
  'word joiner': '\u2060',
  'byte-order mark': '\ufeff',
  'Mongolian vowel separator': '\u180e',
  'Hangul filler': '\u3164',
  'halfwidth Hangul filler': '\uffa0',
  'Hangul choseong filler': '\u115f',
  'combining grapheme joiner': '\u034f',
  'soft hyphen': '\u00ad',
  'variation selector 16': '\ufe0f',
  'Arabic letter mark': '\u061c',
  'language tag': '\u{e0001}',
  'ideographic space': '\u3000',
  'line separator': '\u2028',
  'a lone combining acute accent': '\u0301',
  'a control character': '\u0001',
}

const MIXES = [
  ' \u200b\t\u00a0\u2060\ufeff ',
  '\u3164\u034f\u180e',
  '\u200b'.repeat(10_000),
  '\n\r\u2029\u200e\u200f',
]

describe('the “is real text” rule', () => {
  it.each(Object.entries(INVISIBLE))('finds nothing visible in %s alone, or three of them', (_name, character) => {
    expect(isRealText(character)).toBe(false)
    expect(isRealText(`${character}${character} ${character}`)).toBe(false)
    expect(visibleTextOrNull(character)).toBeNull()
  })

  it.each(MIXES.map((mix) => [JSON.stringify(mix).slice(0, 40), mix]))('finds nothing visible in the mix %s', (_label, mix) => {
    expect(isRealText(mix)).toBe(false)
  })

  it('accepts names in any script, with accents and joiners inside', () => {
    for (const name of ['Agence France-Presse', 'Ассошиэйтед Пресс', '共同通信', 'مصور', 'Ré\u0301my', 'क्\u200dष', '7', '👩\u200d💻']) {
      expect(isRealText(name)).toBe(true)
    }
  })

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 5, ['AFP'], { name: 'AFP' }, true]) expect(isRealText(value)).toBe(false)
  })

  it('shows text with white space runs as one space and invisible ends removed, keeping joiners inside', () => {
    expect(visibleTextOrNull('\u200b Aaron\u00a0\t Hooper \ufeff')).toBe('Aaron Hooper')
    expect(visibleTextOrNull('क्\u200dष')).toBe('क्\u200dष')
  })

  it('compares spellings without invisible characters', () => {
    expect(withoutInvisibleCharacters('kady\u200brov .jpg')).toBe('kadyrov.jpg')
  })
})

describe('the credit line and the gate use the same rule', () => {
  it.each(Object.entries(INVISIBLE))('renders no credit line for a photographer or agency of %s', (_name, character) => {
    expect(formatCreditLine({ photographer: character })).toBeNull()
    expect(formatCreditLine({ agencies: [character, ` ${character} `] })).toBeNull()
    expect(formatCreditLine({ courtesyOf: character })).toBeNull()
    expect(hasAttributionParts({ photographer: character, agencies: [character], courtesyOf: character })).toBe(false)
  })

  it('renders the visible parts only, never “Photo by ​.”', () => {
    expect(formatCreditLine({ photographer: '\u200b', agencies: ['\u3164', 'AFP'] })).toBe('Photo by AFP.')
    expect(formatCreditLine({ photographer: '\u2060Aaron Hooper\u200b', agencies: ['\ufeffAFP'] })).toBe('Photo by Aaron Hooper/AFP.')
  })

  it.each(Object.entries(INVISIBLE))('treats alt text of %s as missing', (_name, character) => {
    expect(isRealAltText({ alt: character, filename: 'vigil.jpg' })).toBe(false)
    expect(isRealAltText({ alt: `${character} ${character}`, filename: 'vigil.jpg' })).toBe(false)
  })

  it('sees a file name through invisible characters', () => {
    expect(isRealAltText({ alt: 'vig\u200bil', filename: 'vigil.jpg' })).toBe(false)
    expect(isRealAltText({ alt: '\u2060vigil.jpg', filename: 'other.jpg' })).toBe(false)
  })

  it('refuses a credit that names no one, as the gate sees rows written before the rule', () => {
    const problems = findAttributionProblems({
      imageUses: [{ mediaId: 7, location: 'hero image' }],
      media: new Map([
        ['7', { id: 7, filename: 'vigil.jpg', alt: 'A vigil', credit: { id: 3, parts: { photographer: '\u200b', agencies: ['\t'] } } }],
      ]),
      now: new Date(),
    })
    expect(problems).toHaveLength(1)
    expect(problems[0].missing).toEqual(['credit'])
    expect(problems[0].message).toMatch(/has a photo credit that names no one; name the photographer, agency or “courtesy of” organization/)
  })
})

describe('the field validation', () => {
  const t = (key: string) => key
  const options = (required: boolean, maxLength?: number) =>
    ({ required, maxLength, req: { payload: { config: {} }, t } }) as unknown as Parameters<ReturnType<typeof realTextValidation>>[1]

  it('refuses invisible-only text with a sentence naming the field, optional or required', () => {
    expect(realTextValidation('the alt text')('\u200b', options(false))).toMatch(/^The alt text has no visible characters.*Write it out, or leave it empty\.$/)
    expect(realTextValidation('the organization’s name')(' \t', options(true))).toMatch(/^The organization’s name is required and must have visible characters/)
  })

  it('lets optional text be left empty, and accepts real text', () => {
    for (const value of [undefined, null, '']) expect(realTextValidation('the alt text')(value as never, options(false))).toBe(true)
    expect(realTextValidation('the alt text')('Mourners at a vigil', options(false))).toBe(true)
  })

  it('refuses other types and overlong text with readable messages', () => {
    expect(realTextValidation('the name')(5 as never, options(true))).toBe('The name must be text, not number.')
    expect(realTextValidation('the name')(['AFP'] as never, options(true))).toBe('The name must be text, not a list.')
    expect(realTextValidation('the name')({ a: 1 } as never, options(true))).toBe('The name must be text, not object.')
    expect(realTextValidation('the headline')('x'.repeat(301), options(true, 300))).toBe('The headline is 301 characters long; keep it to 300.')
    expect(realTextValidation('the name')('x'.repeat(100_000), options(true))).toMatch(/100,000 characters long; keep it to 1,000\./)
  })
})
