// The house fields as XMP, merged into the XMP packet a file already has (an agency's caption, keywords, licensor …)
// without a round trip through exiftool: the packet's markup is scanned just deeply enough to find its top-level
// properties, the house's own properties are cut out wherever they stand (as elements or as attributes of an
// rdf:Description), and one rdf:Description with the house's values is added. Everything else in the agency's
// packet stays byte for byte. A packet this scan does not fully understand (a DOCTYPE, a typed node, markup that
// does not balance, a stray `&` or control character, extended XMP) is not guessed at: the caller answers it with
// exiftool's own merge. Pure.
import { escapeXml } from '../../publicApi/feeds'
import type { HouseMetadata } from './houseMetadata'

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
  xmpNote: 'http://ns.adobe.com/xmp/note/',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text as XML character data or an attribute value, as the feeds write it (markup characters, and so `]]>`, become
 * references; characters XML cannot hold are dropped), a lone surrogate half (not a character) made U+FFFD first. */
const xmlText = (text: string) => escapeXml(text.replace(LONE_SURROGATE, '\uFFFD'))

const key = (namespace: string, name: string) => `${namespace} ${name}`

/** The properties the house writes: any copy of them in the packet is replaced (the licensor only when the house writes one). */
function houseProperties(metadata: HouseMetadata): Set<string> {
  const properties = new Set([
    key(NS.photoshop, 'Credit'),
    key(NS.dc, 'creator'),
    key(NS.dc, 'rights'),
    key(NS.xmpRights, 'UsageTerms'),
    key(NS.xmpRights, 'WebStatement'),
  ])
  if (metadata.licensor) properties.add(key(NS.plus, 'Licensor'))
  return properties
}

/** One rdf:Description with the house's values, in the forms exiftool writes them (lists and language alternatives). */
function houseDescription(metadata: HouseMetadata, about: string): string {
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xmlText(text)}</rdf:li></rdf:Alt>`
  const properties = [
    metadata.creator && `<dc:creator><rdf:Seq><rdf:li>${xmlText(metadata.creator)}</rdf:li></rdf:Seq></dc:creator>`,
    metadata.copyrightNotice && `<dc:rights>${alt(metadata.copyrightNotice)}</dc:rights>`,
    metadata.creditLine && `<photoshop:Credit>${xmlText(metadata.creditLine)}</photoshop:Credit>`,
    metadata.usageTerms && `<xmpRights:UsageTerms>${alt(metadata.usageTerms)}</xmpRights:UsageTerms>`,
    metadata.webStatement && `<xmpRights:WebStatement>${xmlText(metadata.webStatement)}</xmpRights:WebStatement>`,
    metadata.licensor &&
      `<plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource"><plus:LicensorName>${xmlText(metadata.licensor)}</plus:LicensorName></rdf:li></rdf:Seq></plus:Licensor>`,
  ].filter(Boolean)
  if (!properties.length) return ''
  const declarations = (['rdf', 'dc', 'photoshop', 'xmpRights', ...(metadata.licensor ? ['plus' as const] : [])] as const)
    .map((prefix) => `xmlns:${prefix}="${NS[prefix]}"`)
    .join(' ')
  return ` <rdf:Description rdf:about=${about} ${declarations}>\n  ${properties.join('\n  ')}\n </rdf:Description>\n`
}

