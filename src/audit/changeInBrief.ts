// "The change in brief" of an audit event: which fields changed, never their values, except the few whose old and
// new values are themselves the story (a role). Secrets never enter the log, not even as a changed value.

/** Fields never named with their values, and never compared as content. */
const SECRET_FIELDS = new Set(['password', 'hash', 'salt', 'apiKey', 'apiKeyIndex', 'resetPasswordToken', 'resetPasswordExpiration', 'sessions', 'loginAttempts', 'lockUntil'])

/** Bookkeeping that changes on every save and says nothing about what someone did. */
const BOOKKEEPING_FIELDS = new Set(['id', 'updatedAt', 'createdAt', 'editingSession', 'expectedUpdatedAt', '_status', 'globalType'])

const sameValue = (a: unknown, b: unknown): boolean => {
  const normal = (value: unknown) => JSON.stringify(value ?? null, (_key, inner) => (inner && typeof inner === 'object' && 'id' in inner && !Array.isArray(inner) ? inner.id : inner))
  return normal(a) === normal(b)
}

/** The top-level fields whose value differs between two versions of a document, secrets and bookkeeping left out. */
export function changedFieldNames(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined): string[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  return [...names]
    .filter((name) => !SECRET_FIELDS.has(name) && !BOOKKEEPING_FIELDS.has(name))
    .filter((name) => !sameValue(before?.[name], after?.[name]))
    .sort()
}

/** An event's details are kept small: a handful of names, never a document. */
export const MAX_DETAIL_CHARACTERS = 2000

/** The details as stored: plain JSON, cut to size, with any secret-named key removed wherever it appears. */
export function briefDetails(details: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!details) return null
  const cleaned = JSON.parse(JSON.stringify(details, (key, value) => (SECRET_FIELDS.has(key) && key !== '' ? undefined : value))) as Record<string, unknown>
  const text = JSON.stringify(cleaned)
  return text.length <= MAX_DETAIL_CHARACTERS ? cleaned : { truncated: text.slice(0, MAX_DETAIL_CHARACTERS) }
}
