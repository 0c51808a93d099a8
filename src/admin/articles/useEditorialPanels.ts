'use client'
// One request per opened story for every panel beside the form (the sidebar, the notice by the Publish button, the
// credit lines under the editor's images): they share one copy of GET /api/articles/:id/editorial-panels, fetched
// when the story opens and again only after it was saved (autosave included, once typing pauses) or a panel
// changed it (a stage move, a note, a photo credited in a drawer). React's development double mounting shares it too.
import { useDocumentInfo } from '@payloadcms/ui'
import { useEffect, useSyncExternalStore } from 'react'

import { getJSON } from '../adminApi'
import { STORY_CHANGED_EVENT } from '../storyEvents'
import type { EditorialPanels } from './storyData'

type Id = number | string
type Snapshot = { data: EditorialPanels | null; error: string | null }

/** How long after the last save the panels ask again: autosave saves about every 800 ms while someone types. */
const AFTER_SAVE_DELAY_MS = 1200
/** How long a story's copy outlives its last panel (React remounts at once; a reopened story asks again). */
const FORGET_AFTER_MS = 2000

type Store = {
  snapshot: Snapshot
  listeners: Set<() => void>
  /** Increases with every request; only the newest request's answer is kept. */
  requestCount: number
  hasRequested: boolean
  lastSaveSeen: unknown
  refreshTimer?: ReturnType<typeof setTimeout>
  forgetTimer?: ReturnType<typeof setTimeout>
  stopListening?: () => void
}

const stores = new Map<string, Store>()
const EMPTY: Snapshot = { data: null, error: null }

function request(id: Id, store: Store) {
  store.hasRequested = true
  const number = ++store.requestCount
  getJSON<EditorialPanels>(`/api/articles/${encodeURIComponent(String(id))}/editorial-panels`)
    .then((data) => ({ data, error: null }))
    .catch((failure: Error) => ({ data: store.snapshot.data, error: failure.message }))
    .then((snapshot) => {
      if (number !== store.requestCount) return
      store.snapshot = snapshot
      for (const listener of store.listeners) listener()
    })
}

function storeOf(id: Id): Store {
  const key = String(id)
  let store = stores.get(key)
  if (!store) {
    const created: Store = { snapshot: EMPTY, listeners: new Set(), requestCount: 0, hasRequested: false, lastSaveSeen: undefined }
    const onChanged = () => request(id, created)
    window.addEventListener(STORY_CHANGED_EVENT, onChanged)
    created.stopListening = () => window.removeEventListener(STORY_CHANGED_EVENT, onChanged)
    stores.set(key, created)
    store = created
  }
  return store
}

function subscribe(id: Id, listener: () => void) {
  const store = storeOf(id)
  clearTimeout(store.forgetTimer)
  store.listeners.add(listener)
  if (!store.hasRequested) request(id, store)
  return () => {
    store.listeners.delete(listener)
    if (store.listeners.size) return
    store.forgetTimer = setTimeout(() => {
      if (store.listeners.size) return
      clearTimeout(store.refreshTimer)
      store.stopListening?.()
      stores.delete(String(id))
    }, FORGET_AFTER_MS)
  }
}

/** Called by every panel with the form's last save time: the first change from what the store saw asks again, once. */
function noteSave(id: Id, lastSave: unknown) {
  const store = storeOf(id)
  if (store.lastSaveSeen === undefined) {
    store.lastSaveSeen = lastSave
    return
  }
  if (store.lastSaveSeen === lastSave) return
  store.lastSaveSeen = lastSave
  clearTimeout(store.refreshTimer)
  store.refreshTimer = setTimeout(() => {
    // A panel's own change (a move) already asked again, and that answer has this save: nothing new to ask for.
    const shownVersion = Date.parse(store.snapshot.data?.story.updatedAt ?? '')
    if (typeof lastSave === 'number' && shownVersion >= lastSave) return
    request(id, store)
  }, AFTER_SAVE_DELAY_MS)
}

/** The story's panels' data (null until the first answer) and the last request's error, if it failed. */
export function useEditorialPanels(): Snapshot & { id: Id | null } {
  const { id, lastUpdateTime } = useDocumentInfo()
  const hasId = id !== undefined && id !== null
  const snapshot = useSyncExternalStore(
    (listener) => (hasId ? subscribe(id, listener) : () => {}),
    () => (hasId ? storeOf(id).snapshot : EMPTY),
    () => EMPTY,
  )
  useEffect(() => {
    if (hasId) noteSave(id, lastUpdateTime ?? null)
  }, [hasId, id, lastUpdateTime])
  return { ...snapshot, id: hasId ? id : null }
}
