import { collectStoryReferences } from '../../src/collections/Articles/storyReferences'
import { idOf } from '../../src/fields/relationIds'

// Node builders in the shapes Payload 3's Lexical editor stores.
const text = (value: string) => ({
  type: 'text',
  version: 1,
  text: value,
  format: 0,
  detail: 0,
  mode: 'normal',
  style: '',
})
const paragraph = (...children: unknown[]) => ({ type: 'paragraph', version: 1, format: '', indent: 0, children })
const heading = (...children: unknown[]) => ({ type: 'heading', tag: 'h2', version: 1, children })
const quote = (...children: unknown[]) => ({ type: 'quote', version: 1, children })
const list = (...items: unknown[][]) => ({
  type: 'list',
  listType: 'bullet',
  version: 1,
  children: items.map((children, i) => ({ type: 'listitem', value: i + 1, version: 1, children })),
})
const upload = (value: unknown, relationTo = 'media') => ({
  type: 'upload',
  version: 3,
  format: '',
  id: `node-${String(idOf(value))}`,
  fields: { caption: 'A caption' },
  relationTo,
  value,
})
const block = (fields: Record<string, unknown>, type = 'block') => ({
  type,
  version: 2,
  format: '',
  fields: { id: 'block-id', blockName: '', ...fields },
})
const ctaBlock = (fields: { image?: unknown; callsToAction?: unknown }) =>
  block({ blockType: 'callsToActionList', heading: "Here's how you can help", ...fields })
const gallery = (...images: unknown[]) =>
  block({ blockType: 'gallery', images: images.map((image, i) => ({ id: `row-${i}`, image, caption: 'Caption' })) })
const link = (doc: unknown, linkType = 'internal', type = 'link') => ({
  type,
  version: 3,
  fields: { linkType, doc, newTab: false, url: '' },
  children: [text('a link')],
})
const orgLink = (value: unknown) => link({ relationTo: 'organizations', value })
const body = (...children: unknown[]) => ({
  root: { type: 'root', version: 1, format: '', indent: 0, direction: 'ltr', children },
})

const locations = (story: Parameters<typeof collectStoryReferences>[0]) =>
  collectStoryReferences(story).imageUses.map((use) => `${use.location}: ${use.mediaId}`)

