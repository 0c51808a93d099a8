// A JPEG's metadata lives in marker segments before its picture: APP1 for XMP, APP13 for IPTC-IIM inside a Photoshop
// resource block. The house's fields are merged into the file's own segments in Node (houseXmp.ts, houseIim.ts) and
// the new segments spliced in place of the old ones; the picture, Exif, colour profile and every other segment stay
// byte for byte, and no other process is involved. Pure.
import type { HouseMetadata } from './houseMetadata'
import { photoshopBlockWithHouseFields } from './houseIim'
import { xmpWithHouseFields } from './houseXmp'

const XMP_HEADER = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1')
const EXTENDED_XMP_HEADER = Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1')
const PHOTOSHOP_HEADER = Buffer.from('Photoshop 3.0\0', 'latin1')
const EXIF_HEADER = Buffer.from('Exif\0', 'latin1')

const APP0 = 0xe0
const APP1 = 0xe1
const APP13 = 0xed
const START_OF_SCAN = 0xda

type Segment = { marker: number; bytes: Buffer }

const startsWith = (segment: Segment, header: Buffer) => segment.bytes.subarray(4, 4 + header.length).equals(header)

const isXmp = (segment: Segment) => segment.marker === APP1 && (startsWith(segment, XMP_HEADER) || startsWith(segment, EXTENDED_XMP_HEADER))
const isIim = (segment: Segment) => segment.marker === APP13 && startsWith(segment, PHOTOSHOP_HEADER)

/** The marker segments before the image data, and the rest (from start of scan on), or null when not a JPEG. */
function segmentsOf(jpeg: Buffer): { segments: Segment[]; rest: Buffer } | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null
  const segments: Segment[] = []
  let at = 2
  while (at + 4 <= jpeg.length) {
    if (jpeg[at] !== 0xff) return null
    const marker = jpeg[at + 1]
    if (marker === 0xff) {
      at += 1
      continue
    }
    if (marker === START_OF_SCAN) return { segments, rest: jpeg.subarray(at) }
    const length = jpeg.readUInt16BE(at + 2)
    if (length < 2 || at + 2 + length > jpeg.length) return null
    segments.push({ marker, bytes: jpeg.subarray(at, at + 2 + length) })
    at += 2 + length
  }
  return null
}

/** The XMP and IIM segments of a JPEG (as exiftool wrote them into a template), to splice into others. */
export function metadataSegmentsOf(jpeg: Buffer): Buffer[] {
  const parsed = segmentsOf(jpeg)
  if (!parsed) throw new Error('The metadata template is not a JPEG.')
  return parsed.segments.filter((segment) => isXmp(segment) || isIim(segment)).map((segment) => segment.bytes)
}

/** A JPEG's own XMP and IIM segments, or null when its segments do not add up (not a JPEG, or a broken one). */
export function ownMetadataSegmentsOf(jpeg: Buffer): Buffer[] | null {
  const parsed = segmentsOf(jpeg)
  return parsed && parsed.segments.filter((segment) => isXmp(segment) || isIim(segment)).map((segment) => segment.bytes)
}

/**
 * The JPEG with its XMP and IIM segments replaced by `metadata` (placed after the leading JFIF and Exif segments,
 * where readers look first); every other segment and the image data are kept byte for byte. Throws on a file that
 * is not a well-formed JPEG, so a broken file is reported rather than rewritten.
 */
export function spliceJpegMetadata(jpeg: Buffer, metadata: Buffer[]): Buffer {
  return Buffer.concat(splicedJpegParts(jpeg, metadata))
}

/** The same, as the parts to write one after another: a 12 MB photo is written without first copying it whole. */
export function splicedJpegParts(jpeg: Buffer, metadata: Buffer[]): Buffer[] {
  const parsed = segmentsOf(jpeg)
  if (!parsed) throw new Error('The file is not a well-formed JPEG.')
  const kept = parsed.segments.filter((segment) => !isXmp(segment) && !isIim(segment))
  let leading = 0
  while (leading < kept.length && (kept[leading].marker === APP0 || (kept[leading].marker === APP1 && startsWith(kept[leading], EXIF_HEADER)))) leading += 1
  return [
    jpeg.subarray(0, 2),
    ...kept.slice(0, leading).map((segment) => segment.bytes),
    ...metadata,
    ...kept.slice(leading).map((segment) => segment.bytes),
    parsed.rest,
  ]
}

/** A segment's bytes are at most 65,535 after its marker, its length's two bytes included. */
const MAX_SEGMENT_BODY = 0xffff - 2
const segmentOf = (marker: number, header: Buffer, body: Buffer): Buffer => {
  const length = Buffer.alloc(4)
  length.writeUInt16BE(0xff00 | marker, 0)
  length.writeUInt16BE(2 + header.length + body.length, 2)
  return Buffer.concat([length, header, body])
}

/** Room left in the XMP packet for later edits, as exiftool and Photoshop leave it: a credit changed later then fits
 * where the old one was, and the file is rewritten without moving its picture (writeMetadataIntoFile.ts). */
export const XMP_PADDING_BYTES = 2048

/** Whitespace to pad a packet with: lines of 100 characters, as exiftool writes them. */
const paddingOf = (bytes: number) => `${(' '.repeat(99) + '\n').repeat(Math.floor(bytes / 100))}${' '.repeat(bytes % 100)}`

