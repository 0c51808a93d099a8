import type { FieldHook, TextField } from 'payload'

import { slugify } from './slugify'

const deriveSlugFrom =
  (sourceField: string): FieldHook =>
  ({ value, data, originalDoc }) => {
    if (typeof value === 'string' && value.trim()) return slugify(value)
    const source = data?.[sourceField] ?? originalDoc?.[sourceField]
    return typeof source === 'string' ? slugify(source) || undefined : value
  }

/** A unique, URL-safe slug derived from `sourceField` unless an editor sets one. */
export function slugField(sourceField: string): TextField {
  return {
    name: 'slug',
    type: 'text',
    unique: true,
    index: true,
    admin: {
      position: 'sidebar',
      description: `Derived from the ${sourceField} when left empty.`,
    },
    hooks: { beforeValidate: [deriveSlugFrom(sourceField)] },
  }
}
