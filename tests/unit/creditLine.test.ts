import { formatCreditLine, hasAttributionParts } from '../../src/collections/PhotoCredits/creditLine'
import { itAnswersNullForEach } from '../helpers/answersNull'

describe('formatCreditLine: the house credit line', () => {
  it.each([
    [
      'photographer and agencies',
      { photographer: 'Alexander Nemenov', agencies: ['AFP', 'Getty Images'] },
      'Photo by Alexander Nemenov/AFP/Getty Images.',
    ],
    [
      'pool photographer',
      { photographer: 'Olivier Douliery', isPool: true, agencies: ['Getty Images'] },
      'Photo by Olivier Douliery-Pool/Getty Images.',
    ],
    ['agencies only', { agencies: ['Sipa', 'AP'] }, 'Photo by Sipa/AP.'],
    [
      'photographer, courtesy of an organisation',
      { photographer: 'Aaron Hooper', courtesyOf: 'RUSA LGBT' },
      'Photo by Aaron Hooper, courtesy of RUSA LGBT.',
    ],
    [
      'photographer and agencies, courtesy of an organisation',
      { photographer: 'Craig Ruttle', agencies: ['AP'], courtesyOf: 'OutRight' },
      'Photo by Craig Ruttle/AP, courtesy of OutRight.',
    ],
    ['courtesy only', { courtesyOf: 'Amnesty International' }, 'Photo courtesy of Amnesty International.'],
    ['photographer only', { photographer: 'Aaron Hooper' }, 'Photo by Aaron Hooper.'],
    [
      'agencies, courtesy of an organisation, no photographer',
      { agencies: ['AP'], courtesyOf: 'OutRight' },
      'Photo by AP, courtesy of OutRight.',
    ],
  ])('renders %s', (_shape, parts, expected) => {
    expect(formatCreditLine(parts)).toBe(expected)
  })

  it('renders a pool photographer without agencies as "Name-Pool"', () => {
    expect(formatCreditLine({ photographer: 'Olivier Douliery', isPool: true })).toBe('Photo by Olivier Douliery-Pool.')
  })

  it('does not add a second -Pool when the photographer was typed with the suffix', () => {
    expect(formatCreditLine({ photographer: 'Olivier Douliery-Pool', isPool: true, agencies: ['Getty Images'] })).toBe(
      'Photo by Olivier Douliery-Pool/Getty Images.',
    )
  })

  it('ignores the pool flag when there is no photographer to flag', () => {
    expect(formatCreditLine({ isPool: true, agencies: ['Getty Images'] })).toBe('Photo by Getty Images.')
  })

  it('treats isPool false and null like no pool', () => {
    expect(formatCreditLine({ photographer: 'Mandel Ngan', isPool: false, agencies: ['AFP'] })).toBe(
      'Photo by Mandel Ngan/AFP.',
    )
    expect(formatCreditLine({ photographer: 'Mandel Ngan', isPool: null, agencies: ['AFP'] })).toBe(
      'Photo by Mandel Ngan/AFP.',
    )
  })

  it('keeps agencies in the order given', () => {
    expect(
      formatCreditLine({ photographer: 'Alexei Druzhinin', agencies: ['Sputnik', 'Kremlin Pool', 'AP'] }),
    ).toBe('Photo by Alexei Druzhinin/Sputnik/Kremlin Pool/AP.')
  })

  it('trims names and collapses runs of whitespace inside them', () => {
    expect(
      formatCreditLine({
        photographer: '  Geoffroy   Van Der\tHasselt ',
        agencies: [' AFP ', 'Getty \n Images'],
        courtesyOf: '  Amnesty   International ',
      }),
    ).toBe('Photo by Geoffroy Van Der Hasselt/AFP/Getty Images, courtesy of Amnesty International.')
  })

  it('drops empty, blank, null and undefined agency entries', () => {
    expect(formatCreditLine({ photographer: 'Craig Ruttle', agencies: ['', '  ', null, undefined, 'AP'] })).toBe(
      'Photo by Craig Ruttle/AP.',
    )
  })

  it('treats a blank photographer or courtesy organisation as missing', () => {
    expect(formatCreditLine({ photographer: '   ', agencies: ['Sipa', 'AP'] })).toBe('Photo by Sipa/AP.')
    expect(formatCreditLine({ photographer: 'Aaron Hooper', courtesyOf: ' \t ' })).toBe('Photo by Aaron Hooper.')
  })

  it.each([
    ['agency', { agencies: ['Reuters Inc.'] }, 'Photo by Reuters Inc.'],
    ['photographer', { photographer: 'John Smith Jr.' }, 'Photo by John Smith Jr.'],
    ['courtesy organisation', { courtesyOf: 'Acme Co.' }, 'Photo courtesy of Acme Co.'],
    ['courtesy after a byline', { photographer: 'Aaron Hooper', courtesyOf: 'Acme Co. ' }, 'Photo by Aaron Hooper, courtesy of Acme Co.'],
  ])('never ends with a double period when the last %s ends with one', (_where, parts, expected) => {
    expect(formatCreditLine(parts)).toBe(expected)
  })

  it('keeps a period that is inside the line rather than at its end', () => {
    expect(formatCreditLine({ photographer: 'John Smith Jr.', agencies: ['AP'] })).toBe('Photo by John Smith Jr./AP.')
  })

  itAnswersNullForEach({
    title: 'returns null when there is nothing to credit: %s',
    read: formatCreditLine,
    cases: [
      ['no parts at all', {}],
      ['every part null', { photographer: null, isPool: null, agencies: null, courtesyOf: null }],
      ['only whitespace', { photographer: '  ', agencies: [' ', '\t'], courtesyOf: '\n' }],
      ['only the pool flag', { isPool: true }],
      ['an empty agency list', { agencies: [] }],
    ],
  })
})

describe('hasAttributionParts', () => {
  it.each([
    ['a photographer', { photographer: 'Aaron Hooper' }, true],
    ['an agency', { agencies: ['AP'] }, true],
    ['a courtesy organisation', { courtesyOf: 'RUSA LGBT' }, true],
    ['an agency among blank entries', { agencies: ['', null, 'AP'] }, true],
    ['nothing', {}, false],
    ['only blanks', { photographer: ' ', agencies: ['', null, undefined], courtesyOf: '  ' }, false],
    ['only the pool flag', { isPool: true }, false],
  ])('with %s is %s', (_case, parts, expected) => {
    expect(hasAttributionParts(parts)).toBe(expected)
  })

  it('agrees with formatCreditLine on whether there is a line to render', () => {
    const samples = [{}, { isPool: true }, { photographer: 'A' }, { agencies: [' '] }, { courtesyOf: 'B' }]
    for (const parts of samples) {
      expect(hasAttributionParts(parts)).toBe(formatCreditLine(parts) !== null)
    }
  })
})
