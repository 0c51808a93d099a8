// A foreign-key failure is the client's mistake (400) only when the request itself named the missing document;
// otherwise the document went away while the write waited, a race answered with a 409 elsewhere.
import { missingReferenceMessage, requestNamesId } from '../../src/db/refuseReferencesToMissingDocuments'

describe('a reference to a missing document', () => {
  it('is the request’s own when its document names the id, at any depth and in any relationship shape', () => {
    expect(requestNamesId({ heroImage: 999999 }, '999999')).toBe(true)
    expect(requestNamesId({ authors: [1, '999999'] }, '999999')).toBe(true)
    expect(requestNamesId({ body: { root: { children: [{ type: 'upload', value: 999999 }] } } }, '999999')).toBe(true)
    expect(requestNamesId({ related: { relationTo: 'media', value: 999999 } }, '999999')).toBe(true)
  })

  it('is a race when the request does not name it (the id was stored before the document went away)', () => {
    expect(requestNamesId({ alt: 'A crowd at the march' }, '12')).toBe(false)
    expect(requestNamesId(undefined, '12')).toBe(false)
    expect(requestNamesId({ credit: 120 }, '12')).toBe(false)
  })

  it('names the field and the missing document in the message', () => {
    expect(missingReferenceMessage('Key (hero_image_id)=(999999) is not present in table "media".')).toBe(
      '“heroImage” refers to media 999999, which does not exist. Choose an existing one. Nothing was changed.',
    )
  })
})
