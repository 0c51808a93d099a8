// What of a photo, a credit or an organization readers of a live story see, as data: a change to one of these
// fields while a live story shows the document is an editor's act. Pure; the hooks beside it apply it.
import { idOf } from '../fields/relationIds'

type Comparison = 'text' | 'number' | 'boolean' | 'relation' | 'relations' | 'date' | 'rows'

/** How a field compares; with the words people read where they are not the field's own name ("socialHandles"). */
type ShownField = Comparison | { label: string; compare: Comparison }

export type LiveAssetCollection = 'media' | 'photo-credits' | 'organizations'

export const SHOWN_FIELDS: Record<LiveAssetCollection, Record<string, ShownField>> = {
  media: {
    alt: { label: 'alt text', compare: 'text' },
    caption: 'text',
    credit: { label: 'photo credit', compare: 'relation' },
    // The focal point decides how every size of the image is cropped.
    focalX: { label: 'focal point', compare: 'number' },
    focalY: { label: 'focal point', compare: 'number' },
  },
  'photo-credits': {
    photographer: 'text',
    pool: { label: 'pool flag', compare: 'boolean' },
    agencies: 'relations',
    courtesyOf: { label: '“courtesy of” organization', compare: 'relation' },
    license: { label: 'licence', compare: 'text' },
    licenseExpiresAt: { label: 'licence dates', compare: 'date' },
  },
  organizations: {
    name: 'text',
    slug: 'text',
    kind: 'text',
    website: 'text',
    description: 'text',
    socialHandles: { label: 'social handles', compare: 'rows' },
  },
}

const described = (field: string, shown: ShownField): { label: string; compare: Comparison } =>
  typeof shown === 'string' ? { label: field, compare: shown } : shown

/** 10 and '10' are the same relation: ids compare as text. */
const comparableIdOf = (value: unknown): string | null => {
  const id = idOf(value)
  return id === undefined ? null : String(id)
}

const timeOf = (value: unknown): number | string | null => {
  if (value === null || value === undefined || value === '') return null
  const date = value instanceof Date ? value : new Date(String(value))
  return Number.isNaN(date.getTime()) ? String(value) : date.getTime()
}

/** Rows of an array field, without Payload's row ids (the admin sends new ones for the same content). */
const rowsOf = (value: unknown): string =>
  JSON.stringify(
    (Array.isArray(value) ? value : []).map((row) =>
      row && typeof row === 'object' ? Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'id')) : row,
    ),
  )

const COMPARABLE: Record<Comparison, (value: unknown) => unknown> = {
  text: (value) => (value === undefined || value === null || value === '' ? null : typeof value === 'string' ? value : JSON.stringify(value)),
  number: (value) => (value === undefined || value === null || value === '' ? null : Number(value)),
  boolean: (value) => value === true,
  relation: comparableIdOf,
  relations: (value) => JSON.stringify((Array.isArray(value) ? value : []).map(comparableIdOf)),
  date: timeOf,
  rows: rowsOf,
}

/**
 * The labels of the shown fields that `data` changes (compared by content: the admin sends every field back),
 * plus "file" when the write replaces or re-crops the image.
 */
export function changedShownFields({
  collection,
  data,
  original,
  replacesFile = false,
}: {
  collection: LiveAssetCollection
  data: Record<string, unknown> | undefined
  original: Record<string, unknown> | undefined
  replacesFile?: boolean
}): string[] {
  const labels = new Set<string>()
  if (replacesFile) labels.add('file')
  for (const [field, shown] of Object.entries(SHOWN_FIELDS[collection])) {
    const { label, compare } = described(field, shown)
    if (!data || !(field in data)) continue
    const comparable = COMPARABLE[compare]
    if (!Object.is(comparable(data[field]), comparable(original?.[field]))) labels.add(label)
  }
  return [...labels]
}

/** "a", "a and b", "a, b and c". */
export const listOf = (items: string[]): string =>
  items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
