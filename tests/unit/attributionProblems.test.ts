import {
  ATTRIBUTION_RULES,
  findAttributionProblems,
  isRealAltText,
  summarizeProblems,
  type MediaFacts,
} from '../../src/publishGate/attributionProblems'
import { collectStoryReferences, type ImageUse } from '../../src/collections/Articles/storyReferences'

const now = new Date('2026-03-01T12:00:00Z')

const credited = { id: 1, licenseExpiresAt: null }

const photo = (facts: Partial<MediaFacts> & { id: number | string }): MediaFacts => ({
  filename: 'kadyrov.jpg',
  alt: 'Chechen leader Ramzan Kadyrov at a rally in Grozny',
  credit: credited,
  ...facts,
})

const library = (...media: MediaFacts[]) => new Map(media.map((m) => [String(m.id), m]))

const check = (uses: ImageUse[], ...media: MediaFacts[]) =>
  findAttributionProblems({ imageUses: uses, media: library(...media), now })

const messages = (uses: ImageUse[], ...media: MediaFacts[]) => check(uses, ...media).map((p) => p.message)

describe('isRealAltText', () => {
  it('accepts a description of the image', () => {
    expect(isRealAltText({ alt: 'Protesters outside the Duma', filename: 'IMG_2041.jpg' })).toBe(true)
  })

  it.each([
    ['empty', ''],
    ['whitespace', '  \n\t '],
    ['null', null],
    ['undefined', undefined],
  ])('treats %s alt text as missing', (_, alt) => {
    expect(isRealAltText({ alt, filename: 'IMG_2041.jpg' })).toBe(false)
  })

  it('treats the file name as missing alt text', () => {
    expect(isRealAltText({ alt: 'IMG_2041.jpg', filename: 'IMG_2041.jpg' })).toBe(false)
  })

  it('treats the file name without extension as missing alt text', () => {
    expect(isRealAltText({ alt: 'IMG_2041', filename: 'IMG_2041.jpg' })).toBe(false)
  })

  it.each(['img-2041', 'img 2041', 'Img_2041.JPG', ' IMG2041 ', 'img - 2041'])(
    'ignores case, dashes, underscores and spaces when comparing %p with the file name',
    (alt) => {
      expect(isRealAltText({ alt, filename: 'IMG_2041.jpg' })).toBe(false)
    },
  )

  it('treats any bare image file name as missing alt text, even one that is not this file’s', () => {
    expect(isRealAltText({ alt: 'DSC_0001.JPG', filename: 'kadyrov-1.jpg' })).toBe(false)
    expect(isRealAltText({ alt: 'photo.webp' })).toBe(false)
  })

  it('accepts text that merely contains the file name or a full stop', () => {
    expect(isRealAltText({ alt: 'IMG_2041 shows a protest', filename: 'IMG_2041.jpg' })).toBe(true)
    expect(isRealAltText({ alt: 'Police detain a protester. Moscow, 2025', filename: 'IMG_2041.jpg' })).toBe(true)
  })

  it('accepts any real text when the file name is unknown', () => {
    expect(isRealAltText({ alt: 'A protest', filename: null })).toBe(true)
    expect(isRealAltText({ alt: 'A protest' })).toBe(true)
  })

  it('keeps a file name with several dots apart from its extension', () => {
    expect(isRealAltText({ alt: 'rally.2025.03', filename: 'rally.2025.03.jpg' })).toBe(false)
    expect(isRealAltText({ alt: 'rally.2025', filename: 'rally.2025.03.jpg' })).toBe(true)
  })
})

