// Photo files with embedded IPTC metadata (XMP, IPTC-IIM or both), written by ExifTool: an independent writer,
// so the tests check the reader against files made the way agencies' tools make them. Call `endPhotoWriter()`
// in afterAll: ExifTool keeps a process open between writes.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { ExifTool, type WriteTags } from 'exiftool-vendored'
import sharp from 'sharp'

let writer: ExifTool | null = null
const exiftool = () => (writer ??= new ExifTool({ maxProcs: 1, taskTimeoutMillis: 30_000 }))

export const endPhotoWriter = async () => {
  await writer?.end()
  writer = null
}

export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'avif'
export const EXTENSIONS: Record<PhotoFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif' }
export const MIME_TYPES: Record<PhotoFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' }

/** Agency metadata as ExifTool names it: `XMP-dc:Creator`, `IPTC:By-line`, … */
export type Tags = Record<string, string | string[]>

/** The same credit written as XMP, as IPTC-IIM, or both, as a wire photo carries it. */
export function wireTags({
  creator,
  credit,
  source,
  caption,
  alt,
  rights,
  where = 'both',
}: {
  creator?: string
  credit?: string
  source?: string
  caption?: string
  alt?: string
  rights?: string
  where?: 'xmp' | 'iim' | 'both'
}): Tags {
  const xmp: Tags = {}
  const iim: Tags = {}
  if (creator) [xmp['XMP-dc:Creator'], iim['IPTC:By-line']] = [[creator], creator]
  if (credit) [xmp['XMP-photoshop:Credit'], iim['IPTC:Credit']] = [credit, credit]
  if (source) [xmp['XMP-photoshop:Source'], iim['IPTC:Source']] = [source, source]
  if (caption) [xmp['XMP-dc:Description'], iim['IPTC:Caption-Abstract']] = [caption, caption]
  if (rights) [xmp['XMP-dc:Rights'], iim['IPTC:CopyrightNotice']] = [rights, rights]
  if (alt) xmp['XMP-iptcCore:AltTextAccessibility'] = alt
  return { ...(where === 'iim' ? {} : xmp), ...(where === 'xmp' ? {} : iim) }
}

let counter = 0

/** A small picture of `format` with `tags` embedded; `color` keeps files apart. */
export async function photoWithMetadata({
  tags,
  format = 'jpeg',
  width = 64,
  height = 48,
  color = '#557799',
}: {
  tags: Tags
  format?: PhotoFormat
  width?: number
  height?: number
  color?: string
}): Promise<Buffer> {
  const pixels = await sharp({ create: { width, height, channels: 3, background: color } }).toFormat(format).toBuffer()
  if (Object.keys(tags).length === 0) return pixels
  counter += 1
  const file = path.join(os.tmpdir(), `newsroom-photo-${process.pid}-${counter}.${EXTENSIONS[format]}`)
  await fs.writeFile(file, pixels)
  try {
    // Values may hold newlines, `<`, `&`: ExifTool writes them as given (and escapes them in XMP itself).
    await exiftool().write(file, tags as WriteTags, { writeArgs: ['-overwrite_original', '-codedcharacterset=utf8'] })
    return await fs.readFile(file)
  } finally {
    await fs.rm(file, { force: true })
  }
}

/** A multipart body as the admin and REST clients send it. */
export function uploadForm({ file, name, format = 'jpeg', data = {} }: { file: Buffer; name: string; format?: PhotoFormat; data?: Record<string, unknown> }) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(file)], { type: MIME_TYPES[format] }), name)
  form.append('_payload', JSON.stringify(data))
  return form
}
