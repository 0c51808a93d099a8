import { createHash } from 'node:crypto'

/** What counts as the story's content: a change to any of these after approval needs another review. */
export const CONTENT_FIELDS = [
  'title',
  'slug',
  'dek',
  'authors',
  'contributors',
  'heroImage',
  'heroCaption',
  'body',
  'organizations',
  'callsToAction',
  'socialImage',
  'topics',
  'meta',
] as const

// Relationship values arrive as ids or populated documents; rows carry generated ids: neither is content.
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if ('id' in record && ('createdAt' in record || 'updatedAt' in record)) return record.id
    return Object.fromEntries(
      Object.keys(record)
        .filter((name) => name !== 'id')
        .sort()
        .map((name) => [name, canonical(record[name])]),
    )
  }
  return value ?? null
}

/** A stable fingerprint of the story's content, so an autosave of the same content is not "a change". */
export function contentHash(story: Record<string, unknown>): string {
  const content = Object.fromEntries(CONTENT_FIELDS.map((field) => [field, canonical(story[field])]))
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}
