'use client'
// Lets the story's panels tell each other (and the Publish notice) that the story moved or changed.
import { useDocumentInfo } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

const EVENT = 'newsroom:story-changed'

export const announceStoryChanged = () => window.dispatchEvent(new Event(EVENT))

/**
 * A number that changes shortly after the story is saved (autosave included) or a panel announces a
 * change; debounced so that typing, which autosaves every ~800 ms, does not flood the server.
 */
export function useStoryRefreshKey(delayMs = 1200): number {
  const { lastUpdateTime } = useDocumentInfo()
  const [announced, setAnnounced] = useState(0)
  const [key, setKey] = useState(0)

  useEffect(() => {
    const onChange = () => setAnnounced((count) => count + 1)
    window.addEventListener(EVENT, onChange)
    return () => window.removeEventListener(EVENT, onChange)
  }, [])

  useEffect(() => {
    const timer = window.setTimeout(() => setKey((count) => count + 1), delayMs)
    return () => window.clearTimeout(timer)
  }, [lastUpdateTime, announced, delayMs])

  return key
}
