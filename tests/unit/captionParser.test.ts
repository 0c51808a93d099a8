import path from 'node:path'
import { existsSync, readFileSync } from 'node:fs'

import {
  KNOWN_AGENCIES,
  findNearDuplicateNames,
  isKnownAgency,
  parseCaptionLine,
  type ParsedCaption,
} from '../../src/import/captionParser'
import { formatCreditLine } from '../../src/collections/PhotoCredits/creditLine'
import { itAnswersNullForEach } from '../helpers/answersNull'

type SeedCaption = { seedLine: number; line: string; expected: ParsedCaption }

const credit = (parts: Partial<ParsedCaption['credit']>): ParsedCaption['credit'] => ({
  photographer: null,
  isPool: false,
  agencies: [],
  courtesyOf: null,
  ...parts,
})

// Every line of the seed stories that contains "Photo by", written out by hand: the seed is the style guide.
const SEED_CAPTIONS: SeedCaption[] = [
  {
    seedLine: 9,
    line: 'Photo by Aaron Hooper, courtesy of RUSA LGBT.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Aaron Hooper', courtesyOf: 'RUSA LGBT' }),
      creditText: 'Photo by Aaron Hooper, courtesy of RUSA LGBT.',
    },
  },
  {
    seedLine: 23,
    line: 'Photo by Aaron Hooper, courtesy of RUSA LGBT.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Aaron Hooper', courtesyOf: 'RUSA LGBT' }),
      creditText: 'Photo by Aaron Hooper, courtesy of RUSA LGBT.',
    },
  },
  {
    seedLine: 33,
    line: 'Chechen leader Ramzan Kadyrov. Photo by Alexander Nemenov/AFP/Getty Images.',
    expected: {
      caption: 'Chechen leader Ramzan Kadyrov.',
      credit: credit({ photographer: 'Alexander Nemenov', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photo by Alexander Nemenov/AFP/Getty Images.',
    },
  },
  {
    seedLine: 45,
    line: 'Russian officials arrest a pro-LGBTQ rights demonstrator in Moscow in 2015. Photo by Dmitry Serebryakov/AFP Getty Images.',
    expected: {
      caption: 'Russian officials arrest a pro-LGBTQ rights demonstrator in Moscow in 2015.',
      credit: credit({ photographer: 'Dmitry Serebryakov', agencies: ['AFP Getty Images'] }),
      creditText: 'Photo by Dmitry Serebryakov/AFP Getty Images.',
    },
  },
  {
    seedLine: 57,
    line: 'Photo by Curto de la Torre/AFP/Getty Images.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Curto de la Torre', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photo by Curto de la Torre/AFP/Getty Images.',
    },
  },
  {
    seedLine: 67,
    line: 'Photo by Aaron Hooper, courtesy of RUSA LGBT.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Aaron Hooper', courtesyOf: 'RUSA LGBT' }),
      creditText: 'Photo by Aaron Hooper, courtesy of RUSA LGBT.',
    },
  },
  {
    seedLine: 71,
    line: 'Photo by Aaron Hooper, courtesy of RUSA LGBT.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Aaron Hooper', courtesyOf: 'RUSA LGBT' }),
      creditText: 'Photo by Aaron Hooper, courtesy of RUSA LGBT.',
    },
  },
  {
    seedLine: 93,
    line: 'Russian police arrest activists at an LGBTQ rights protest in Moscow in 2015. Photo by Dmitry Serebryakov/AFP/Getty Images.',
    expected: {
      caption: 'Russian police arrest activists at an LGBTQ rights protest in Moscow in 2015.',
      credit: credit({ photographer: 'Dmitry Serebryakov', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photo by Dmitry Serebryakov/AFP/Getty Images.',
    },
  },
  {
    seedLine: 107,
    line: 'Activists with Amnesty International hold a sign that reads "Stop homophobia in Chechnya" in Paris. Photo by Geoffrey Van Der Hasselt/AFP/Getty Images.',
    expected: {
      caption: 'Activists with Amnesty International hold a sign that reads "Stop homophobia in Chechnya" in Paris.',
      credit: credit({ photographer: 'Geoffrey Van Der Hasselt', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photo by Geoffrey Van Der Hasselt/AFP/Getty Images.',
    },
  },
  {
    seedLine: 117,
    line: 'Photo by Geoffroy Van Der Hasselt/AFP/Getty Images.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Geoffroy Van Der Hasselt', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photo by Geoffroy Van Der Hasselt/AFP/Getty Images.',
    },
  },
  {
    seedLine: 125,
    line: 'Photo by Mandel Ngan/AFP/Getty Images.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Mandel Ngan', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photo by Mandel Ngan/AFP/Getty Images.',
    },
  },
  {
    seedLine: 143,
    line: 'Photo by Olivier Douliery-Pool/Getty Images.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Olivier Douliery', isPool: true, agencies: ['Getty Images'] }),
      creditText: 'Photo by Olivier Douliery-Pool/Getty Images.',
    },
  },
  {
    seedLine: 153,
    line: 'Photo by Craig Ruttle/AP.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Craig Ruttle', agencies: ['AP'] }),
      creditText: 'Photo by Craig Ruttle/AP.',
    },
  },
  {
    seedLine: 175,
    line: 'Photo by Mandel Ngan/AFP/Getty Images.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Mandel Ngan', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photo by Mandel Ngan/AFP/Getty Images.',
    },
  },
  {
    seedLine: 186,
    line: 'A rally in Paris was held in support of gay and bisexual Chechen men on April 20, 2017. Photo by Sipa/AP.',
    expected: {
      caption: 'A rally in Paris was held in support of gay and bisexual Chechen men on April 20, 2017.',
      credit: credit({ agencies: ['Sipa', 'AP'] }),
      creditText: 'Photo by Sipa/AP.',
    },
  },
  {
    seedLine: 194,
    line: 'Head of the Chechen Republic Ramzan Kadyrov. Photo by Said Tzarnaev/Sputnik/AP.',
    expected: {
      caption: 'Head of the Chechen Republic Ramzan Kadyrov.',
      credit: credit({ photographer: 'Said Tzarnaev', agencies: ['Sputnik', 'AP'] }),
      creditText: 'Photo by Said Tzarnaev/Sputnik/AP.',
    },
  },
  {
    seedLine: 202,
    line: "Russian President Vladimir Putin (right) shakes hands with Chechnya's Ramzan Kadyrov in Moscow on April 19, 2017. Photo by Alexei Druzhinin/Sputnik/Kremlin Pool/AP.",
    expected: {
      caption:
        "Russian President Vladimir Putin (right) shakes hands with Chechnya's Ramzan Kadyrov in Moscow on April 19, 2017.",
      credit: credit({ photographer: 'Alexei Druzhinin', agencies: ['Sputnik', 'Kremlin Pool', 'AP'] }),
      creditText: 'Photo by Alexei Druzhinin/Sputnik/Kremlin Pool/AP.',
    },
  },
  {
    seedLine: 208,
    line: 'Photo by Patrizia Cortellessa/Pacific Press/Sipa/AP.',
    expected: {
      caption: null,
      credit: credit({ photographer: 'Patrizia Cortellessa', agencies: ['Pacific Press', 'Sipa', 'AP'] }),
      creditText: 'Photo by Patrizia Cortellessa/Pacific Press/Sipa/AP.',
    },
  },
]

