// Reads a photo file's IPTC metadata (XMP in JPEG, PNG, WebP and AVIF; IPTC-IIM in JPEG and PNG) with
// exifreader: pure JavaScript in this process, so a reading costs no child process and no temporary file
// (bench/photoMetadataReaders.ts compares it with exifr, exiftool-vendored and sharp). It never throws:
// a file whose metadata cannot be read yields no values and a note.
import zlib from 'node:zlib'

import ExifReader from 'exifreader'

import { emptyPhotoMetadata, iimDateTime, pickValue, type PhotoMetadata, readLicenseEnd } from './photoMetadata'

/** An XMP packet larger than this is not an agency's caption sheet: it is skipped, not parsed. */
export const MAX_XMP_BYTES = 512 * 1024
/** Compressed PNG text (where IPTC-IIM and sometimes XMP live) may not inflate past this. */
const MAX_DECOMPRESSED_BYTES = 1024 * 1024
/** The async part of a reading (PNG inflation) may take this long before the file's metadata is given up on. */
export const READ_TIMEOUT_MS = 2000

type Tag = { value?: unknown; description?: unknown } | undefined
type Group = Record<string, Tag>

/** An XMP value: a plain string, a language alternative or a list (first item), or a struct field. */
function xmpText(tag: Tag, structField?: string): unknown {
  if (!tag) return undefined
  const { value } = tag
  if (typeof value === 'string') return value
  if (Array.isArray(value) && value.length > 0) {
    const first = value[0] as Record<string, Tag> & { value?: unknown }
    if (structField) return xmpText(first?.[structField])
    if (Array.isArray(value) && value.every((item) => typeof (item as { value?: unknown })?.value === 'string')) {
      // A list of creators is one credit: "A and B" is how an editor would write it.
      const items = (value as { value: string }[]).map((item) => item.value)
      return (first as { attributes?: { lang?: string } }).attributes?.lang !== undefined ? items[0] : items.join(', ')
    }
    return typeof first?.value === 'string' ? first.value : undefined
  }
  return undefined
}

/** IIM values come back as decoded text in `description`; anything else is not text. */
const iimText = (tag: Tag): unknown => (tag === undefined ? undefined : typeof tag.description === 'string' ? tag.description : null)

/** PNG keeps IPTC-IIM as hex in a "Raw profile type iptc" text chunk (ImageMagick's and ExifTool's way). */
function iimFromPngProfile(profile: unknown): Group {
  if (typeof profile !== 'string') return {}
  const lines = profile.trim().split('\n')
  const hex = lines.slice(2).join('').replace(/\s+/g, '')
  if (!/^[0-9a-f]*$/i.test(hex) || hex.length > 2 * MAX_DECOMPRESSED_BYTES) return {}
  const bytes = Buffer.from(hex, 'hex')
  const names: Record<number, string> = {
    37: 'Expiration Date',
    38: 'Expiration Time',
    80: 'By-line',
    110: 'Credit',
    115: 'Source',
    116: 'Copyright Notice',
    120: 'Caption/Abstract',
  }
  const group: Group = {}
  // Datasets: 0x1C, record, dataset, two-byte length, value. Only record 2 (the application record) matters.
  for (let at = bytes.indexOf(0x1c); at >= 0 && at + 5 <= bytes.length; ) {
    const record = bytes[at + 1]
    const dataset = bytes[at + 2]
    const length = bytes.readUInt16BE(at + 3)
    // Extended (over 32 KiB) datasets are never caption fields: stop rather than guess.
    if (length & 0x8000) break
    // Without a declared character set IIM text is often Latin-1: UTF-8 that does not decode cleanly is read as that.
    const raw = bytes.subarray(at + 5, at + 5 + length)
    const asUtf8 = raw.toString('utf8')
    const value = asUtf8.includes('\uFFFD') ? raw.toString('latin1') : asUtf8
    if (record === 2 && names[dataset] && !group[names[dataset]]) group[names[dataset]] = { description: value }
    at = bytes.indexOf(0x1c, at + 5 + length)
  }
  return group
}

// The application-record datasets read here; envelope datasets (character set, model version) carry no metadata.
const IIM_FIELDS = ['Expiration Date', 'Expiration Time', 'By-line', 'Credit', 'Source', 'Copyright Notice', 'Caption/Abstract']

const XMP_START = Buffer.from('<x:xmpmeta')
const XMP_END = Buffer.from('</x:xmpmeta>')

/** The size of the largest plain (uncompressed) XMP packet, found without parsing it. */
function largestXmpPacket(file: Buffer): number {
  let largest = 0
  for (let start = file.indexOf(XMP_START); start >= 0; start = file.indexOf(XMP_START, start + 1)) {
    const end = file.indexOf(XMP_END, start)
    largest = Math.max(largest, (end < 0 ? file.length : end) - start)
  }
  return largest
}