describe('findAttributionProblems', () => {
  it('finds nothing wrong with credited, described, licensed images', () => {
    const uses = [
      { mediaId: 12, location: 'hero image' },
      { mediaId: 13, location: 'body, image 1' },
    ]
    const future = { id: 2, licenseExpiresAt: '2027-01-01T00:00:00.000Z' }
    expect(check(uses, photo({ id: 12 }), photo({ id: 13, credit: future }))).toEqual([])
  })

  it('finds nothing in a story without images', () => {
    expect(check([])).toEqual([])
  })

  it('refuses an image without a photo credit and says what to do', () => {
    const problems = check([{ mediaId: 12, location: 'body, image 2' }], photo({ id: 12, credit: null, alt: null }))
    expect(problems).toEqual([
      {
        mediaId: 12,
        filename: 'kadyrov.jpg',
        alt: null,
        location: 'body, image 2',
        missing: ['credit', 'alt'],
        message:
          'Image "kadyrov.jpg" (media 12, body, image 2) has no photo credit and no real alt text; ' +
          'add a photo credit and write alt text that describes the image.',
      },
    ])
  })

  it('names the alt text, media id and location of an image without a credit', () => {
    expect(messages([{ mediaId: 12, location: 'hero image' }], photo({ id: 12, credit: undefined }))).toEqual([
      'Image "kadyrov.jpg" ("Chechen leader Ramzan Kadyrov at a rally in Grozny", media 12, hero image) ' +
        'has no photo credit; add a photo credit.',
    ])
  })

  it('refuses alt text that is only the file name, and shows it', () => {
    const problems = check([{ mediaId: 12, location: 'social image' }], photo({ id: 12, alt: 'kadyrov' }))
    expect(problems[0].missing).toEqual(['alt'])
    expect(problems[0].message).toBe(
      'Image "kadyrov.jpg" ("kadyrov", media 12, social image) has no real alt text; ' +
        'write alt text that describes the image.',
    )
  })

  it('refuses an image whose licence has expired, and gives the expiry date', () => {
    const expired = { id: 3, licenseExpiresAt: '2026-01-31T00:00:00.000Z' }
    const problems = check([{ mediaId: 12, location: 'calls-to-action block' }], photo({ id: 12, credit: expired }))
    expect(problems[0].missing).toEqual(['license'])
    expect(problems[0].message).toBe(
      'Image "kadyrov.jpg" ("Chechen leader Ramzan Kadyrov at a rally in Grozny", media 12, calls-to-action block) ' +
        'has an expired licence; renew or replace the licence (expired 2026-01-31).',
    )
  })

  it('accepts the expiry as a Date as well as a string', () => {
    const expired = { id: 3, licenseExpiresAt: new Date('2025-12-24T10:00:00Z') }
    expect(messages([{ mediaId: 12, location: 'hero image' }], photo({ id: 12, credit: expired }))[0]).toContain(
      '(expired 2025-12-24)',
    )
  })

  it('treats a licence as expired from the moment it expires, and valid until then', () => {
    const at = (licenseExpiresAt: string) => photo({ id: 12, credit: { id: 3, licenseExpiresAt } })
    const use = [{ mediaId: 12, location: 'hero image' }]
    expect(check(use, at('2026-03-01T11:59:59.999Z'))).toHaveLength(1)
    expect(check(use, at('2026-03-01T12:00:00.000Z'))).toHaveLength(1)
    expect(check(use, at('2026-03-01T12:00:00.001Z'))).toEqual([])
  })

  it('does not judge a licence date it cannot read', () => {
    const unreadable = photo({ id: 12, credit: { id: 3, licenseExpiresAt: 'soon' } })
    expect(check([{ mediaId: 12, location: 'hero image' }], unreadable)).toEqual([])
  })

  it('reports every problem at once, not the first only', () => {
    const problems = check(
      [{ mediaId: 12, location: 'body, image 3' }],
      photo({ id: 12, alt: 'IMG_2041', filename: 'IMG_2041.jpg', credit: { id: 3, licenseExpiresAt: '2026-01-31' } }),
    )
    expect(problems).toHaveLength(1)
    expect(problems[0].missing).toEqual(['alt', 'license'])

    const all = check(
      [{ mediaId: 12, location: 'body, image 3' }],
      photo({ id: 12, alt: ' ', filename: 'IMG_2041.jpg', credit: null }),
      photo({ id: 13 }),
    )
    expect(all[0].missing).toEqual(['credit', 'alt'])
  })

  it('checks credit, then alt text, then the licence, then the AI disclosure, and lists them in that order', () => {
    expect(ATTRIBUTION_RULES.map((rule) => rule.missing)).toEqual(['credit', 'alt', 'license', 'disclosure'])
    const expiredAndUndescribed = {
      id: 12,
      filename: 'IMG_2041.jpg',
      alt: '',
      credit: { id: 3, licenseExpiresAt: '2026-01-31' },
    }
    expect(messages([{ mediaId: 12, location: 'hero image' }], expiredAndUndescribed)).toEqual([
      'Image "IMG_2041.jpg" (media 12, hero image) has no real alt text and an expired licence; ' +
        'write alt text that describes the image and renew or replace the licence (expired 2026-01-31).',
    ])
  })

  it('asks for a disclosure on a picture its file marks as AI-generated, and accepts one written', () => {
    const generated = {
      id: 14,
      filename: 'crowd.jpg',
      alt: 'An illustration of a crowd at night',
      credit: { id: 3 },
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
    }
    expect(messages([{ mediaId: 14, location: 'hero image' }], generated)).toEqual([
      'Image "crowd.jpg" ("An illustration of a crowd at night", media 14, hero image) has a file marked ' +
        '“compositeWithTrainedAlgorithmicMedia” (AI-generated or composite) and no disclosure for readers; write the AI or ' +
        'composite disclosure readers will see next to the credit line, or choose another image.',
    ])
    expect(messages([{ mediaId: 14, location: 'hero image' }], { ...generated, aiDisclosure: '\u200b ' })).toHaveLength(1)
    expect(messages([{ mediaId: 14, location: 'hero image' }], { ...generated, aiDisclosure: 'Made with AI.' })).toEqual([])
  })

  it('reports each use of the same image, with its own location', () => {
    const uses = [
      { mediaId: 12, location: 'hero image' },
      { mediaId: 12, location: 'body, image 1' },
      { mediaId: 13, location: 'body, image 2' },
      { mediaId: 12, location: 'social image' },
    ]
    const problems = check(uses, photo({ id: 12, credit: null }), photo({ id: 13 }))
    expect(problems.map((p) => p.location)).toEqual(['hero image', 'body, image 1', 'social image'])
  })

  it('says an image no longer exists when its media row is gone', () => {
    const problems = check([{ mediaId: 99, location: 'gallery 2, image 4' }])
    expect(problems).toEqual([
      {
        mediaId: 99,
        filename: null,
        alt: null,
        location: 'gallery 2, image 4',
        missing: ['credit'],
        message:
          'Image media 99 (gallery 2, image 4) no longer exists; remove it from the story or choose another image.',
      },
    ])
  })

  it('names an image by its media id when it has no file name', () => {
    expect(
      messages([{ mediaId: 12, location: 'hero image' }], photo({ id: 12, filename: null, credit: null })),
    ).toEqual([
      'Image media 12 ("Chechen leader Ramzan Kadyrov at a rally in Grozny", hero image) ' +
        'has no photo credit; add a photo credit.',
    ])
  })

  it('finds media by id whether the id arrives as a number or a string', () => {
    const media = library(photo({ id: 12, credit: null }))
    const problems = findAttributionProblems({ imageUses: [{ mediaId: '12', location: 'hero image' }], media, now })
    expect(problems[0].missing).toEqual(['credit'])
    expect(problems[0].message).toContain('media 12')
  })

  it('shortens a very long alt text in the message but keeps it whole in the problem', () => {
    const alt = `A crowd gathers ${'in the rain '.repeat(20)}`.trim()
    const problems = check([{ mediaId: 12, location: 'hero image' }], photo({ id: 12, alt, credit: null }))
    expect(problems[0].alt).toBe(alt)
    expect(problems[0].message).toMatch(
      /^Image "kadyrov\.jpg" \("A crowd gathers in the rain .{40,}…", media 12, hero image\)/,
    )
    expect(problems[0].message.length).toBeLessThan(alt.length + 60)
  })

  it('writes one sentence per image, each ending with a period', () => {
    const uses = [
      { mediaId: 1, location: 'hero image' },
      { mediaId: 2, location: 'body, image 1' },
      { mediaId: 3, location: 'social image' },
    ]
    const all = messages(uses, photo({ id: 1, credit: null }), photo({ id: 2, alt: '' }))
    expect(all).toHaveLength(3)
    for (const message of all) {
      expect(message).toMatch(/^Image .*\.$/)
      expect(message.slice(0, -1)).not.toMatch(/[.;:]\s+[A-Z]/)
    }
  })

  it('checks a whole story as the publish gate will', () => {
    const story = {
      heroImage: { id: 1 },
      body: {
        root: {
          type: 'root',
          children: [
            { type: 'upload', relationTo: 'media', value: 2 },
            {
              type: 'block',
              fields: { blockType: 'callsToActionList', image: 3, callsToAction: [7] },
            },
          ],
        },
      },
      socialImage: 1,
    }
    const { imageUses } = collectStoryReferences(story)
    const media = library(
      photo({ id: 1 }),
      photo({ id: 2, filename: 'IMG_2041.jpg', alt: 'img-2041', credit: null }),
      photo({
        id: 3,
        filename: 'petition.png',
        alt: 'Petition signatures',
        credit: { id: 4, licenseExpiresAt: '2026-02-01' },
      }),
    )
    const summary = summarizeProblems(findAttributionProblems({ imageUses, media, now }))
    expect(summary).toBe(
      '2 images are not ready to publish: ' +
        'Image "IMG_2041.jpg" ("img-2041", media 2, body, image 1) has no photo credit and no real alt text; ' +
        'add a photo credit and write alt text that describes the image. ' +
        'Image "petition.png" ("Petition signatures", media 3, calls-to-action block) has an expired licence; ' +
        'renew or replace the licence (expired 2026-02-01).',
    )
  })
})

describe('summarizeProblems', () => {
  const problem = (message: string) => ({
    mediaId: 1,
    filename: null,
    alt: null,
    location: 'hero image',
    missing: ['credit' as const],
    message,
  })

  it('says nothing when there is nothing wrong', () => {
    expect(summarizeProblems([])).toBe('')
  })

  it('speaks of one image in the singular', () => {
    expect(summarizeProblems([problem('A.')])).toBe('1 image is not ready to publish: A.')
  })

  it('counts several images and lists every message in order', () => {
    expect(summarizeProblems([problem('A.'), problem('B.'), problem('C.')])).toBe(
      '3 images are not ready to publish: A. B. C.',
    )
  })
})
