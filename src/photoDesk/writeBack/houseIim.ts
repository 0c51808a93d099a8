// The house fields as IPTC-IIM, merged into the Photoshop resource block a file already has (JPEG APP13, PNG's raw
// profile): the IIM resource (8BIM 0x0404) gets the house's datasets in place of its own credit, by-line, copyright
// notice and special instructions, declared UTF-8 (1:90 ESC % G); every other dataset (the agency's caption,
// keywords, dates) and every other resource stay as they were. A block whose resources or datasets do not add up is
// not guessed at: null, and the caller lets exiftool merge. Pure.
import { createHash } from 'node:crypto'

import { type HouseMetadata, IIM_MAX_BYTES, fitBytes } from './houseMetadata'

const IIM_RESOURCE = 0x0404
/** The MD5 of the IIM, by which Photoshop and exiftool tell whether XMP and IIM were written together. */
const IIM_DIGEST_RESOURCE = 0x0425
const SIGNATURES = new Set(['8BIM', 'PHUT', 'AgHg', 'DCSR'])
const UTF8 = Buffer.from([0x1b, 0x25, 0x47])

type Resource = { signature: string; id: number; name: Buffer; data: Buffer }
type Dataset = { record: number; dataset: number; value: Buffer }

/** The resources of a Photoshop image resource block, or null when they do not add up. */
export function photoshopResourcesOf(block: Buffer): Resource[] | null {
  const resources: Resource[] = []
  let at = 0
  while (at < block.length) {
    // Padding after the last resource.
    if (block.subarray(at).every((byte) => byte === 0)) break
    if (at + 7 > block.length) return null
    const signature = block.toString('latin1', at, at + 4)
    if (!SIGNATURES.has(signature)) return null
    const id = block.readUInt16BE(at + 4)
    const nameLength = block[at + 6]
    const nameBytes = 1 + nameLength + ((1 + nameLength) % 2)
    const sizeAt = at + 6 + nameBytes
    if (sizeAt + 4 > block.length) return null
    const size = block.readUInt32BE(sizeAt)
    const dataAt = sizeAt + 4
    if (dataAt + size > block.length) return null
    resources.push({ signature, id, name: block.subarray(at + 6, sizeAt), data: block.subarray(dataAt, dataAt + size) })
    at = dataAt + size + (size % 2)
  }
  return resources
}

function photoshopBlockOf(resources: Resource[]): Buffer {
  const parts: Buffer[] = []
  for (const { signature, id, name, data } of resources) {
    const header = Buffer.alloc(6)
    header.write(signature, 0, 'latin1')
    header.writeUInt16BE(id, 4)
    const size = Buffer.alloc(4)
    size.writeUInt32BE(data.length)
    parts.push(header, name, size, data, ...(data.length % 2 ? [Buffer.alloc(1)] : []))
  }
  return Buffer.concat(parts)
}

/** IIM datasets (tag 0x1C, record, dataset, length), or null when they do not add up. */
export function iimDatasetsOf(iim: Buffer): Dataset[] | null {
  const datasets: Dataset[] = []
  let at = 0
  while (at < iim.length) {
    if (iim[at] !== 0x1c) {
      if (iim.subarray(at).every((byte) => byte === 0)) break
      return null
    }
    if (at + 5 > iim.length) return null
    let length = iim.readUInt16BE(at + 3)
    let valueAt = at + 5
    if (length & 0x8000) {
      // An extended dataset: the low bits count the bytes of its length.
      const lengthBytes = length & 0x7fff
      if (lengthBytes < 1 || lengthBytes > 4 || valueAt + lengthBytes > iim.length) return null
      length = iim.readUIntBE(valueAt, lengthBytes)
      valueAt += lengthBytes
    }
    if (valueAt + length > iim.length) return null
    datasets.push({ record: iim[at + 1], dataset: iim[at + 2], value: iim.subarray(valueAt, valueAt + length) })
    at = valueAt + length
  }
  return datasets
}

