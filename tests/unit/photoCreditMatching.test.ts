import { foldName, matchCredit, wantedCreditFrom, type KnownCredit, type KnownOrganization } from '../../src/photoDesk/readMetadata/matchCredit'
import { iimDateTime, needsAiDisclosure, pickValue, readLicenseEnd } from '../../src/photoDesk/readMetadata/photoMetadata'

const organizations: KnownOrganization[] = [
  { id: 1, name: 'AFP' },
  { id: 2, name: 'Getty Images' },
  { id: 3, name: 'Reuters' },
]
const credits: KnownCredit[] = [
  { id: 10, photographer: 'Alexander Nemenov', isPool: false, agencies: ['AFP', 'Getty Images'], courtesyOf: null },
  { id: 11, photographer: 'Geoffrey Van Der Hasselt', isPool: false, agencies: ['AFP'], courtesyOf: null },
  { id: 12, photographer: null, isPool: false, agencies: ['Reuters'], courtesyOf: null },
]
const match = (metadata: { creator?: string; creditLine?: string; source?: string }) =>
  matchCredit({
    wanted: wantedCreditFrom({ creator: metadata.creator ?? null, creditLine: metadata.creditLine ?? null, source: metadata.source ?? null, organizations }),
    credits,
    organizations,
  })

describe('matching a file’s credit to the credits on file', () => {
  it('folds case, spacing, punctuation and accents', () => {
    expect(foldName('  Zoé  LEFÈVRE ')).toBe(foldName('zoe lefevre'))
    expect(foldName('AFP Getty Images')).toBe(foldName('AFP/Getty-Images'))
  })

  it('reads the photographer from the credit line when the file has no creator', () => {
    expect(match({ creditLine: 'Alexander Nemenov/AFP/Getty Images' })).toMatchObject({ status: 'matched', creditId: 10 })
  })

  it('does not take an agency named first for a photographer', () => {
    expect(match({ creditLine: 'Reuters' })).toMatchObject({ status: 'matched', creditId: 12 })
    expect(match({ creator: 'Reuters', creditLine: 'Reuters' })).toMatchObject({ status: 'matched', creditId: 12 })
  })

  it('splits a chain typed without slashes into the organizations on file', () => {
    expect(match({ creator: 'Marta Kowalczyk', creditLine: 'AFP Getty Images' })).toMatchObject({ status: 'create', agencies: [1, 2], creditLine: 'Photo by Marta Kowalczyk/AFP/Getty Images.' })
  })

  it('asks a person about a photographer one letter from one on file, and about a near-miss agency', () => {
    expect(match({ creator: 'Geoffroy Van Der Hasselt', creditLine: 'AFP' })).toMatchObject({ status: 'needs a person' })
    expect(match({ creator: 'Marta Kowalczyk', creditLine: 'Getty Imagess' })).toMatchObject({ status: 'needs a person' })
  })

  it('reads a pool photographer as the pool credit', () => {
    expect(match({ creator: 'Olivier Douliery-Pool', creditLine: 'Olivier Douliery-Pool/Getty Images' })).toMatchObject({ status: 'create', isPool: true, photographer: 'Olivier Douliery', creditLine: 'Photo by Olivier Douliery-Pool/Getty Images.' })
  })

  it('answers none when the file names no one', () => {
    expect(match({})).toEqual({ status: 'none' })
    expect(match({ creditLine: ' / / ' })).toEqual({ status: 'none' })
  })
})

describe('reading metadata values', () => {
  it('prefers XMP over IIM and notes the disagreement', () => {
    const notes: string[] = []
    expect(pickValue({ values: { xmp: 'A', iim: 'B' }, label: 'caption', notes })).toBe('A')
    expect(notes[0]).toMatch(/different captions/)
  })

  it('ignores values that are not text, or nothing but invisible characters', () => {
    const notes: string[] = []
    expect(pickValue({ values: { xmp: { nested: ['x'] }, iim: '\u200b \u0007' }, label: 'caption', notes })).toBeNull()
    expect(notes[0]).toMatch(/not text and was ignored/)
  })

  it('reads IIM expiry date and time, and refuses dates that do not exist', () => {
    expect(iimDateTime({ date: '20270131', time: '120000+0200' })).toBe('2027-01-31T12:00:00+02:00')
    const notes: string[] = []
    expect(readLicenseEnd({ value: iimDateTime({ date: '20270231', time: null }), notes })).toBeNull()
    expect(readLicenseEnd({ value: '0001-01-01T00:00:00Z', notes })).toBeNull()
    expect(readLicenseEnd({ value: '2027-01-31T12:00:00+02:00', notes })).toBe('2027-01-31T10:00:00.000Z')
    expect(notes).toHaveLength(2)
  })

  it('knows which digital source types need a disclosure', () => {
    expect(needsAiDisclosure('http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia')).toBe(true)
    expect(needsAiDisclosure('http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic/')).toBe(true)
    expect(needsAiDisclosure('compositeWithTrainedAlgorithmicMedia')).toBe(true)
    expect(needsAiDisclosure('http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture')).toBe(false)
    expect(needsAiDisclosure(null)).toBe(false)
  })
})