/** A packet of the house's fields alone, for a file that has no XMP yet. */
function newPacket(metadata: HouseMetadata): string {
  return (
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n` +
    `<rdf:RDF xmlns:rdf="${NS.rdf}">\n${houseDescription(metadata, '""')}</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>`
  )
}

type Frame = { namespaces: Map<string, string>; name: string; role: 'other' | 'rdf' | 'description' | 'property'; cutFrom?: number }

/** `&` only as a well-formed reference, no `<` in text; and no character XML forbids. */
// eslint-disable-next-line no-control-regex
const isCleanText = (text: string) => !/&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/.test(text) && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(text)

const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*("[^"<]*"|'[^'<]*')/y

/**
 * The packet with the house's properties in place of any it had, or null when the packet is not one this scan can
 * edit safely (the caller then lets exiftool merge). `packet` null: a new packet of the house's fields alone.
 */
export function xmpWithHouseFields(packet: string | null, metadata: HouseMetadata): string | null {
  if (packet === null || packet.trim() === '') return newPacket(metadata)
  const replaced = houseProperties(metadata)
  const cuts: [number, number][] = []
  const stack: Frame[] = []
  let about: string | undefined
  let rdfEnd = -1
  let rdfCount = 0
  let at = 0
  const resolve = (qualified: string, namespaces: Map<string, string>, isAttribute: boolean): [string | undefined, string] => {
    const colon = qualified.indexOf(':')
    if (colon < 0) return [isAttribute ? '' : namespaces.get(''), qualified]
    const prefix = qualified.slice(0, colon)
    return [prefix === 'xml' ? NS.xml : namespaces.get(prefix), qualified.slice(colon + 1)]
  }
  while (at < packet.length) {
    const open = packet.indexOf('<', at)
    if (open < 0) {
      if (!isCleanText(packet.slice(at))) return null
      break
    }
    if (!isCleanText(packet.slice(at, open))) return null
    if (packet.startsWith('<?', open)) {
      const end = packet.indexOf('?>', open)
      if (end < 0) return null
      at = end + 2
    } else if (packet.startsWith('<!--', open)) {
      const end = packet.indexOf('-->', open)
      if (end < 0) return null
      at = end + 3
    } else if (packet.startsWith('<![CDATA[', open)) {
      const end = packet.indexOf(']]>', open)
      if (end < 0 || stack.length === 0) return null
      at = end + 3
    } else if (packet.startsWith('<!', open)) {
      // A DOCTYPE (entities) has no place in XMP.
      return null
    } else if (packet[open + 1] === '/') {
      const end = packet.indexOf('>', open)
      if (end < 0) return null
      const name = packet.slice(open + 2, end).trim()
      const frame = stack.pop()
      if (!frame || frame.name !== name) return null
      if (frame.role === 'rdf') rdfEnd = open
      if (frame.cutFrom !== undefined) cuts.push([frame.cutFrom, end + 1])
      at = end + 1
    } else {
      const nameMatch = /^[^\s/>]+/.exec(packet.slice(open + 1, open + 200))
      if (!nameMatch) return null
      const name = nameMatch[0]
      const parent = stack.at(-1)
      const namespaces = new Map(parent?.namespaces)
      const attributes: { name: string; value: string; from: number; to: number }[] = []
      ATTRIBUTE.lastIndex = open + 1 + name.length
      for (let match = ATTRIBUTE.exec(packet); match; match = ATTRIBUTE.exec(packet)) {
        attributes.push({ name: match[1], value: match[2], from: match.index, to: ATTRIBUTE.lastIndex })
        if (!isCleanText(match[2])) return null
        if (match[1] === 'xmlns') namespaces.set('', match[2].slice(1, -1))
        else if (match[1].startsWith('xmlns:')) namespaces.set(match[1].slice(6), match[2].slice(1, -1))
      }
      // Where the attributes end (a failed sticky match leaves lastIndex at 0, so it is not read from there).
      const tagEnd = attributes.length ? attributes.at(-1)!.to : open + 1 + name.length
      const closeMatch = /^\s*(\/?)>/.exec(packet.slice(tagEnd, tagEnd + 200))
      if (!closeMatch) return null
      const isEmpty = closeMatch[1] === '/'
      at = tagEnd + closeMatch[0].length
      const [namespace, local] = resolve(name, namespaces, false)
      let role: Frame['role'] = 'other'
      let cutFrom: number | undefined
      if (namespace === NS.rdf && local === 'RDF') {
        rdfCount += 1
        role = 'rdf'
      } else if (parent?.role === 'rdf') {
        // Only rdf:Description at the top: a typed node would hide properties from this scan.
        if (namespace !== NS.rdf || local !== 'Description') return null
        role = 'description'
        for (const attribute of attributes) {
          const [attributeNamespace, attributeLocal] = resolve(attribute.name, namespaces, true)
          if (attributeNamespace === NS.rdf && attributeLocal === 'about') {
            if (about !== undefined && about.slice(1, -1) !== attribute.value.slice(1, -1)) return null
            about ??= attribute.value
          }
          if (attributeNamespace === NS.xmpNote && attributeLocal === 'HasExtendedXMP') return null
          if (attributeNamespace && replaced.has(key(attributeNamespace, attributeLocal))) cuts.push([attribute.from, attribute.to])
        }
      } else if (parent?.role === 'description') {
        role = 'property'
        if (namespace === NS.xmpNote && local === 'HasExtendedXMP') return null
        if (namespace && replaced.has(key(namespace, local))) cutFrom = open
      }
      if (namespace === undefined) return null
      if (isEmpty) {
        if (cutFrom !== undefined) cuts.push([cutFrom, at])
        if (role === 'rdf') return null
      } else {
        stack.push({ namespaces, name, role, cutFrom })
      }
    }
  }
  if (stack.length || rdfCount !== 1 || rdfEnd < 0) return null
  const pieces: string[] = []
  let from = 0
  for (const [start, end] of cuts.sort((a, b) => a[0] - b[0])) {
    pieces.push(packet.slice(from, start))
    from = end
  }
  pieces.push(packet.slice(from, rdfEnd), houseDescription(metadata, about ?? '""'), packet.slice(rdfEnd))
  return pieces.join('')
}
