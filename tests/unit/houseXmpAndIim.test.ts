// The house's fields merged into a file's own XMP packet and IPTC-IIM in Node (src/photoDesk/writeBack/houseXmp.ts,
// houseIim.ts): the agency's other fields kept, the house's replaced wherever they stood, hostile text written as
// data, and anything the merge does not fully understand handed back (null) for exiftool to merge.
import { createHash } from 'node:crypto'

import { type HouseMetadata, IIM_MAX_BYTES, fitBytes } from '../../src/photoDesk/writeBack/houseMetadata'
import { iimDatasetsOf, iimWithHouseFields, photoshopBlockWithHouseFields, photoshopResourcesOf } from '../../src/photoDesk/writeBack/houseIim'
import { xmpWithHouseFields } from '../../src/photoDesk/writeBack/houseXmp'

const HOUSE: HouseMetadata = {
  creditLine: 'Photo by Ana Ruiz/AFP.',
  creator: 'Ana Ruiz',
  copyrightNotice: '© AFP',
  usageTerms: 'Editorial use only.',
  webStatement: 'https://news.example/photo-rights',
}

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'
const packetOf = (descriptions: string) =>
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${RDF}">${descriptions}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

describe('the house fields merged into a file’s XMP packet', () => {
  it('keeps the agency’s other properties byte for byte and replaces the house’s, whether written as elements or as attributes', () => {
    const agency = packetOf(
      `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="AFP (old)" photoshop:City="Grozny">` +
        `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Rally &amp; march</rdf:li></rdf:Alt></dc:description>` +
        `<dc:creator><rdf:Seq><rdf:li>Someone Else</rdf:li></rdf:Seq></dc:creator>` +
        `<dc:subject><rdf:Bag><rdf:li>politics</rdf:li></rdf:Bag></dc:subject>` +
        `</rdf:Description>`,
    )
    const merged = xmpWithHouseFields(agency, HOUSE)!
    expect(merged).toContain('photoshop:City="Grozny"')
    expect(merged).toContain('<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Rally &amp; march</rdf:li></rdf:Alt></dc:description>')
    expect(merged).toContain('<dc:subject><rdf:Bag><rdf:li>politics</rdf:li></rdf:Bag></dc:subject>')
    expect(merged).not.toContain('AFP (old)')
    expect(merged).not.toContain('Someone Else')
    expect(merged).toContain('<photoshop:Credit>Photo by Ana Ruiz/AFP.</photoshop:Credit>')
    expect(merged.match(/<dc:creator>/g)).toHaveLength(1)
  })

  it('finds the house’s properties under any prefix bound to their namespace', () => {
    const agency = packetOf(`<rdf:Description rdf:about="" xmlns:ps="http://ns.adobe.com/photoshop/1.0/"><ps:Credit>Old credit</ps:Credit><ps:Source>AFP</ps:Source></rdf:Description>`)
    const merged = xmpWithHouseFields(agency, HOUSE)!
    expect(merged).not.toContain('Old credit')
    expect(merged).toContain('<ps:Source>AFP</ps:Source>')
  })

  it('escapes hostile text as data: markup, `]]>` and quotes become references, characters XML cannot hold are dropped, a lone surrogate half becomes U+FFFD', () => {
    const hostile = { ...HOUSE, creditLine: 'A ]]> <script>alert(1)</script> & "q" \'s\' \uFFFE\uD800 end' }
    const merged = xmpWithHouseFields(null, hostile)!
    expect(merged).toContain('<photoshop:Credit>A ]]&gt; &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &apos;s&apos; \uFFFD end</photoshop:Credit>')
    expect(merged).not.toContain('<script>')
    expect(xmpWithHouseFields(null, { ...HOUSE, creator: '🙂 Ж' })).toContain('<rdf:li>🙂 Ж</rdf:li>')
  })

  it('writes the photo’s own licensor as a PLUS licensor, replacing the agency’s, and leaves the agency’s licensor when the photo has none', () => {
    const agency = packetOf(
      `<rdf:Description rdf:about="" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"><plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource"><plus:LicensorName>Getty Images</plus:LicensorName></rdf:li></rdf:Seq></plus:Licensor></rdf:Description>`,
    )
    expect(xmpWithHouseFields(agency, HOUSE)).toContain('<plus:LicensorName>Getty Images</plus:LicensorName>')
    const replaced = xmpWithHouseFields(agency, { ...HOUSE, licensor: 'AFP Licensing' })!
    expect(replaced).not.toContain('Getty Images')
    expect(replaced).toContain('<plus:LicensorName>AFP Licensing</plus:LicensorName>')
  })

  it('keeps the packet’s rdf:about on the house’s description', () => {
    const merged = xmpWithHouseFields(packetOf(`<rdf:Description rdf:about='uuid:faf5bdd5' xmlns:dc="http://purl.org/dc/elements/1.1/"/>`), HOUSE)!
    expect(merged.match(/rdf:about='uuid:faf5bdd5'/g)).toHaveLength(2)
  })

  it.each([
    ['a DOCTYPE with entities', `<!DOCTYPE x [<!ENTITY a "aaaa">]>${packetOf('<rdf:Description rdf:about=""/>')}`],
    ['a stray ampersand', packetOf('<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>a & b</dc:format></rdf:Description>')],
    ['markup that does not balance', packetOf('<rdf:Description rdf:about=""><dc:format xmlns:dc="http://purl.org/dc/elements/1.1/">x</rdf:Description>')],
    ['a typed node at the top', packetOf('<dc:Thing rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"/>')],
    ['an undeclared prefix', packetOf('<rdf:Description rdf:about=""><zz:Credit>x</zz:Credit></rdf:Description>')],
    ['a control character', packetOf('<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>a\u0007b</dc:format></rdf:Description>')],
    ['extended XMP', packetOf('<rdf:Description rdf:about="" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="0123456789ABCDEF0123456789ABCDEF"/>')],
    ['no rdf:RDF', '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'],
    ['two rdf:RDF', packetOf('') + packetOf('')],
    ['a tag cut short', packetOf('<rdf:Description rdf:about=""').slice(0, -40)],
  ])('hands a packet with %s back to exiftool (null) rather than guessing', (_label, packet) => {
    expect(xmpWithHouseFields(packet, HOUSE)).toBeNull()
  })
})

