import type { Field } from 'payload'

/** The version comparison's component that shows nothing (src/admin/versions/NotDiffed.tsx). */
export const NOT_DIFFED = '/src/admin/versions/NotDiffed#NotDiffed'

type WithAdmin = { admin?: { components?: Record<string, unknown> } & Record<string, unknown> }

/**
 * A field the server keeps for itself, left out of the version comparison: Payload 3.90 compares every field it
 * has a component for, hidden ones included, unless the field names its own Diff component.
 */
export function notDiffed<T extends Field>(field: T): T {
  const { admin } = field as WithAdmin
  return { ...field, admin: { ...admin, components: { ...admin?.components, Diff: NOT_DIFFED } } } as T
}
