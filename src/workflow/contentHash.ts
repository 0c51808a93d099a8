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

/** Counted only when there are some, so a story without notes keeps the fingerprint it had before notes existed. */
const CONTENT_FIELDS_WHEN_PRESENT = ['readerNotes'] as const

// Relationship values arrive as ids or populated documents; rows carry generated ids: neither is content.
const isPopulatedDocument = (record: Record<string, unknown>) => 'id' in record && ('createdAt' in record || 'updatedAt' in record)

type Token = { value: unknown; inArray: boolean } | { text: string }

/**
 * `JSON.stringify` of the canonical form (keys sorted, `id`s of rows dropped, populated documents reduced to their
 * id, undefined as null), written without recursion: a value nested 20,000 levels deep must not overflow the stack.
 * Returns undefined where JSON.stringify would leave the value out (a populated document without an id).
 */
function canonicalJson(root: unknown): string | undefined {
  const out: string[] = []
  const stack: Token[] = [{ value: root, inArray: false }]
  while (stack.length) {
    const token = stack.pop()!
    if ('text' in token) {
      out.push(token.text)
      continue
    }
    const { value, inArray } = token
    if (Array.isArray(value)) {
      const parts: Token[] = [{ text: '[' }]
      value.forEach((item, index) => {
        if (index > 0) parts.push({ text: ',' })
        parts.push({ value: item, inArray: true })
      })
      parts.push({ text: ']' })
      for (let index = parts.length - 1; index >= 0; index -= 1) stack.push(parts[index]!)
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>
      if (isPopulatedDocument(record)) {
        const id = JSON.stringify(record.id)
        if (id !== undefined) out.push(id)
        else if (inArray) out.push('null')
        else return undefined
        continue
      }
      const parts: Token[] = [{ text: '{' }]
      // In the order JSON.stringify writes an object built from the sorted names: integer-like names come first.
      const names = Object.keys(
        Object.fromEntries(
          Object.keys(record)
            .filter((name) => name !== 'id')
            .sort()
            .map((name) => [name, true]),
        ),
      )
      let isFirst = true
      for (const name of names) {
        const child = record[name]
        // JSON.stringify leaves out a key whose value it cannot write.
        if (child && typeof child === 'object' && !Array.isArray(child) && isPopulatedDocument(child as Record<string, unknown>)) {
          if (JSON.stringify((child as Record<string, unknown>).id) === undefined) continue
        }
        parts.push({ text: `${isFirst ? '' : ','}${JSON.stringify(name)}:` }, { value: child, inArray: false })
        isFirst = false
      }
      parts.push({ text: '}' })
      for (let index = parts.length - 1; index >= 0; index -= 1) stack.push(parts[index]!)
    } else {
      out.push(JSON.stringify(value ?? null) ?? 'null')
    }
  }
  return out.join('')
}

/** A stable fingerprint of the story's content, so an autosave of the same content is not "a change". */
export function contentHash(story: Record<string, unknown>): string {
  const present = CONTENT_FIELDS_WHEN_PRESENT.filter((field) => Array.isArray(story[field]) && (story[field] as unknown[]).length > 0)
  const members = [...CONTENT_FIELDS, ...present].flatMap((field) => {
    const json = canonicalJson(story[field])
    return json === undefined ? [] : [`${JSON.stringify(field)}:${json}`]
  })
  return createHash('sha256').update(`{${members.join(',')}}`).digest('hex')
}
