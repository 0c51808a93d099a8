// The reader site's pure rules: which addresses can name a story or a preview, which images may be drawn, which
// links readers may follow.
import { readableSlug, readableStoryId, readableToken, storyPath } from '../../src/readerSite/addresses'
import { safeHref } from '../../src/readerSite/safeHref'
import { isShowableImage } from '../../src/readerSite/showableImage'
import type { RenderedImage } from '../../src/publicApi/renderStory'
import { itAnswersNullForEach } from '../helpers/answersNull'

describe('readableSlug', () => {
  it('accepts a plain slug and a percent-encoded unicode one', () => {
    expect(readableSlug('food-bank-opens')).toBe('food-bank-opens')
    expect(readableSlug('caf%C3%A9-%F0%9F%94%A5')).toBe('café-🔥')
  })

  itAnswersNullForEach({
    title: 'refuses %s',
    read: readableSlug,
    cases: [
      ['empty', ''],
      ['not a string', 42],
      ['huge', 'a'.repeat(20_000)],
      ['just over the limit', 'a'.repeat(201)],
      ['broken percent-encoding', '%E0%A4%A'],
      ['a climbing path', '..'],
      ['an encoded climbing path', '..%2F..%2Fetc%2Fpasswd'],
      ['a backslash', '..%5Cwindows'],
      ['a null byte', 'story%00'],
      ['invisible characters only', '%E2%80%8B%E2%80%8B'],
      ['wrapped in invisible characters', '%E2%80%8Bstory%E2%80%8B'],
      ['a bidi override', 'story%E2%80%AEevil'],
      ['surrounding spaces', '%20story%20'],
    ],
  })

  it('round-trips through storyPath', () => {
    const slug = 'café & co'
    expect(readableSlug(storyPath(slug).split('/').pop())).toBe(slug)
  })
})

describe('readableToken and readableStoryId', () => {
  it('accept what the server issues', () => {
    expect(readableToken('Q2hhbmdlIG1lIHBsZWFzZSBub3c_-1234')).toBe('Q2hhbmdlIG1lIHBsZWFzZSBub3c_-1234')
    expect(readableStoryId('17')).toBe(17)
  })

  it.each(["%3Cscript%3E'%22", 'short', 'b'.repeat(65), '..', 'a%2Fbcdefghijklmnopq'])('refuses the token %s', (raw) => {
    expect(readableToken(raw)).toBeNull()
  })

  it.each(['0', '-1', '1e9999', '01', '1.5', '99999999999999999999', '1%20or%201=1', ''])('refuses the story id %s', (raw) => {
    expect(readableStoryId(raw)).toBeNull()
  })
})

const image = (overrides: Partial<RenderedImage> = {}): RenderedImage => ({
  id: 1,
  url: '/api/media/file/photo.jpg',
  alt: 'Volunteers stack crates',
  caption: null,
  creditLine: 'Photo by Maria Okafor.',
  disclosure: null,
  width: 960,
  height: 540,
  mimeType: 'image/jpeg',
  focalPoint: null,
  sizes: {},
  ...overrides,
})

describe('isShowableImage', () => {
  it('draws an image with a url, real alt text and a credit line', () => {
    expect(isShowableImage(image())).toBe(true)
  })

  it.each([
    ['no image', null],
    ['no credit line', image({ creditLine: null })],
    ['a credit line of invisible characters', image({ creditLine: '\u200B \u2060' })],
    ['no alt text', image({ alt: '' })],
    ['alt text of spaces and zero-width characters', image({ alt: ' \u200B\uFEFF ' })],
    ['no file', image({ url: null })],
  ])('refuses %s', (_name, candidate) => {
    expect(isShowableImage(candidate)).toBe(false)
  })
})

describe('safeHref', () => {
  it('keeps web, mail and site-relative links', () => {
    expect(safeHref('https://rusa.example.org/sign')).toBe('https://rusa.example.org/sign')
    expect(safeHref('mailto:desk@example.org')).toBe('mailto:desk@example.org')
    expect(safeHref('/articles/a-story')).toBe('/articles/a-story')
  })

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>', '//evil.example', '/\\evil.example', 'not a url', '', null, 42])('drops %p', (value) => {
    expect(safeHref(value)).toBeNull()
  })
})
