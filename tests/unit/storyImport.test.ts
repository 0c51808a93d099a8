import fs from 'node:fs'
import path from 'node:path'

import { inferKind, readCallToActionItem } from '../../src/import/callsToAction'
import { createNearDuplicateTracker, creditNames } from '../../src/import/creditNames'
import { generateStory } from '../../src/import/generateStories'
import { createOrganizationDirectory, type OrganizationEntry } from '../../src/import/organizationDirectory'
import { type ParsedStory, parseStory, storyCallsToAction, storyImages } from '../../src/import/parseStory'

const SEED = path.resolve('content/seed/stories')
const directory = createOrganizationDirectory(
  JSON.parse(fs.readFileSync('content/organizations.json', 'utf8')) as OrganizationEntry[],
)
const seedFiles = fs.readdirSync(SEED).sort()
const seed: Record<string, ParsedStory> = Object.fromEntries(
  seedFiles.map((name) => [name, parseStory({ text: fs.readFileSync(path.join(SEED, name), 'utf8'), directory })]),
)
const [bakaev, france, biden, careAboutChechnya] = seedFiles.map((name) => seed[name])

const actions = (story: ParsedStory) => storyCallsToAction(story).map(({ kind, organization, title }) => [kind, organization, title])

describe('the seed, split per story', () => {
  it('has the four stories of stories.txt, with the pre-order appeal kept out of them', () => {
    expect(seedFiles).toEqual([
      '01-zelimkhan-bakaev.txt',
      '02-france-takes-in-chechen-refugees.txt',
      '03-biden-on-lgbtq-rights-abroad.txt',
      '04-you-should-care-about-chechnya.txt',
    ])
    const all = seedFiles.map((name) => fs.readFileSync(path.join(SEED, name), 'utf8')).join('\n')
    expect(all).not.toContain('pre-ordering a copy of our first book')
  })

  it('keeps every caption line of the seed: 18 photos, as many as "Photo by" lines', () => {
    const photoByLines = fs.readFileSync('content/seed/stories.txt', 'utf8').match(/Photo by/g)!.length
    const images = seedFiles.flatMap((name) => storyImages(seed[name]))
    expect(photoByLines).toBe(18)
    expect(images).toHaveLength(18)
    expect(seedFiles.map((name) => storyImages(seed[name]).length)).toEqual([7, 4, 3, 4])
  })
})

describe('parseStory on the seed', () => {
  it('reads the Title: and Dek: header of the one story that has a headline', () => {
    expect(careAboutChechnya.title).toBe("Trump's been silent; Putin's shrugged it off. But you should care about Chechnya.")
    expect(careAboutChechnya.dek).toBe("Chechnya wants to 'eliminate' its gay population by the end of May. We can't sit back and watch.")
    expect(careAboutChechnya.hasHeadline).toBe(true)
    expect(careAboutChechnya.warnings).toEqual([])
  })

  it('gives a story without a headline a working title from its first sentence, and a warning', () => {
    expect(france.title).toBe("What's happening in Chechnya right now is horrifying")
    expect(france.hasHeadline).toBe(false)
    expect(france.warnings[0]).toMatch(/needs a headline/)
    // A long first sentence is shortened at a word.
    expect(bakaev.title).toBe('Mourners huddled near Stonewall National Monument in New York City on January 24 to remember a beloved Russian pop star…')
    expect(biden.warnings[0]).toMatch(/needs a headline/)
  })

  it('turns caption lines into images with the caption and the parsed credit, in place', () => {
    const [first, second, third] = storyImages(bakaev)
    expect(first).toMatchObject({ number: 1, caption: null, credit: { photographer: 'Aaron Hooper', courtesyOf: 'RUSA LGBT' } })
    expect(second.number).toBe(2)
    expect(third).toMatchObject({
      caption: 'Chechen leader Ramzan Kadyrov.',
      credit: { photographer: 'Alexander Nemenov', agencies: ['AFP', 'Getty Images'] },
    })
    // The first image sits after the two opening paragraphs.
    expect(bakaev.items.slice(0, 3).map((item) => item.type)).toEqual(['paragraph', 'paragraph', 'image'])
    expect(storyImages(biden)[0].credit).toEqual({ photographer: 'Olivier Douliery', isPool: true, agencies: ['Getty Images'], courtesyOf: null })
  })

  it('keeps the prose verbatim, paragraph by paragraph', () => {
    const paragraphs = careAboutChechnya.items.flatMap((item) => (item.type === 'paragraph' ? [item.text] : []))
    expect(paragraphs[0]).toBe(
      "If you've found it difficult to engage with the horrifying news coming out of Chechnya regarding the arrests and abuses of queer men there, you're not alone.",
    )
    expect(paragraphs).toContain('This news was — and is — terrifyingly real.')
  })

  it('turns "Here\'s how you can act." and the actions after it into a calls-to-action block', () => {
    const block = bakaev.items.find((item) => item.type === 'callsToAction')!
    expect(block).toMatchObject({ type: 'callsToAction', heading: 'Here\'s how you can act' })
    expect(actions(bakaev)).toEqual([
      ['follow', 'Voices 4', 'Follow and support Voices 4'],
      ['follow', 'RUSA LGBT', 'Follow and support RUSA LGBT'],
      ['follow', 'Russian LGBT Network', 'Follow and support the Russian LGBT Network'],
      ['petition', 'Russian LGBT Network', 'Sign the Russian LGBT Network’s petition'],
      ['contact-representatives', null, 'Call your representatives'],
    ])
  })

  it('turns a bulleted list after "Here\'s how you can help:" into calls to action with kinds and organizations', () => {
    expect(actions(france)).toEqual([
      ['follow', 'Russian LGBT Network', 'Follow and support the Russian LGBT Network'],
      ['contact-representatives', null, 'Call your representatives'],
      ['petition', 'OutRight Action International', 'Sign OutRight Action International’s petition'],
      ['social', 'U.S. State Department', 'Speak up on social media'],
      ['other', null, 'Refuse to stay silent'],
    ])
    expect(storyCallsToAction(france)[3].handles).toEqual(['@realDonaldTrump', '@POTUS', '@WhiteHouse', '@StateDept'])
  })

  it('reads numbered lists after "Here\'s what you can you can do" and "This is what you can do"', () => {
    expect(actions(biden).map(([kind, organization]) => [kind, organization])).toEqual([
      ['follow', 'Russian LGBT Network'],
      ['follow', 'Organization for Refuge, Asylum, and Migration'],
      ['follow', 'Human Rights Campaign'],
      ['follow', 'National Center for Transgender Equality'],
    ])
    expect(actions(careAboutChechnya)).toEqual([
      ['petition', 'OutRight Action International', 'Sign OutRight Action International’s petition'],
      ['donate', 'Russian LGBT Network', 'Donate to the Russian LGBT Network'],
      ['social', 'OutRight Action International', 'Speak up on social media'],
      ['contact-representatives', null, 'Call your representatives'],
      ['other', null, 'Refuse to stay silent'],
    ])
  })

  it('links the organizations each story names, from the list kept in the repo', () => {
    expect(bakaev.organizations).toEqual([
      'The New York Times',
      'Novaya Gazeta',
      'Russian LGBT Network',
      'Radio Free Europe/Radio Liberty',
      'The Guardian',
      'HBO',
      'Voices 4',
      'RUSA LGBT',
    ])
    expect(careAboutChechnya.organizations).toContain('OutRight Action International')
  })

  it('reports the near-duplicate credit names of the seed, and nothing else', () => {
    const tracker = createNearDuplicateTracker()
    const pairs = seedFiles.flatMap((name) => storyImages(seed[name]).flatMap((image) => tracker.add(creditNames(image.credit))))
    expect(pairs.map(({ a, b }) => [a, b])).toEqual([
      ['Geoffrey Van Der Hasselt', 'Geoffroy Van Der Hasselt'],
    ])
  })
})

