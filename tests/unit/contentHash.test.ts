import { createHash } from 'node:crypto'

import fc from 'fast-check'

import { CONTENT_FIELDS, contentHash } from '../../src/workflow/contentHash'

/** The recursive version stored hashes were made with: the new one must agree with it on every document. */
function recursiveHash(story: Record<string, unknown>): string {
  const canonical = (value: unknown): unknown => {
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
  const content = Object.fromEntries(CONTENT_FIELDS.map((field) => [field, canonical(story[field])]))
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}

const populated = fc.record({ id: fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)), updatedAt: fc.string() })
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    fc.constant(undefined),
    populated,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('id', 'updatedAt', 'children')), tie('node'), { maxKeys: 4 }),
  ),
})).node
const story = fc.dictionary(fc.constantFrom(...CONTENT_FIELDS, 'stage', 'id'), value, { maxKeys: 8 })

describe('contentHash', () => {
  it('gives the same fingerprint as the recursive version stored hashes were made with', () => {
    fc.assert(fc.property(story, (document) => contentHash(document) === recursiveHash(document)), { numRuns: 500, seed: 20261204 })
  })

  it('fingerprints a value nested 20,000 levels deep without overflowing the stack', () => {
    let meta: unknown = { title: 'deep' }
    for (let level = 0; level < 20_000; level += 1) meta = [meta]
    expect(contentHash({ title: 'x', meta })).toMatch(/^[0-9a-f]{64}$/)
    expect(contentHash({ title: 'x', meta })).not.toBe(contentHash({ title: 'x', meta: [] }))
  })
})