// The seed's prose lines that mention photos without being captions.
const SEED_PROSE_MENTIONING_PHOTOS = [
  "This isn't normal. It's terrifying. And unfortunately, it seems like it's become more difficult to rely on world leaders to step up to the plate on their own volition. Rather than speak out against what’s happening in Chechnya, President Donald Trump tweeted about Hillary Clinton's hypothetical polling numbers. Russia's President Vladimir Putin shrugged off the allegations of mass arrests and abuse while he posed for a photo with Chechnya's President Ramzan Kadyrov on April 19.",
  "3. As OutRight's calling on us to do, you can share photos and messages demanding an end to these atrocities on Instagram — and troll Kadyrov by tagging his account (@kadyrov_95) in the captions, further drawing attention to his actions.",
]

const IRREGULAR_SEED_LINE = 45

describe('parseCaptionLine on the seed stories', () => {
  it.each(SEED_CAPTIONS.map((seed) => [seed.seedLine, seed] as const))(
    'reads the caption and credit of seed line %i',
    (_seedLine, { line, expected }) => {
      expect(parseCaptionLine(line)).toEqual(expected)
    },
  )

  it.each(SEED_CAPTIONS.filter(({ seedLine }) => seedLine !== IRREGULAR_SEED_LINE).map((seed) => [seed.seedLine, seed] as const))(
    'renders the credit of seed line %i back exactly as the seed wrote it',
    (_seedLine, { line, expected }) => {
      const parsed = parseCaptionLine(line)
      expect(formatCreditLine(parsed!.credit)).toBe(expected.creditText)
    },
  )

  it('keeps the irregular "AFP Getty Images" (no slash) as one agency and renders it back unchanged, not fixed', () => {
    const irregular = SEED_CAPTIONS.find(({ seedLine }) => seedLine === IRREGULAR_SEED_LINE)!
    const parsed = parseCaptionLine(irregular.line)!
    expect(parsed.credit.agencies).toEqual(['AFP Getty Images'])
    expect(formatCreditLine(parsed.credit)).toBe('Photo by Dmitry Serebryakov/AFP Getty Images.')
    expect(formatCreditLine(parsed.credit)).not.toBe('Photo by Dmitry Serebryakov/AFP/Getty Images.')
  })

  it.each(SEED_PROSE_MENTIONING_PHOTOS)('does not take prose that mentions a photo for a caption: %s', (line) => {
    expect(parseCaptionLine(line)).toBeNull()
  })

  // The seed file sits outside the repository; where it is present, check the table above is complete
  // and that no other line of the seed reads as a caption.
  const seedPath = process.env.SEED_STORIES_PATH ?? path.resolve('content/seed/stories.txt')
  const describeWithSeedFile = existsSync(seedPath) ? describe : describe.skip

  describeWithSeedFile('against the seed file itself', () => {
    const seedLines = existsSync(seedPath) ? readFileSync(seedPath, 'utf8').split('\n') : []

    it('lists every seed line that contains "Photo by", with its line number', () => {
      const photoByLines = seedLines
        .map((line, index) => ({ seedLine: index + 1, line }))
        .filter(({ line }) => line.includes('Photo by'))
      expect(photoByLines).toHaveLength(18)
      expect(SEED_CAPTIONS.map(({ seedLine, line }) => ({ seedLine, line }))).toEqual(photoByLines)
    })

    it('finds captions on exactly the seed lines in the table and on no other line', () => {
      const captionLineNumbers = seedLines.flatMap((line, index) => (parseCaptionLine(line) ? [index + 1] : []))
      expect(captionLineNumbers).toEqual(SEED_CAPTIONS.map(({ seedLine }) => seedLine))
    })
  })
})

