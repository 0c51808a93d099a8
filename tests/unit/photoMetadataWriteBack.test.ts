// The pure rule of what the house writes into a photo's files (src/photoDesk/writeBack/houseMetadata.ts).
import { IIM_MAX_BYTES, exiftoolTagsFor, fingerprintOf, fitBytes, houseMetadataOf, oneLine } from '../../src/photoDesk/writeBack/houseMetadata'

const house = { houseName: 'The Newsroom', webStatementUrl: 'https://news.example/photo-rights' }

describe('what the house writes into a photo’s files', () => {
  it('cuts IIM text to its byte limit at a character boundary, with an ellipsis, and leaves short text alone', () => {
    expect(fitBytes('Photo by Ana/AFP.', 32)).toBe('Photo by Ana/AFP.')
    const cut = fitBytes('Photo by Zoë Żółkiewska-Dąbrowska/Agence France-Presse.', 32)
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(32)
    expect(cut.endsWith('…')).toBe(true)
    // Two-byte and four-byte characters are never split.
    const emoji = fitBytes('📷'.repeat(20), IIM_MAX_BYTES.credit)
    expect(emoji).toBe(`${'📷'.repeat(7)}…`)
    expect(Buffer.from(emoji).toString('utf8')).toBe(emoji)
  })

  it('makes hostile text one line of visible text, and nothing of invisible text', () => {
    expect(oneLine('Ana\r\n"Q" <b>Ruiz</b>\u0007\tAFP')).toBe('Ana "Q" <b>Ruiz</b> AFP')
    expect(oneLine('\u200b \u00a0\n')).toBeNull()
    expect(oneLine(42)).toBeNull()
    expect([...oneLine('Ж'.repeat(5000))!]).toHaveLength(2000)
  })

  it('states copyright and usage terms by licence, and prefers what the credit itself states', () => {
    const agency = houseMetadataOf({ credit: { photographer: 'Ana Ruiz', agencies: ['AFP', 'Getty Images'], license: 'agency' }, ...house })
    expect(agency).toEqual({
      creditLine: 'Photo by Ana Ruiz/AFP/Getty Images.',
      creator: 'Ana Ruiz',
      copyrightNotice: '© AFP/Getty Images',
      usageTerms: 'Licensed to The Newsroom for editorial use only. No reuse without a licence from AFP/Getty Images.',
      webStatement: 'https://news.example/photo-rights',
    })
    expect(houseMetadataOf({ credit: { photographer: 'Ben Okafor', license: 'staff' }, ...house }).copyrightNotice).toBe('© The Newsroom')
    expect(houseMetadataOf({ credit: { courtesyOf: 'City Hall', license: 'public-domain' }, ...house })).toMatchObject({ creator: 'City Hall', copyrightNotice: 'Public domain' })
    const stated = houseMetadataOf({ credit: { photographer: 'Ana', copyrightNotice: '© 2026 Ana', usageTerms: 'Web only', webStatement: 'https://ana.example/terms' }, ...house })
    expect(stated).toMatchObject({ copyrightNotice: '© 2026 Ana', usageTerms: 'Web only', webStatement: 'https://ana.example/terms' })
  })

  it('writes IIM only where the format has room for it, and every field as XMP', () => {
    const metadata = houseMetadataOf({ credit: { photographer: 'Ana Ruiz', agencies: ['AFP'] }, ...house })
    for (const mimeType of ['image/jpeg', 'image/png']) {
      expect(Object.keys(exiftoolTagsFor(metadata, mimeType))).toEqual(expect.arrayContaining(['IPTC:Credit', 'IPTC:By-line', 'IPTC:CopyrightNotice', 'IPTC:CodedCharacterSet', 'XMP-photoshop:Credit']))
    }
    for (const mimeType of ['image/webp', 'image/avif', 'image/gif']) {
      expect(Object.keys(exiftoolTagsFor(metadata, mimeType)).filter((tag) => tag.startsWith('IPTC:'))).toEqual([])
      expect(exiftoolTagsFor(metadata, mimeType)['XMP-xmpRights:WebStatement']).toBe('https://news.example/photo-rights')
    }
  })

  it('fingerprints what is written, so a change of any field rewrites and the same fields do not', () => {
    const metadata = houseMetadataOf({ credit: { photographer: 'Ana Ruiz', agencies: ['AFP'] }, ...house })
    expect(fingerprintOf(metadata)).toBe(fingerprintOf({ ...metadata }))
    for (const field of Object.keys(metadata) as (keyof typeof metadata)[]) {
      expect(fingerprintOf({ ...metadata, [field]: `${metadata[field]} changed` })).not.toBe(fingerprintOf(metadata))
    }
  })
})