const inflateBounded = (data: Uint8Array): Uint8Array => zlib.inflateSync(data, { maxOutputLength: MAX_DECOMPRESSED_BYTES })

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Reading the metadata took longer than ${ms} ms.`)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })

/**
 * A JPEG's metadata (APP1 XMP, APP13 IIM) sits in the segments before the compressed picture: only those are
 * handed to the parser, which otherwise walks all of a 15 MB wire photo (about 140 ms instead of about 1 ms).
 * Other formats, and a JPEG whose segments do not add up, are read whole.
 */
export function metadataPartOf(file: Buffer): Buffer {
  if (file.length < 4 || file[0] !== 0xff || file[1] !== 0xd8) return file
  let at = 2
  while (at + 4 <= file.length) {
    if (file[at] !== 0xff) return file
    const marker = file[at + 1]
    // Start of scan: the picture's data begins; an end-of-image marker: nothing more.
    if (marker === 0xda || marker === 0xd9) return file.subarray(0, at)
    if (marker === 0xff) {
      at += 1
      continue
    }
    at += 2 + file.readUInt16BE(at + 2)
  }
  return file
}

/** The metadata fields of a photo file. Never throws; what could not be read is in `notes`. */
export async function readEmbeddedMetadata(whole: Buffer): Promise<PhotoMetadata> {
  const file = metadataPartOf(whole)
  const metadata = emptyPhotoMetadata()
  const { notes } = metadata
  const isXmpTooLarge = largestXmpPacket(file) > MAX_XMP_BYTES
  if (isXmpTooLarge) notes.push(`The file’s XMP metadata is larger than ${MAX_XMP_BYTES / 1024} KiB and was not read.`)
  let tags: Record<string, unknown>
  try {
    tags = (await withTimeout(
      ExifReader.load(file, {
        expanded: true,
        async: true,
        includeUnknown: false,
        excludeTags: { exif: true, makerNotes: true, icc: true, mpf: true, ...(isXmpTooLarge ? { xmp: true } : {}) },
        // Node's zlib rather than the web streams exifreader looks for (absent in some runtimes, and then the
        // compressed PNG text where IPTC-IIM lives was silently skipped); bounded against decompression bombs.
        decompress: { deflate: inflateBounded, maxDecompressedSize: MAX_DECOMPRESSED_BYTES },
      }),
      READ_TIMEOUT_MS,
    )) as unknown as Record<string, unknown>
  } catch (error) {
    notes.push(`The file’s metadata could not be read (${String((error as Error)?.message ?? error).slice(0, 120)}); fill in the credit and alt text by hand.`)
    return metadata
  }
  const xmp = (tags.xmp ?? {}) as Group
  const pngText = (tags.pngText ?? {}) as Group
  const iim: Group = tags.iptc ? (tags.iptc as Group) : iimFromPngProfile(pngText['Raw profile type iptc']?.value)
  const hasXmp = Object.keys(xmp).some((key) => key !== '_raw')
  const hasIim = IIM_FIELDS.some((key) => key in iim)
  if (hasXmp) metadata.foundIn.push('XMP')
  if (hasIim) metadata.foundIn.push('IPTC-IIM')

  const pick = (label: string, xmpValue: unknown, iimValue?: unknown) => pickValue({ values: { xmp: xmpValue, iim: iimValue }, label, notes })
  metadata.creator = pick('creator', xmpText(xmp.creator), iimText(iim['By-line']))
  metadata.creditLine = pick('credit line', xmpText(xmp.Credit), iimText(iim.Credit))
  metadata.copyrightNotice = pick('copyright notice', xmpText(xmp.rights), iimText(iim['Copyright Notice']))
  metadata.source = pick('source', xmpText(xmp.Source), iimText(iim.Source))
  metadata.usageTerms = pick('usage terms', xmpText(xmp.UsageTerms))
  metadata.webStatement = pick('web statement', xmpText(xmp.WebStatement))
  metadata.licensor = pick('licensor', xmpText(xmp.Licensor, 'LicensorName'))
  metadata.altText = pick('alt text', xmpText(xmp.AltTextAccessibility))
  metadata.caption = pick('caption', xmpText(xmp.description), iimText(iim['Caption/Abstract']))
  metadata.digitalSourceType = pick('digital source type', xmpText(xmp.DigitalSourceType))
  const iimEnd = iimDateTime({
    date: iimText(iim['Expiration Date']) as string | null,
    time: iimText(iim['Expiration Time']) as string | null,
  })
  if (iimText(iim['Expiration Date']) && !iimEnd) notes.push('The licence end date in the file’s IPTC-IIM is not a date (CCYYMMDD) and was ignored.')
  const expiry = pick('licence end', xmpText(xmp.LicenseEndDate), iimEnd)
  metadata.licenseExpiresAt = readLicenseEnd({ value: expiry, notes })
  return metadata
}