describe('parseCaptionLine beyond the seed', () => {
  it('reads "Photos by" like "Photo by"', () => {
    expect(parseCaptionLine('Photos by Mandel Ngan/AFP/Getty Images.')).toEqual({
      caption: null,
      credit: credit({ photographer: 'Mandel Ngan', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photos by Mandel Ngan/AFP/Getty Images.',
    })
  })

  it('reads "Photo courtesy of" as a courtesy organisation only', () => {
    expect(parseCaptionLine('Photo courtesy of Amnesty International.')).toEqual({
      caption: null,
      credit: credit({ courtesyOf: 'Amnesty International' }),
      creditText: 'Photo courtesy of Amnesty International.',
    })
  })

  it('reads "Image via" as agencies only, even when the name is not a known agency', () => {
    expect(parseCaptionLine('Image via Reuters.')?.credit).toEqual(credit({ agencies: ['Reuters'] }))
    expect(parseCaptionLine('Image via Aaron Hooper.')?.credit).toEqual(credit({ agencies: ['Aaron Hooper'] }))
    expect(parseCaptionLine('Image via Reuters/AP.')?.credit).toEqual(credit({ agencies: ['Reuters', 'AP'] }))
  })

  it('reads "Photo:" like "Photo by"', () => {
    expect(parseCaptionLine('Photo: AP.')).toEqual({ caption: null, credit: credit({ agencies: ['AP'] }), creditText: 'Photo: AP.' })
    expect(parseCaptionLine('Photo: Craig Ruttle/AP.')?.credit).toEqual(credit({ photographer: 'Craig Ruttle', agencies: ['AP'] }))
    expect(parseCaptionLine('Photo: Aaron Hooper, courtesy of RUSA LGBT.')?.credit).toEqual(
      credit({ photographer: 'Aaron Hooper', courtesyOf: 'RUSA LGBT' }),
    )
    expect(parseCaptionLine('Photo: courtesy of OutRight.')?.credit).toEqual(credit({ courtesyOf: 'OutRight' }))
  })

  it('reads a caption followed by a "Photo courtesy of" or "Image via" credit', () => {
    expect(parseCaptionLine('Mourners at Stonewall. Photo courtesy of RUSA LGBT.')).toEqual({
      caption: 'Mourners at Stonewall.',
      credit: credit({ courtesyOf: 'RUSA LGBT' }),
      creditText: 'Photo courtesy of RUSA LGBT.',
    })
    expect(parseCaptionLine('A vigil in Paris. Image via EPA.')?.caption).toBe('A vigil in Paris.')
  })

  it('matches the opening words of a credit in any case, and keeps names as written', () => {
    expect(parseCaptionLine('photo by sipa/ap.')).toEqual({
      caption: null,
      credit: credit({ agencies: ['sipa', 'ap'] }),
      creditText: 'photo by sipa/ap.',
    })
    expect(parseCaptionLine('PHOTO BY Craig Ruttle/AP, COURTESY OF OutRight.')?.credit).toEqual(
      credit({ photographer: 'Craig Ruttle', agencies: ['AP'], courtesyOf: 'OutRight' }),
    )
    expect(parseCaptionLine('IMAGE VIA Reuters.')?.credit).toEqual(credit({ agencies: ['Reuters'] }))
  })

  it('takes a single name for a photographer unless it is a known agency', () => {
    expect(parseCaptionLine('Photo by Aaron Hooper.')?.credit).toEqual(credit({ photographer: 'Aaron Hooper' }))
    expect(parseCaptionLine('Photo by Getty Images.')?.credit).toEqual(credit({ agencies: ['Getty Images'] }))
    expect(parseCaptionLine('Photo by AP, courtesy of OutRight.')?.credit).toEqual(
      credit({ agencies: ['AP'], courtesyOf: 'OutRight' }),
    )
  })

  it('recognises a known agency regardless of case, spacing or punctuation', () => {
    expect(parseCaptionLine('Photo by getty  images/AFP.')?.credit).toEqual(credit({ agencies: ['getty images', 'AFP'] }))
    expect(parseCaptionLine('Photo by A.P.')?.credit).toEqual(credit({ agencies: ['A.P'] }))
  })

  it('strips a -Pool suffix from the photographer and records the pool flag', () => {
    expect(parseCaptionLine('Photo by Olivier Douliery - pool/Getty Images.')?.credit).toEqual(
      credit({ photographer: 'Olivier Douliery', isPool: true, agencies: ['Getty Images'] }),
    )
    expect(parseCaptionLine('Photo by Olivier Douliery-Pool.')?.credit).toEqual(
      credit({ photographer: 'Olivier Douliery', isPool: true }),
    )
  })

  it('leaves "Pool" inside an agency name alone', () => {
    expect(parseCaptionLine('Photo by Kremlin Pool/AP.')?.credit).toEqual(credit({ agencies: ['Kremlin Pool', 'AP'] }))
    expect(parseCaptionLine('Photo by Alexei Druzhinin/Sputnik-Pool/AP.')?.credit).toEqual(
      credit({ photographer: 'Alexei Druzhinin', agencies: ['Sputnik-Pool', 'AP'] }),
    )
  })

  it('trims and collapses whitespace in the caption and the names, and trims the credit text', () => {
    expect(
      parseCaptionLine('   Chechen   leader Ramzan Kadyrov.    Photo  by   Alexander  Nemenov / AFP /  Getty   Images .  '),
    ).toEqual({
      caption: 'Chechen leader Ramzan Kadyrov.',
      credit: credit({ photographer: 'Alexander Nemenov', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photo  by   Alexander  Nemenov / AFP /  Getty   Images .',
    })
  })

  it('drops empty elements of a slash chain', () => {
    expect(parseCaptionLine('Photo by Craig Ruttle//AP/.')?.credit).toEqual(credit({ photographer: 'Craig Ruttle', agencies: ['AP'] }))
  })

  it('reads a credit without its final period', () => {
    expect(parseCaptionLine('Chechen leader Ramzan Kadyrov. Photo by Alexander Nemenov/AFP/Getty Images')).toEqual({
      caption: 'Chechen leader Ramzan Kadyrov.',
      credit: credit({ photographer: 'Alexander Nemenov', agencies: ['AFP', 'Getty Images'] }),
      creditText: 'Photo by Alexander Nemenov/AFP/Getty Images',
    })
    expect(parseCaptionLine('Photo by Aaron Hooper, courtesy of RUSA LGBT')?.credit).toEqual(
      credit({ photographer: 'Aaron Hooper', courtesyOf: 'RUSA LGBT' }),
    )
  })

  it('keeps the period of an abbreviation that ends the credit, so the line renders back the same', () => {
    const parsed = parseCaptionLine('Photo by Craig Ruttle/Reuters Inc.')
    expect(parsed?.credit).toEqual(credit({ photographer: 'Craig Ruttle', agencies: ['Reuters Inc.'] }))
    expect(formatCreditLine(parsed!.credit)).toBe('Photo by Craig Ruttle/Reuters Inc.')
  })

  it('reads initials with periods inside a name', () => {
    expect(parseCaptionLine('A protest. Photo by A. Nemenov/AFP.')).toEqual({
      caption: 'A protest.',
      credit: credit({ photographer: 'A. Nemenov', agencies: ['AFP'] }),
      creditText: 'Photo by A. Nemenov/AFP.',
    })
  })

  it('finds the credit after a caption that ends with a question, an exclamation or a quotation', () => {
    expect(parseCaptionLine('Who was Bakaev? Photo by Aaron Hooper.')?.caption).toBe('Who was Bakaev?')
    expect(parseCaptionLine('"We gathered in silence." Photo by Aaron Hooper.')?.caption).toBe('"We gathered in silence."')
  })

  it('takes the last credit sentence when a line has two', () => {
    expect(parseCaptionLine('Photo by Mandel Ngan. Photo by Craig Ruttle/AP.')).toEqual({
      caption: 'Photo by Mandel Ngan.',
      credit: credit({ photographer: 'Craig Ruttle', agencies: ['AP'] }),
      creditText: 'Photo by Craig Ruttle/AP.',
    })
  })

  itAnswersNullForEach({
    title: 'returns null for %s',
    read: parseCaptionLine,
    cases: [
      ['an empty string', ''],
      ['whitespace', '   \t '],
      ['prose mentioning a photo mid-sentence', 'Putin posed for a photo with Kadyrov on April 19.'],
      ['prose mentioning photos by someone mid-sentence', 'The exhibition shows photos by Aaron Hooper.'],
      ['a credit not at the start of a sentence', 'Kadyrov in Moscow photo by AP.'],
      ['a credit sentence followed by more prose', 'Photo by Aaron Hooper. He was at the vigil.'],
      ['a "Photo by" sentence that is prose', 'Photo by photo, the exhibition grew.'],
      ['a "Photo:" sentence that runs into another', 'He smiled. Photo: the moment. It changed everything.'],
      ['an opener with no name', 'Photo by .'],
      ['a courtesy clause with no organisation', 'Photo by Aaron Hooper, courtesy of .'],
      ['a slash chain with no names', 'Photo by / /.'],
      ['the word photo alone', 'Photo.'],
    ],
  })
})

describe('KNOWN_AGENCIES and isKnownAgency', () => {
  it('includes the agencies the seed credits', () => {
    for (const agency of ['AFP', 'Getty Images', 'AP', 'Sputnik', 'Sipa', 'Pacific Press', 'Kremlin Pool']) {
      expect(KNOWN_AGENCIES).toContain(agency)
    }
  })

  it('includes the common wires', () => {
    for (const agency of ['Reuters', 'EPA', 'Shutterstock']) {
      expect(KNOWN_AGENCIES).toContain(agency)
    }
  })

  it('matches regardless of case, spacing and punctuation', () => {
    expect(isKnownAgency('getty images')).toBe(true)
    expect(isKnownAgency('  Getty   Images ')).toBe(true)
    expect(isKnownAgency('A.P.')).toBe(true)
  })

  it('does not match people, or agencies run together', () => {
    expect(isKnownAgency('Aaron Hooper')).toBe(false)
    expect(isKnownAgency('AFP Getty Images')).toBe(false)
  })
})

describe('findNearDuplicateNames', () => {
  // The names an editor would see in the seed's credits: photographers, agencies, the agency chains as
  // credited ("AFP/Getty Images"), and courtesy organisations.
  const seedCreditNames = SEED_CAPTIONS.flatMap(({ expected: { credit: seedCredit } }) => [
    ...(seedCredit.photographer ? [seedCredit.photographer] : []),
    ...seedCredit.agencies,
    ...(seedCredit.agencies.length > 1 ? [seedCredit.agencies.join('/')] : []),
    ...(seedCredit.courtesyOf ? [seedCredit.courtesyOf] : []),
  ])

  it('reports the AFP Getty Images spelling and Geoffrey/Geoffroy in the seed, and nothing else', () => {
    expect(findNearDuplicateNames(seedCreditNames)).toEqual([
      { a: 'AFP/Getty Images', b: 'AFP Getty Images', reason: 'The names differ only in case, punctuation or spacing.' },
      {
        a: 'Geoffrey Van Der Hasselt',
        b: 'Geoffroy Van Der Hasselt',
        reason: 'The names are one letter apart, which looks like a typo.',
      },
    ])
  })

  it('reports names that differ only in case', () => {
    expect(findNearDuplicateNames(['Getty images', 'Getty Images'])).toEqual([
      { a: 'Getty images', b: 'Getty Images', reason: 'The names differ only in case, punctuation or spacing.' },
    ])
  })

  it('does not report unrelated short names', () => {
    expect(findNearDuplicateNames(['AP', 'AFP', 'EPA', 'Sipa', 'TASS'])).toEqual([])
  })

  it('does not report different people who share a surname', () => {
    expect(findNearDuplicateNames(['Mandel Ngan', 'Daniel Ngan', 'Craig Ruttle', 'Aaron Hooper'])).toEqual([])
  })

  it('counts the letters apart in the reason when there are several', () => {
    expect(findNearDuplicateNames(['Patrizia Cortellessa', 'Patricia Cortelessa'])).toEqual([
      { a: 'Patrizia Cortellessa', b: 'Patricia Cortelessa', reason: 'The names are 2 letters apart, which looks like a typo.' },
    ])
  })

  it('does not report spellings further apart than one letter in six', () => {
    expect(findNearDuplicateNames(['Alexander Nemenov', 'Aleksandr Nemenov'])).toEqual([])
  })

  it('ignores exact repeats, blank names and whitespace-only differences at the ends', () => {
    expect(findNearDuplicateNames(['AFP', 'AFP', '', '   ', ' AFP '])).toEqual([])
  })

  it('returns nothing for an empty list', () => {
    expect(findNearDuplicateNames([])).toEqual([])
  })
})
