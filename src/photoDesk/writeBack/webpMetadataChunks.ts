// A WebP's XMP lives in a RIFF chunk "XMP " of the extended format, announced by a flag of its VP8X chunk (WebP has
// no place for IPTC-IIM). The house's fields are merged into the file's own packet (houseXmp.ts); a simple WebP (a
// bare VP8 or VP8L picture, as sharp makes sizes) gets the VP8X chunk that the extended format starts with, its
// canvas read from the picture's header, as exiftool does. Every other chunk stays byte for byte. Null when the
// merge is better left to exiftool (chunks that do not add up, a picture header this code does not know). Pure.
import type { HouseMetadata } from './houseMetadata'
import { xmpWithHouseFields } from './houseXmp'

const XMP_FLAG = 0x04
const ALPHA_FLAG = 0x10

type Chunk = { fourcc: string; bytes: Buffer; data: Buffer }

function chunksOf(webp: Buffer): Chunk[] | null {
  if (webp.length < 12 || webp.toString('latin1', 0, 4) !== 'RIFF' || webp.toString('latin1', 8, 12) !== 'WEBP') return null
  const end = 8 + webp.readUInt32LE(4)
  if (end > webp.length) return null
  const chunks: Chunk[] = []
  for (let at = 12; at < end; ) {
    if (at + 8 > end) return null
    const fourcc = webp.toString('latin1', at, at + 4)
    const length = webp.readUInt32LE(at + 4)
    const padded = length + (length % 2)
    if (at + 8 + length > end) return null
    chunks.push({ fourcc, bytes: webp.subarray(at, Math.min(end, at + 8 + padded)), data: webp.subarray(at + 8, at + 8 + length) })
    at += 8 + padded
  }
  return chunks
}

function chunkOf(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.write(fourcc, 0, 'latin1')
  head.writeUInt32LE(data.length, 4)
  return Buffer.concat([head, data, Buffer.alloc(data.length % 2)])
}

/** A simple WebP's canvas, from its VP8 or VP8L header; null when the header is not one of them. */
function canvasOf(chunk: Chunk): { width: number; height: number; hasAlpha: boolean } | null {
  const { fourcc, data } = chunk
  if (fourcc === 'VP8 ' && data.length >= 10 && data[3] === 0x9d && data[4] === 0x01 && data[5] === 0x2a) {
    return { width: data.readUInt16LE(6) & 0x3fff, height: data.readUInt16LE(8) & 0x3fff, hasAlpha: false }
  }
  if (fourcc === 'VP8L' && data.length >= 5 && data[0] === 0x2f) {
    const bits = data.readUInt32LE(1)
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, hasAlpha: ((bits >>> 28) & 1) === 1 }
  }
  return null
}

/** The WebP as parts to write, with the house's XMP in place of its own; null to leave the file to exiftool. */
export function webpWithHouseMetadata(webp: Buffer, metadata: HouseMetadata): Buffer[] | null {
  const chunks = chunksOf(webp)
  if (!chunks?.length) return null
  const xmpChunks = chunks.filter((chunk) => chunk.fourcc === 'XMP ')
  if (xmpChunks.length > 1) return null
  let ownPacket: string | null = null
  if (xmpChunks.length) {
    try {
      ownPacket = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(xmpChunks[0].data)
    } catch {
      return null
    }
  }
  const packet = xmpWithHouseFields(ownPacket, metadata)
  if (packet === null) return null
  const kept = chunks.filter((chunk) => chunk.fourcc !== 'XMP ')
  let header: Buffer
  let rest: Chunk[]
  if (kept[0].fourcc === 'VP8X') {
    if (kept[0].data.length < 10) return null
    const data = Buffer.from(kept[0].data)
    data[0] |= XMP_FLAG
    header = chunkOf('VP8X', data)
    rest = kept.slice(1)
  } else {
    // A simple WebP is one picture chunk: anything else is not one this code knows.
    if (kept.length !== 1) return null
    const canvas = canvasOf(kept[0])
    if (!canvas || canvas.width < 1 || canvas.height < 1) return null
    const data = Buffer.alloc(10)
    data[0] = XMP_FLAG | (canvas.hasAlpha ? ALPHA_FLAG : 0)
    data.writeUIntLE(canvas.width - 1, 4, 3)
    data.writeUIntLE(canvas.height - 1, 7, 3)
    header = chunkOf('VP8X', data)
    rest = kept
  }
  // XMP comes last, after the picture and any Exif.
  // A last chunk of odd length may lack its padding byte: it gets one, as a chunk now follows it.
  const body = [header, ...rest.flatMap((chunk) => (chunk.bytes.length % 2 ? [chunk.bytes, Buffer.alloc(1)] : [chunk.bytes])), chunkOf('XMP ', Buffer.from(packet, 'utf8'))]
  const riff = Buffer.alloc(12)
  riff.write('RIFF', 0, 'latin1')
  riff.writeUInt32LE(4 + body.reduce((sum, part) => sum + part.length, 0), 4)
  riff.write('WEBP', 8, 'latin1')
  return [riff, ...body]
}