const PACKET_END = /<\?xpacket\s+end\s*=\s*['"][rw]['"]\s*\?>\s*$/

/** The packet without its padding (the whitespace before its closing processing instruction), and with `padding` bytes of it. */
function withPadding(packet: string, padding: number): string {
  const end = PACKET_END.exec(packet)
  if (!end) return `${packet.trimEnd()}\n${paddingOf(padding)}`
  return `${packet.slice(0, end.index).trimEnd()}\n${paddingOf(padding)}${end[0]}`
}

export type HouseSegments = { segments: Buffer[]; isSameLength: boolean }

/**
 * The file's own XMP and IIM segments (`own`, from ownMetadataSegmentsOf) with the house's fields merged in, as the
 * new segments to splice: the agency's other fields kept, the house's replaced. When they fit in `sameLengthAs`
 * bytes (the own segments' length: the packet's padding makes room), the packet is padded to exactly that, so the
 * picture stays where it was in the file (`isSameLength`); otherwise it gets XMP_PADDING_BYTES of room for next time.
 * Null when the merge is better left to exiftool: extended XMP (over 64 KB), more than one XMP packet, a packet or a
 * resource block this code does not fully understand, or a merged packet too large for one segment.
 */
export function houseMetadataSegmentsOf(own: Buffer[], metadata: HouseMetadata, { sameLengthAs }: { sameLengthAs?: number } = {}): HouseSegments | null {
  const xmpSegments = own.filter((bytes) => bytes[1] === APP1 && bytes.subarray(4, 4 + XMP_HEADER.length).equals(XMP_HEADER))
  const hasExtendedXmp = own.some((bytes) => bytes.subarray(4, 4 + EXTENDED_XMP_HEADER.length).equals(EXTENDED_XMP_HEADER))
  if (hasExtendedXmp || xmpSegments.length > 1) return null
  const iimSegments = own.filter((bytes) => bytes[1] === APP13 && bytes.subarray(4, 4 + PHOTOSHOP_HEADER.length).equals(PHOTOSHOP_HEADER))
  const ownPacket = xmpSegments.length ? xmpSegments[0].subarray(4 + XMP_HEADER.length) : null
  // XMP in a JPEG is UTF-8; a packet that is not (UTF-16, broken bytes) goes to exiftool.
  let packetText: string | null = null
  if (ownPacket) {
    try {
      packetText = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(ownPacket)
    } catch {
      return null
    }
  }
  const packet = xmpWithHouseFields(packetText, metadata)
  if (packet === null) return null
  // A Photoshop block may run on over several APP13 segments: it is read as one and cut again as needed.
  const ownBlock = iimSegments.length ? Buffer.concat(iimSegments.map((bytes) => bytes.subarray(4 + PHOTOSHOP_HEADER.length))) : null
  const block = photoshopBlockWithHouseFields(ownBlock, metadata)
  if (!block) return null
  const iim: Buffer[] = []
  const room = MAX_SEGMENT_BODY - PHOTOSHOP_HEADER.length
  for (let at = 0; at < block.length; at += room) iim.push(segmentOf(APP13, PHOTOSHOP_HEADER, block.subarray(at, at + room)))
  const iimLength = iim.reduce((sum, segment) => sum + segment.length, 0)
  const xmpSegmentOf = (padding: number) => {
    const xmp = Buffer.from(withPadding(packet, padding), 'utf8')
    return XMP_HEADER.length + xmp.length > MAX_SEGMENT_BODY ? null : segmentOf(APP1, XMP_HEADER, xmp)
  }
  const unpadded = xmpSegmentOf(0)
  if (!unpadded) return null
  const spare = sameLengthAs === undefined ? -1 : sameLengthAs - unpadded.length - iimLength
  const sameLength = spare >= 0 ? xmpSegmentOf(spare) : null
  if (sameLength) return { segments: [sameLength, ...iim], isSameLength: true }
  return { segments: [xmpSegmentOf(XMP_PADDING_BYTES) ?? unpadded, ...iim], isSameLength: false }
}

/** Room the upload leaves in a JPEG's XMP packet for the house's fields (about 1.5 KB of XMP and IIM, typically). */
export const UPLOAD_ROOM_BYTES = 4096

const EMPTY_PACKET =
  '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' +
  '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>'

/**
 * The JPEG with room in its XMP packet (padding, the packet's own means for later edits) where it has less than
 * `room` bytes of it: its own packet kept, or an empty one where it has none. Nothing else changes: no field, no
 * value, the picture and every other segment byte for byte. Null when the file needs nothing, or is not a JPEG this
 * code reads (extended XMP, a packet that is not UTF-8): the write-back then copes as before.
 */
export function jpegWithRoomForMetadata(jpeg: Buffer, room = UPLOAD_ROOM_BYTES): Buffer | null {
  const own = ownMetadataSegmentsOf(jpeg)
  if (!own || own.some((bytes) => bytes.subarray(4, 4 + EXTENDED_XMP_HEADER.length).equals(EXTENDED_XMP_HEADER))) return null
  const xmpSegments = own.filter((bytes) => bytes[1] === APP1 && bytes.subarray(4, 4 + XMP_HEADER.length).equals(XMP_HEADER))
  if (xmpSegments.length > 1) return null
  let packet = EMPTY_PACKET
  if (xmpSegments.length) {
    try {
      packet = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(xmpSegments[0].subarray(4 + XMP_HEADER.length))
    } catch {
      return null
    }
    const end = PACKET_END.exec(packet)
    const padding = end ? end.index - packet.slice(0, end.index).trimEnd().length : 0
    if (padding >= room) return null
  }
  const xmp = Buffer.from(withPadding(packet, room), 'utf8')
  if (XMP_HEADER.length + xmp.length > MAX_SEGMENT_BODY) return null
  const iim = own.filter((bytes) => !xmpSegments.includes(bytes))
  return Buffer.concat(splicedJpegParts(jpeg, [segmentOf(APP1, XMP_HEADER, xmp), ...iim]))
}
