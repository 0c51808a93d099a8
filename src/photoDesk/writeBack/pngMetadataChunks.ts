// A PNG's metadata lives in text chunks: XMP in an iTXt chunk keyed "XML:com.adobe.xmp", IPTC-IIM as a Photoshop
// resource block written in hex in a zTXt chunk keyed "Raw profile type iptc" (ImageMagick's convention, which
// exiftool and exifreader read). The house's fields are merged into the file's own (houseXmp.ts, houseIim.ts) and the
// new chunks placed before the image data, where exiftool puts them; every other chunk stays byte for byte. Null when
// the merge is better left to exiftool (chunks that do not add up, XMP kept compressed or in another chunk type,
// a profile that is not hex). Pure.
import zlib from 'node:zlib'

import type { HouseMetadata } from './houseMetadata'
import { photoshopBlockWithHouseFields } from './houseIim'
import { xmpWithHouseFields } from './houseXmp'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const XMP_KEYWORD = 'XML:com.adobe.xmp'
const IPTC_KEYWORD = 'Raw profile type iptc'
/** An agency's IIM profile, inflated, may not be larger than this. */
const MAX_PROFILE_BYTES = 1024 * 1024

type Chunk = { type: string; bytes: Buffer; data: Buffer }

function chunksOf(png: Buffer): Chunk[] | null {
  if (png.length < SIGNATURE.length || !png.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return null
  const chunks: Chunk[] = []
  for (let at = SIGNATURE.length; at < png.length; ) {
    if (at + 12 > png.length) return null
    const length = png.readUInt32BE(at)
    if (at + 12 + length > png.length) return null
    const type = png.toString('latin1', at + 4, at + 8)
    chunks.push({ type, bytes: png.subarray(at, at + 12 + length), data: png.subarray(at + 8, at + 8 + length) })
    at += 12 + length
    if (type === 'IEND') return chunks
  }
  return null
}

const keywordOf = (chunk: Chunk) => (['tEXt', 'zTXt', 'iTXt'].includes(chunk.type) ? chunk.data.toString('latin1', 0, Math.max(0, chunk.data.indexOf(0))) : null)

function chunkOf(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0)
  return Buffer.concat([head, data, crc])
}

/** The hex of a "Raw profile type" text: a blank line, its name, its length, then the bytes in hex. */
function profileBytesOf(text: string): Buffer | null {
  const match = /^\s*\n?[^\n]*\n\s*(\d+)\s*\n([0-9a-fA-F\s]*)$/.exec(text)
  if (!match) return null
  const hex = match[2].replace(/\s+/g, '')
  if (hex.length % 2 || hex.length / 2 !== Number(match[1])) return null
  return Buffer.from(hex, 'hex')
}

function profileTextOf(bytes: Buffer): string {
  const hex = bytes.toString('hex')
  const lines = hex.match(/.{1,72}/g) ?? []
  return `\nIPTC profile\n${String(bytes.length).padStart(8)}\n${lines.join('\n')}\n`
}

/** The PNG as parts to write, with the house's XMP and IIM in place of its own; null to leave the file to exiftool. */
export function pngWithHouseMetadata(png: Buffer, metadata: HouseMetadata): Buffer[] | null {
  const chunks = chunksOf(png)
  if (!chunks) return null
  const xmpChunks = chunks.filter((chunk) => keywordOf(chunk) === XMP_KEYWORD)
  const iimChunks = chunks.filter((chunk) => keywordOf(chunk) === IPTC_KEYWORD)
  if (xmpChunks.length > 1 || iimChunks.length > 1) return null

  let ownPacket: string | null = null
  if (xmpChunks.length) {
    const [{ type, data }] = xmpChunks
    // iTXt: keyword, 0, compression flag, method, language tag, 0, translated keyword, 0, text. Only plain text is edited here.
    if (type !== 'iTXt') return null
    const afterKeyword = XMP_KEYWORD.length + 1
    if (data[afterKeyword] !== 0) return null
    const languageEnd = data.indexOf(0, afterKeyword + 2)
    const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1)
    if (translatedEnd < 0) return null
    try {
      ownPacket = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data.subarray(translatedEnd + 1))
    } catch {
      return null
    }
  }
  let ownBlock: Buffer | null = null
  if (iimChunks.length) {
    const [{ type, data }] = iimChunks
    const afterKeyword = IPTC_KEYWORD.length + 1
    let text: string
    try {
      if (type === 'zTXt') text = zlib.inflateSync(data.subarray(afterKeyword + 1), { maxOutputLength: MAX_PROFILE_BYTES }).toString('latin1')
      else if (type === 'tEXt') text = data.toString('latin1', afterKeyword)
      else return null
    } catch {
      return null
    }
    const profile = profileBytesOf(text)
    if (!profile) return null
    // A Photoshop block (exiftool's way), or bare IIM datasets (some writers'): the bare ones become the block's IIM.
    if (profile[0] === 0x1c) {
      const size = Buffer.alloc(4)
      size.writeUInt32BE(profile.length)
      ownBlock = Buffer.concat([Buffer.from('8BIM\u0004\u0004\u0000\u0000', 'latin1'), size, profile, Buffer.alloc(profile.length % 2)])
    } else {
      ownBlock = profile
    }
  }
  const packet = xmpWithHouseFields(ownPacket, metadata)
  const block = packet === null ? null : photoshopBlockWithHouseFields(ownBlock, metadata)
  if (packet === null || !block) return null

  const xmp = chunkOf('iTXt', Buffer.concat([Buffer.from(`${XMP_KEYWORD}\0\0\0\0\0`, 'latin1'), Buffer.from(packet, 'utf8')]))
  const iim = chunkOf('zTXt', Buffer.concat([Buffer.from(`${IPTC_KEYWORD}\0\0`, 'latin1'), zlib.deflateSync(Buffer.from(profileTextOf(block), 'latin1'))]))
  const kept = chunks.filter((chunk) => !xmpChunks.includes(chunk) && !iimChunks.includes(chunk))
  const firstData = kept.findIndex((chunk) => chunk.type === 'IDAT')
  if (firstData < 1) return null
  return [SIGNATURE, ...kept.slice(0, firstData).map((chunk) => chunk.bytes), iim, xmp, ...kept.slice(firstData).map((chunk) => chunk.bytes)]
}