describe('story format beyond the seed', () => {
  it('takes the headline and dek written for a file over its working title, and no longer asks for a headline', () => {
    const text = 'First sentence of a story without a header. More text.\n\nSecond paragraph.'
    const story = parseStory({ text, directory, headline: { title: 'A real headline', dek: 'A real dek.' } })
    expect(story).toMatchObject({ title: 'A real headline', hasHeadline: true, dek: 'A real dek.' })
    expect(story.warnings.filter((warning) => warning.includes('needs a headline'))).toEqual([])
    // Blank entries change nothing: the working title and its warning stay.
    const blank = parseStory({ text, directory, headline: { title: ' \u200b', dek: '' } })
    expect(blank.hasHeadline).toBe(false)
  })

  it('keeps the file’s own dek when the data gives only a headline', () => {
    const story = parseStory({ text: 'Title: Old\nDek: The file’s dek.\n\nBody.', directory, headline: { title: 'New headline' } })
    expect(story).toMatchObject({ title: 'New headline', dek: 'The file’s dek.' })
  })

  it('reads Author: lines and warns about a lead-in without a list', () => {
    const story = parseStory({
      text: "Title: A headline\nAuthor: Ana Ruiz and Bo Li\n\nFirst paragraph.\n\nHere's how you can help:\n\nThe end.",
      directory,
    })
    expect(story.authors).toEqual(['Ana Ruiz', 'Bo Li'])
    expect(story.warnings).toEqual(["“Here's how you can help” is not followed by a list of actions, so it stays a paragraph."])
  })

  it('matches organizations case-insensitively, but short common words only as written', () => {
    expect(directory.mentionsIn('we spoke to AMNESTY INTERNATIONAL and outright').map((m) => m.entry.name)).toEqual([
      'Amnesty International',
      'OutRight Action International',
    ])
    expect(directory.mentionsIn('a shell company').map((m) => m.entry.name)).toEqual([])
  })

  it('infers the kind of an action from its first telling verb', () => {
    expect(inferKind({ text: 'You candonate to the group.', hasOrganization: true })).toBe('donate')
    expect(inferKind({ text: 'Tag your friends.', hasOrganization: false })).toBe('social')
    expect(inferKind({ text: 'Write to your senators.', hasOrganization: false })).toBe('contact-representatives')
    expect(inferKind({ text: 'The group does great work.', hasOrganization: true })).toBe('follow')
    expect(readCallToActionItem({ text: 'Post with #LoveIsLove.', directory })[0].hashtags).toEqual(['#LoveIsLove'])
  })

  it('generates the same story for the same index, with photos from the shared pool', () => {
    expect(generateStory({ index: 7 })).toBe(generateStory({ index: 7 }))
    const story = parseStory({ text: generateStory({ index: 8, photoPoolSize: 10 }), directory })
    expect(story.hasHeadline).toBe(true)
    expect(storyImages(story)).toHaveLength(3)
  })
})
