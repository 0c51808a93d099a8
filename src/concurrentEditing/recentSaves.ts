// Which editing session (a browser tab) made the latest save of each document, as this process saw it.
// A tab's autosave can leave while its previous save is still being answered, carrying the version before
// that save: that is the tab catching up with itself, not someone else's change. Kept in memory: another
// process, or a restart, simply does not know, and the write is then judged strictly (a 409, never a loss).
const MOST_DOCUMENTS = 5000

const latestSave = new Map<string, { updatedAt: string; session: string }>()

export function rememberSave({ key, updatedAt, session }: { key: string; updatedAt: string; session: string }) {
  latestSave.delete(key)
  latestSave.set(key, { updatedAt, session })
  if (latestSave.size > MOST_DOCUMENTS) latestSave.delete(latestSave.keys().next().value as string)
}

/** True when the document's current version was saved by this same session. */
export function isOwnLatestSave({ key, updatedAt, session }: { key: string; updatedAt: string; session: string | undefined }): boolean {
  const saved = latestSave.get(key)
  return Boolean(session && saved && saved.session === session && saved.updatedAt === updatedAt)
}