const dataset = (record: number, number: number, value: Buffer | string) => {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value
  return Buffer.concat([Buffer.from([0x1c, record, number, bytes.length >> 8, bytes.length & 0xff]), bytes])
}
const resource = (id: number, data: Buffer) => {
  const size = Buffer.alloc(4)
  size.writeUInt32BE(data.length)
  return Buffer.concat([Buffer.from('8BIM', 'latin1'), Buffer.from([id >> 8, id & 0xff, 0, 0]), size, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
}
const textOf = (iim: Buffer) =>
  iimDatasetsOf(iim)!.map(({ record, dataset: number, value }) => `${record}:${number}=${record === 2 && number !== 0 ? value.toString('utf8') : value.toString('hex')}`)

describe('the house fields merged into a file’s IPTC-IIM', () => {
  it('replaces the credit, by-lines, copyright and instructions, keeps the agency’s caption and keywords in order, and declares UTF-8', () => {
    const agency = Buffer.concat([
      dataset(2, 0, Buffer.from([0, 4])),
      dataset(2, 25, 'politics'),
      dataset(2, 25, 'rally'),
      dataset(2, 80, 'First Photographer'),
      dataset(2, 80, 'Second Photographer'),
      dataset(2, 110, 'AFP'),
      dataset(2, 120, 'Caption of the agency'),
    ])
    expect(textOf(iimWithHouseFields(agency, HOUSE)!)).toEqual([
      '1:0=0004',
      '1:90=1b2547',
      '2:0=0004',
      '2:25=politics',
      '2:25=rally',
      '2:40=Editorial use only. https://news.example/photo-rights',
      '2:80=Ana Ruiz',
      '2:110=Photo by Ana Ruiz/AFP.',
      '2:116=© AFP',
      '2:120=Caption of the agency',
    ])
  })

  it('carries an agency’s Latin-1 caption over into UTF-8, and leaves text already in UTF-8 as it was', () => {
    const latin1 = Buffer.concat([dataset(2, 120, Buffer.from('Zoé à Grozny', 'latin1'))])
    expect(textOf(iimWithHouseFields(latin1, HOUSE)!)).toContain('2:120=Zoé à Grozny')
    const utf8 = Buffer.concat([dataset(1, 90, Buffer.from([0x1b, 0x25, 0x47])), dataset(2, 120, '東京の集会 — Zoé')])
    expect(textOf(iimWithHouseFields(utf8, HOUSE)!)).toContain('2:120=東京の集会 — Zoé')
  })

  it('writes non-Latin text as UTF-8 cut at a character within each dataset’s length', () => {
    const creator = 'Αλέξανδρος Νεμένοφ 東京 📷'
    const merged = textOf(iimWithHouseFields(null, { ...HOUSE, creator })!)
    expect(merged).toContain(`2:80=${fitBytes(creator, IIM_MAX_BYTES.byLine)}`)
    expect(Buffer.byteLength(fitBytes(creator, IIM_MAX_BYTES.byLine))).toBeLessThanOrEqual(IIM_MAX_BYTES.byLine)
  })

  it('keeps the block’s other resources and updates the IIM digest where the block keeps one', () => {
    const resolution = resource(0x03ed, Buffer.from('0048000000010001', 'hex'))
    const block = Buffer.concat([resolution, resource(0x0404, dataset(2, 120, 'Caption')), resource(0x0425, Buffer.alloc(16))])
    const merged = photoshopResourcesOf(photoshopBlockWithHouseFields(block, HOUSE)!)!
    expect(merged.map(({ id }) => id)).toEqual([0x03ed, 0x0404, 0x0425])
    expect(merged[0].data.equals(Buffer.from('0048000000010001', 'hex'))).toBe(true)
    expect(merged[2].data.equals(createHash('md5').update(merged[1].data).digest())).toBe(true)
  })

  it('hands a block or IIM that does not add up back to exiftool (null)', () => {
    expect(photoshopBlockWithHouseFields(Buffer.from('8BIM\u0004\u0004\u0000\u0000\u00ff\u00ff\u00ff\u00ff', 'latin1'), HOUSE)).toBeNull()
    expect(photoshopBlockWithHouseFields(Buffer.from('not a resource block', 'latin1'), HOUSE)).toBeNull()
    expect(iimWithHouseFields(Buffer.from([0x1c, 2, 120, 0x7f, 0xff, 0x41]), HOUSE)).toBeNull()
    expect(iimWithHouseFields(Buffer.from('garbage'), HOUSE)).toBeNull()
  })
})