describe('splicing prepared metadata into a JPEG size', () => {
  const segment = (marker: number, payload: string) => {
    const body = Buffer.from(payload, 'latin1')
    return Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body])
  }
  const jfif = segment(0xe0, 'JFIF\0\x01\x02')
  const exif = segment(0xe1, 'Exif\0\0MM')
  const oldXmp = segment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<old/>')
  const oldIim = segment(0xed, 'Photoshop 3.0\0old')
  const quantization = segment(0xdb, 'tables')
  const scan = Buffer.from([0xff, 0xda, 0x00, 0x02, 0x11, 0x22, 0xff, 0xd9])
  const soi = Buffer.from([0xff, 0xd8])

  it('replaces the XMP and IIM segments, after the JFIF and Exif ones, and keeps everything else byte for byte', async () => {
    const { metadataSegmentsOf, spliceJpegMetadata } = await import('../../src/photoDesk/writeBack/jpegMetadataSegments')
    const newXmp = segment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<new/>')
    const newIim = segment(0xed, 'Photoshop 3.0\0new')
    const template = Buffer.concat([soi, jfif, newXmp, newIim, quantization, scan])
    const prepared = metadataSegmentsOf(template)
    expect(prepared).toEqual([newXmp, newIim])
    const size = Buffer.concat([soi, jfif, exif, oldXmp, quantization, oldIim, scan])
    expect(spliceJpegMetadata(size, prepared)).toEqual(Buffer.concat([soi, jfif, exif, newXmp, newIim, quantization, scan]))
  })

  it('refuses a file that is not a well-formed JPEG rather than rewriting it', async () => {
    const { spliceJpegMetadata } = await import('../../src/photoDesk/writeBack/jpegMetadataSegments')
    expect(() => spliceJpegMetadata(Buffer.from('not an image'), [])).toThrow('not a well-formed JPEG')
    // A segment whose length runs past the end of the file.
    expect(() => spliceJpegMetadata(Buffer.concat([soi, Buffer.from([0xff, 0xe0, 0x7f, 0xff, 0x00])]), [])).toThrow('not a well-formed JPEG')
    // No image data at all.
    expect(() => spliceJpegMetadata(Buffer.concat([soi, jfif]), [])).toThrow('not a well-formed JPEG')
  })

  it('leaves room in the XMP packet of a JPEG that has too little, keeping its packet, its IIM and the rest byte for byte, and leaves alone one that has enough', async () => {
    const { UPLOAD_ROOM_BYTES, jpegWithRoomForMetadata, ownMetadataSegmentsOf } = await import('../../src/photoDesk/writeBack/jpegMetadataSegments')
    const packet = (padding: number) =>
      `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF></x:xmpmeta>${' '.repeat(padding)}<?xpacket end="w"?>`
    const iim = segment(0xed, 'Photoshop 3.0\0agency')
    const tight = Buffer.concat([soi, jfif, exif, segment(0xe1, `http://ns.adobe.com/xap/1.0/\0${packet(10)}`), iim, quantization, scan])
    const roomy = jpegWithRoomForMetadata(tight)!
    const [xmp, keptIim] = ownMetadataSegmentsOf(roomy)!
    expect(xmp.toString('latin1')).toContain('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF></x:xmpmeta>')
    expect(xmp.length - segment(0xe1, `http://ns.adobe.com/xap/1.0/\0${packet(0)}`).length).toBeGreaterThanOrEqual(UPLOAD_ROOM_BYTES)
    expect(keptIim).toEqual(iim)
    expect(roomy.subarray(0, soi.length + jfif.length + exif.length)).toEqual(Buffer.concat([soi, jfif, exif]))
    expect(roomy.subarray(roomy.length - quantization.length - scan.length)).toEqual(Buffer.concat([quantization, scan]))
    // Enough room already, or a file this code does not read: nothing to do.
    expect(jpegWithRoomForMetadata(roomy)).toBeNull()
    expect(jpegWithRoomForMetadata(Buffer.from('not a jpeg'))).toBeNull()
    // No XMP at all: an empty packet with room.
    expect(ownMetadataSegmentsOf(jpegWithRoomForMetadata(Buffer.concat([soi, jfif, quantization, scan]))!)!.map((bytes) => bytes.subarray(4, 33).toString('latin1'))).toEqual([
      'http://ns.adobe.com/xap/1.0/\0',
    ])
  })
})