function iimOf(datasets: Dataset[]): Buffer {
  const parts: Buffer[] = []
  for (const { record, dataset, value } of datasets) {
    if (value.length < 0x8000) {
      parts.push(Buffer.from([0x1c, record, dataset, value.length >> 8, value.length & 0xff]), value)
    } else {
      const header = Buffer.from([0x1c, record, dataset, 0x80, 0x04, 0, 0, 0, 0])
      header.writeUInt32BE(value.length, 5)
      parts.push(header, value)
    }
  }
  return Buffer.concat(parts)
}

// The application record's datasets that are numbers or pictures, not text: never re-encoded.
const BINARY_DATASETS = new Set([0, 150, 200, 201, 202])
const isUtf8 = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}
const windows1252 = new TextDecoder('windows-1252')

/** The datasets the house writes, as UTF-8 text cut to each dataset's length (houseMetadata.ts). */
function houseDatasets(metadata: HouseMetadata): Dataset[] {
  const text = (record: number, dataset: number, value: string | null, maxBytes: number): Dataset[] =>
    value ? [{ record, dataset, value: Buffer.from(fitBytes(value, maxBytes), 'utf8') }] : []
  const instructions = [metadata.usageTerms, metadata.webStatement].filter(Boolean).join(' ')
  return [
    { record: 1, dataset: 90, value: UTF8 },
    ...text(2, 40, instructions, IIM_MAX_BYTES.specialInstructions),
    ...text(2, 80, metadata.creator, IIM_MAX_BYTES.byLine),
    ...text(2, 110, metadata.creditLine, IIM_MAX_BYTES.credit),
    ...text(2, 116, metadata.copyrightNotice, IIM_MAX_BYTES.copyrightNotice),
  ]
}

const REPLACED = new Set(['1:90', '2:40', '2:80', '2:110', '2:116'])

/** The IIM with the house's datasets in place of its own, in record and dataset order; null when it does not add up. */
export function iimWithHouseFields(iim: Buffer | null, metadata: HouseMetadata): Buffer | null {
  const own = iim ? iimDatasetsOf(iim) : []
  if (!own) return null
  const wasUtf8 = own.some(({ record, dataset, value }) => record === 1 && dataset === 90 && value.equals(UTF8))
  const kept = own
    .filter(({ record, dataset }) => !REPLACED.has(`${record}:${dataset}`))
    .map((item) =>
      // Declared UTF-8 from now on: text written in another character set (wire photos of old, in Latin-1) is carried over.
      !wasUtf8 && item.record === 2 && !BINARY_DATASETS.has(item.dataset) && !isUtf8(item.value)
        ? { ...item, value: Buffer.from(windows1252.decode(item.value), 'utf8') }
        : item,
    )
  const versions: Dataset[] = [
    // Record versions (4, as exiftool and Photoshop write), where the file had none.
    ...(kept.some(({ record, dataset }) => record === 1 && dataset === 0) ? [] : [{ record: 1, dataset: 0, value: Buffer.from([0, 4]) }]),
    ...(kept.some(({ record, dataset }) => record === 2 && dataset === 0) ? [] : [{ record: 2, dataset: 0, value: Buffer.from([0, 4]) }]),
  ]
  // A stable sort: repeated datasets (keywords) keep their order.
  const datasets = [...versions, ...kept, ...houseDatasets(metadata)].sort((a, b) => a.record - b.record || a.dataset - b.dataset)
  return iimOf(datasets)
}

/** A Photoshop resource block with the house's IIM (and its digest, where the block keeps one); null when it does not add up. */
export function photoshopBlockWithHouseFields(block: Buffer | null, metadata: HouseMetadata): Buffer | null {
  const resources = block ? photoshopResourcesOf(block) : []
  if (!resources) return null
  const iimResource = resources.find((resource) => resource.id === IIM_RESOURCE && resource.signature === '8BIM')
  const iim = iimWithHouseFields(iimResource?.data ?? null, metadata)
  if (!iim) return null
  const noName = Buffer.from([0, 0])
  const updated = resources.map((resource) => {
    if (resource === iimResource) return { ...resource, data: iim }
    if (resource.id === IIM_DIGEST_RESOURCE && resource.signature === '8BIM') return { ...resource, data: createHash('md5').update(iim).digest() }
    return resource
  })
  if (!iimResource) updated.push({ signature: '8BIM', id: IIM_RESOURCE, name: noName, data: iim })
  return photoshopBlockOf(updated)
}
