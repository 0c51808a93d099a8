// The story editor's aids: the link picker and the body's validation keep a story from linking to itself, and each
// image's lines in the editor say what readers will see under it, or what keeps it from being published.
import { creditLinesOf } from '../../src/lexical/creditLines'
import { linksToStoryItself, notThisStory, refuseLinksToItself } from '../../src/lexical/linksToItself'
import { paragraph, storyBody } from '../../src/lexical/lexicalBuilders'
import type { EditorialPanels, StoryImage } from '../../src/admin/articles/storyData'

const text = (value: string) => ({ type: 'text', version: 1, text: value, format: 0, style: '', mode: 'normal', detail: 0 })
const linkTo = (relationTo: string, value: unknown, label: string, linkType = 'internal') => ({
  type: 'link',
  version: 3,
  children: [text(label)],
  fields: { linkType, newTab: false, doc: { relationTo, value } },
})

describe('a story does not link to itself', () => {
  it('finds links to the story itself wherever they sit, by id or populated document, and nothing else', () => {
    const body = storyBody(
      paragraph('See ', linkTo('articles', 7, 'our earlier story'), ' and ', linkTo('articles', 8, 'another story'), '.'),
      { type: 'list', version: 1, children: [{ type: 'listitem', version: 1, children: [linkTo('articles', { id: 7, title: 'Populated' }, 'this one again')] }] },
      paragraph(linkTo('organizations', 7, 'an organization with the same id')),
      paragraph({ type: 'link', version: 3, children: [text('a web address')], fields: { linkType: 'custom', url: 'https://example.org/articles/7' } }),
    )
    expect(linksToStoryItself({ body, storyId: 7 })).toEqual(['our earlier story', 'this one again'])
    expect(linksToStoryItself({ body, storyId: '7' })).toEqual(['our earlier story', 'this one again'])
    expect(linksToStoryItself({ body, storyId: 9 })).toEqual([])
  })

  it('refuses such a body with a sentence that names the links and says what to do', () => {
    const body = storyBody(paragraph(linkTo('articles', 3, 'read more')))
    expect(refuseLinksToItself({ body, storyId: 3 })).toBe('The story links to itself (“read more”): link to another story, or remove the link.')
    expect(refuseLinksToItself({ body, storyId: 4 })).toBeNull()
  })

  it('names a link without visible text as such, and cuts a huge one short', () => {
    const body = storyBody(paragraph(linkTo('articles', 3, '\u200b ')), paragraph(linkTo('articles', 3, 'x'.repeat(5000))))
    const message = refuseLinksToItself({ body, storyId: 3 })!
    expect(message).toContain('a link without text')
    expect(message.length).toBeLessThan(300)
  })

  it.each([
    ['no body', null],
    ['a body that is not an object', 'text'],
    ['a root without children', { root: { type: 'root' } }],
    ['children that are not a list', { root: { type: 'root', children: { 0: linkTo('articles', 3, 'x') } } }],
    ['a link whose fields are missing', storyBody(paragraph({ type: 'link', children: [] }))],
  ])('finds nothing in %s, without throwing', (_, body) => {
    expect(linksToStoryItself({ body, storyId: 3 })).toEqual([])
  })

  it('stops walking a hostile body nested deeper than any editor makes', () => {
    let node: Record<string, unknown> = linkTo('articles', 3, 'deep')
    for (let depth = 0; depth < 5000; depth += 1) node = { type: 'paragraph', children: [node] }
    expect(linksToStoryItself({ body: { root: { type: 'root', children: [node] } }, storyId: 3 })).toEqual([])
  })

  it('finds nothing for a story not saved yet (no id to compare with)', () => {
    const body = storyBody(paragraph(linkTo('articles', 3, 'x')))
    for (const storyId of [undefined, null, '']) expect(linksToStoryItself({ body, storyId })).toEqual([])
  })

  it('filters the link picker’s stories to all but the one being edited, and leaves organizations alone', () => {
    const args = (relationTo: string, id: number | undefined) => ({ relationTo, id }) as Parameters<typeof notThisStory>[0]
    expect(notThisStory(args('articles', 12))).toEqual({ id: { not_equals: 12 } })
    expect(notThisStory(args('organizations', 12))).toBe(true)
    expect(notThisStory(args('articles', undefined))).toBe(true)
  })
})

describe('the lines under an image in the editor', () => {
  const image = (overrides: Partial<StoryImage> = {}): StoryImage => ({
    mediaId: 5,
    media: { id: 5, filename: 'vigil.jpg', caption: 'The photo’s default caption.', creditLine: 'Photo by Aaron Hooper/AP.' },
    locations: ['body, image 1'],
    missing: [],
    messages: [],
    ...overrides,
  })
  const panels = (images: StoryImage[]) => ({ images }) as EditorialPanels

  it('shows the story’s own caption over the photo’s default, then the credit line', () => {
    expect(creditLinesOf({ image: { mediaId: '5', caption: 'This story’s caption.' }, panels: panels([image()]) })).toEqual([
      { kind: 'caption', text: 'This story’s caption.' },
      { kind: 'line', text: 'Photo by Aaron Hooper/AP.' },
    ])
    expect(creditLinesOf({ image: { mediaId: '5', caption: null }, panels: panels([image()]) })[0]).toEqual({ kind: 'caption', text: 'The photo’s default caption.' })
  })

  it('treats a caption of spaces as none', () => {
    expect(creditLinesOf({ image: { mediaId: '5', caption: '   ' }, panels: panels([image({ media: { id: 5, caption: '  ' } })]) })).toEqual([])
  })

  it('says what is missing and that it blocks publishing, when the gate says so', () => {
    const uncredited = image({ media: { id: 5, filename: 'vigil.jpg' }, missing: ['credit', 'alt'] })
    expect(creditLinesOf({ image: { mediaId: '5', caption: null }, panels: panels([uncredited]) })).toEqual([
      { kind: 'missing', text: 'Missing: photo credit, alt text. Publishing is blocked until it is fixed.' },
    ])
  })

  it('says the credit line comes with the next save for an image inserted since the last one', () => {
    expect(creditLinesOf({ image: { mediaId: '99', caption: null }, panels: panels([image()]) })).toEqual([
      { kind: 'line', text: 'The credit line shows once the story is saved.' },
    ])
    expect(creditLinesOf({ image: { mediaId: '5', caption: null }, panels: null })).toEqual([{ kind: 'line', text: 'The credit line shows once the story is saved.' }])
  })
})
