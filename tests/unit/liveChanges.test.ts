import { changedShownFields, listOf, SHOWN_FIELDS } from '../../src/publishGate/liveChanges'

describe('which changes alter what a live story shows', () => {
  const photo = { id: 4, alt: 'Candles at a vigil', caption: null, credit: 9, focalX: '50', focalY: '50', filename: 'vigil.jpg' }

  it('names each shown field that changes, once', () => {
    expect(changedShownFields({ collection: 'media', data: { alt: 'Other words', focalX: 10, focalY: 20 }, original: photo })).toEqual(['alt text', 'focal point'])
    expect(changedShownFields({ collection: 'media', data: { credit: null }, original: photo })).toEqual(['photo credit'])
    expect(changedShownFields({ collection: 'media', data: {}, original: photo, replacesFile: true })).toEqual(['file'])
  })

  it('compares content: the admin sends every field back, with populated relations and other spellings', () => {
    const sameAgain = { alt: 'Candles at a vigil', caption: '', credit: { id: 9, creditLine: 'Photo by X.' }, focalX: 50, focalY: 50 }
    expect(changedShownFields({ collection: 'media', data: sameAgain, original: photo })).toEqual([])
    const credit = { photographer: 'A', pool: null, agencies: [{ id: 1 }, 2], courtesyOf: null, license: 'agency', licenseExpiresAt: '2027-01-31T00:00:00.000Z' }
    const resent = { photographer: 'A', pool: false, agencies: [1, { id: 2 }], courtesyOf: undefined, license: 'agency', licenseExpiresAt: new Date('2027-01-31T00:00:00Z') }
    expect(changedShownFields({ collection: 'photo-credits', data: resent, original: credit })).toEqual([])
    expect(changedShownFields({ collection: 'photo-credits', data: { agencies: [2, 1] }, original: credit })).toEqual(['agencies'])
    expect(changedShownFields({ collection: 'photo-credits', data: { licenseExpiresAt: '2027-02-01' }, original: credit })).toEqual(['licence dates'])
  })

  it('ignores array row ids but not their content, and fields nobody reads', () => {
    const organization = { name: 'AFP', socialHandles: [{ id: 'a1', platform: 'x', handle: '@afp' }], nameKey: 'afp' }
    expect(changedShownFields({ collection: 'organizations', data: { socialHandles: [{ id: 'b2', platform: 'x', handle: '@afp' }] }, original: organization })).toEqual([])
    expect(changedShownFields({ collection: 'organizations', data: { socialHandles: [{ platform: 'x', handle: '@AFP' }] }, original: organization })).toEqual(['social handles'])
    expect(changedShownFields({ collection: 'organizations', data: { nameKey: 'other', notes: 'x' }, original: organization })).toEqual([])
  })

  it('treats a value of the wrong type as a change, never as a crash', () => {
    expect(changedShownFields({ collection: 'media', data: { alt: ['x'], credit: { nested: { deep: true } } }, original: photo })).toEqual(['alt text', 'photo credit'])
    expect(changedShownFields({ collection: 'photo-credits', data: { licenseExpiresAt: 'not a date' }, original: { licenseExpiresAt: null } })).toEqual(['licence dates'])
  })

  it('covers the credit line’s every part, and the licence', () => {
    expect(Object.keys(SHOWN_FIELDS['photo-credits']).sort()).toEqual(['agencies', 'courtesyOf', 'license', 'licenseExpiresAt', 'photographer', 'pool'])
    expect(listOf(['alt text', 'caption', 'file'])).toBe('alt text, caption and file')
  })
})