describe('collectStoryReferences', () => {
  it('finds nothing in an empty story', () => {
    expect(collectStoryReferences({})).toEqual({
      imageUses: [],
      imageIds: [],
      callsToActionIds: [],
      organizationIds: [],
    })
  })

  it('lists the hero image first, the body in document order and the social image last', () => {
    const story = {
      socialImage: 9,
      heroImage: 1,
      body: body(paragraph(text('Intro')), upload(2), paragraph(upload(3)), upload(4)),
    }
    expect(locations(story)).toEqual([
      'hero image: 1',
      'body, image 1: 2',
      'body, image 2: 3',
      'body, image 3: 4',
      'social image: 9',
    ])
    expect(collectStoryReferences(story).imageIds).toEqual([1, 2, 3, 4, 9])
  })

  it('reads ids and populated documents alike', () => {
    const populated = collectStoryReferences({
      heroImage: { id: 1, filename: 'a.jpg' } as { id: number },
      socialImage: { id: 2 },
      body: body(
        upload({ id: 3, alt: 'x' }),
        ctaBlock({ image: { id: 4 }, callsToAction: [{ id: 5, title: 'Sign' }, 6] }),
        paragraph(orgLink({ id: 7, name: 'Memorial' })),
      ),
    })
    const byId = collectStoryReferences({
      heroImage: 1,
      socialImage: 2,
      body: body(upload(3), ctaBlock({ image: 4, callsToAction: [5, 6] }), paragraph(orgLink(7))),
    })
    expect(populated).toEqual(byId)
    expect(byId).toEqual({
      imageUses: [
        { mediaId: 1, location: 'hero image' },
        { mediaId: 3, location: 'body, image 1' },
        { mediaId: 4, location: 'calls-to-action block' },
        { mediaId: 2, location: 'social image' },
      ],
      imageIds: [1, 3, 4, 2],
      callsToActionIds: [5, 6],
      organizationIds: [7],
    })
  })

  it('keeps string ids as they are', () => {
    const refs = collectStoryReferences({ heroImage: 'a1b2', body: body(upload({ id: 'c3' })) })
    expect(refs.imageIds).toEqual(['a1b2', 'c3'])
  })

  it('finds images nested in paragraphs, lists, quotes, headings and links', () => {
    const story = {
      body: body(
        quote(upload(1)),
        list([text('one')], [paragraph(upload(2))]),
        heading(upload(3)),
        paragraph(link({ relationTo: 'organizations', value: 8 })),
        paragraph({ ...orgLink(9), children: [upload(4)] }),
      ),
    }
    expect(locations(story)).toEqual(['body, image 1: 1', 'body, image 2: 2', 'body, image 3: 3', 'body, image 4: 4'])
    expect(collectStoryReferences(story).organizationIds).toEqual([8, 9])
  })

  it('ignores upload nodes that point at collections other than media', () => {
    const story = { body: body(upload(1, 'documents'), upload(2), upload(3, 'documents'), upload(4)) }
    expect(locations(story)).toEqual(['body, image 1: 2', 'body, image 2: 4'])
  })

  it('keeps image numbers in step with the body when an upload node has lost its value', () => {
    const story = { body: body(upload(null), upload(5)) }
    expect(locations(story)).toEqual(['body, image 2: 5'])
  })

  describe('the calls-to-action block', () => {
    it('collects an image inside a calls-to-action block', () => {
      expect(locations({ body: body(ctaBlock({ image: 12, callsToAction: [] })) })).toEqual([
        'calls-to-action block: 12',
      ])
    })

    it('collects its calls to action in their order', () => {
      const refs = collectStoryReferences({ body: body(ctaBlock({ callsToAction: [4, 3, { id: 10 }] })) })
      expect(refs.callsToActionIds).toEqual([4, 3, 10])
      expect(refs.imageUses).toEqual([])
    })

    it('numbers the second and later blocks, and does not number block images as body images', () => {
      const story = {
        body: body(
          upload(1),
          ctaBlock({ image: 12, callsToAction: [3] }),
          ctaBlock({ callsToAction: [4] }),
          ctaBlock({ image: 13, callsToAction: [3, 5] }),
          upload(2),
        ),
      }
      expect(locations(story)).toEqual([
        'body, image 1: 1',
        'calls-to-action block: 12',
        'calls-to-action block 3: 13',
        'body, image 2: 2',
      ])
      expect(collectStoryReferences(story).callsToActionIds).toEqual([3, 4, 5])
    })

    it('handles it as an inline block too', () => {
      const inline = block({ blockType: 'callsToActionList', image: 12, callsToAction: [3] }, 'inlineBlock')
      const refs = collectStoryReferences({ body: body(paragraph(text('Help: '), inline)) })
      expect(refs.imageUses).toEqual([{ mediaId: 12, location: 'calls-to-action block' }])
      expect(refs.callsToActionIds).toEqual([3])
    })
  })

  describe('the gallery block', () => {
    it('collects every gallery image, numbered within its gallery', () => {
      const story = { body: body(gallery(5, { id: 6 }), upload(1), gallery(7)) }
      expect(locations(story)).toEqual([
        'gallery, image 1: 5',
        'gallery, image 2: 6',
        'body, image 1: 1',
        'gallery 2, image 1: 7',
      ])
    })

    it('numbers images by their row, so an empty row does not shift the numbers', () => {
      expect(locations({ body: body(gallery(5, null, 7)) })).toEqual(['gallery, image 1: 5', 'gallery, image 3: 7'])
    })

    it('skips malformed gallery rows', () => {
      const broken = block({ blockType: 'gallery', images: [null, 'row', { caption: 'no image' }, { image: 8 }] })
      expect(locations({ body: body(broken, block({ blockType: 'gallery', images: 'nope' })) })).toEqual([
        'gallery, image 4: 8',
      ])
    })
  })

  it('ignores blocks it does not know', () => {
    const refs = collectStoryReferences({ body: body(block({ blockType: 'pullQuote', image: 3, callsToAction: [1] })) })
    expect(refs).toEqual({ imageUses: [], imageIds: [], callsToActionIds: [], organizationIds: [] })
  })

  describe('organization links', () => {
    it('collects organizations from internal links and autolinks', () => {
      const refs = collectStoryReferences({
        body: body(
          paragraph(
            orgLink(7),
            text(' and '),
            link({ relationTo: 'organizations', value: { id: 8 } }, 'internal', 'autolink'),
          ),
        ),
      })
      expect(refs.organizationIds).toEqual([7, 8])
    })

    it('ignores custom links, even with a stale document left on them', () => {
      const refs = collectStoryReferences({
        body: body(paragraph(link({ relationTo: 'organizations', value: 7 }, 'custom'))),
      })
      expect(refs.organizationIds).toEqual([])
    })

    it('ignores internal links to other collections', () => {
      const refs = collectStoryReferences({ body: body(paragraph(link({ relationTo: 'articles', value: 3 }))) })
      expect(refs.organizationIds).toEqual([])
    })

    it('collects organizations mentioned through relationship nodes', () => {
      const mention = { type: 'relationship', version: 2, format: '', relationTo: 'organizations', value: { id: 11 } }
      const other = { type: 'relationship', version: 2, format: '', relationTo: 'articles', value: 12 }
      expect(collectStoryReferences({ body: body(mention, other) }).organizationIds).toEqual([11])
    })

    it('lists each organization once, in first-mention order', () => {
      const refs = collectStoryReferences({
        body: body(paragraph(orgLink(7), orgLink(8), orgLink({ id: 7 }), orgLink('8'))),
      })
      expect(refs.organizationIds).toEqual([7, 8])
    })
  })

  describe('duplicated images', () => {
    it('reports every use of an image but lists its id once', () => {
      const refs = collectStoryReferences({
        heroImage: 10,
        body: body(upload(10), gallery({ id: 10 }), ctaBlock({ image: 10, callsToAction: [] })),
        socialImage: 10,
      })
      expect(refs.imageUses.map((use) => use.location)).toEqual([
        'hero image',
        'body, image 1',
        'gallery, image 1',
        'calls-to-action block',
        'social image',
      ])
      expect(refs.imageIds).toEqual([10])
    })

    it('treats a numeric id and its string form as the same image', () => {
      expect(collectStoryReferences({ heroImage: 10, socialImage: '10' }).imageIds).toEqual([10])
    })
  })

  describe('malformed input', () => {
    it.each([
      ['a null body', null],
      ['a string body', 'not lexical'],
      ['a body without root', {}],
      ['a null root', { root: null }],
      ['a root without children', { root: { type: 'root' } }],
      ['children that are not an array', { root: { type: 'root', children: { 0: upload(1) } } }],
      ['an array body', [upload(1)]],
    ])('tolerates %s', (_, value) => {
      expect(collectStoryReferences({ heroImage: 1, body: value }).imageIds).toEqual([1])
    })

    it('skips nodes that are not objects and keeps reading the rest', () => {
      const story = { body: body(null, 42, 'text', undefined, [upload(99)], paragraph(null, upload(2)), upload(3)) }
      expect(locations(story)).toEqual(['body, image 1: 2', 'body, image 2: 3'])
    })

    it('skips nodes with broken fields', () => {
      const story = {
        body: body(
          { type: 'block' },
          { type: 'block', fields: null },
          { type: 'block', fields: { blockType: 42 } },
          { type: 'inlineBlock', fields: 'x' },
          ctaBlock({ image: 'm-1', callsToAction: 'not a list' }),
          ctaBlock({ image: { name: 'no id' }, callsToAction: [null, {}, { id: null }, '', 4] }),
          { type: 'link' },
          { type: 'link', fields: { linkType: 'internal', doc: 'x' } },
          { type: 'upload', relationTo: 'media' },
          { type: 'upload', relationTo: 'media', value: { id: { nested: 1 } } },
          { type: 'upload', relationTo: 'media', value: Number.NaN },
          { type: 42, children: [upload(5)] },
        ),
      }
      const refs = collectStoryReferences(story)
      expect(refs.imageUses).toEqual([
        { mediaId: 'm-1', location: 'calls-to-action block' },
        { mediaId: 5, location: 'body, image 4' },
      ])
      expect(refs.callsToActionIds).toEqual([4])
      expect(refs.organizationIds).toEqual([])
    })

    it('is not fooled by node types named like built-in object properties', () => {
      const story = {
        body: body(
          { type: 'constructor', children: [upload(1)] },
          { type: 'toString' },
          { type: '__proto__' },
          block({ blockType: 'hasOwnProperty' }),
        ),
      }
      expect(locations(story)).toEqual(['body, image 1: 1'])
    })

    it('ignores hero and social images it cannot read', () => {
      const refs = collectStoryReferences({ heroImage: { id: undefined } as never, socialImage: '' })
      expect(refs.imageUses).toEqual([])
    })

    it('visits a node shared twice in memory only once and does not loop on cycles', () => {
      const shared = upload(1)
      const root: { type: string; children: unknown[] } = { type: 'root', children: [shared, shared] }
      root.children.push(root)
      expect(locations({ body: { root } })).toEqual(['body, image 1: 1'])
    })

    it('reads a body nested ten thousand levels deep without overflowing the stack', () => {
      let node: Record<string, unknown> = upload(1)
      for (let i = 0; i < 10_000; i++) node = quote(node)
      expect(locations({ body: body(node) })).toEqual(['body, image 1: 1'])
    })
  })

  it('walks a 200-image body in one linear pass', () => {
    const children = Array.from({ length: 200 }, (_, i) =>
      paragraph(
        text(`Paragraph ${i}`),
        upload(i + 1),
        orgLink(i % 10),
        i % 50 === 0 ? ctaBlock({ image: 1000 + i, callsToAction: [i] }) : text(''),
      ),
    )
    const story = { heroImage: 1, body: body(...children), socialImage: 200 }

    const started = performance.now()
    const refs = collectStoryReferences(story)
    const elapsed = performance.now() - started

    expect(refs.imageUses).toHaveLength(1 + 200 + 4 + 1)
    expect(refs.imageUses.filter((use) => use.location.startsWith('body, ')).at(-1)).toEqual({
      mediaId: 200,
      location: 'body, image 200',
    })
    expect(refs.imageUses.at(-1)).toEqual({ mediaId: 200, location: 'social image' })
    expect(refs.imageIds).toHaveLength(204)
    expect(refs.organizationIds).toHaveLength(10)
    expect(refs.callsToActionIds).toEqual([0, 50, 100, 150])
    // Milliseconds in practice; the bound only catches an accidental quadratic walk.
    expect(elapsed).toBeLessThan(100)
  })

  it('stays linear on a 20,000-image body', () => {
    const story = { body: body(...Array.from({ length: 20_000 }, (_, i) => paragraph(upload(i)))) }
    const started = performance.now()
    const refs = collectStoryReferences(story)
    expect(refs.imageIds).toHaveLength(20_000)
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
