'use client'
// Payload's live preview protocol (as @payloadcms/live-preview speaks it), for the staff draft page inside the
// admin's iframe: say "ready" to the admin, show typed headline and dek at once, and re-render on the server after
// each (auto)save so images, credit lines and everything else come from the saved draft under the same checks.
import { useRouter } from 'next/navigation'
import React, { createContext, useContext, useEffect, useState, type ReactNode } from 'react'

type Typed = { title?: string; dek?: string }

const TypedFields = createContext<Typed>({})

const isFromThisSite = (event: MessageEvent) => event.origin === window.location.origin

export function LivePreview({ children }: { children: ReactNode }) {
  const router = useRouter()
  const [typed, setTyped] = useState<Typed>({})
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (!isFromThisSite(event) || typeof event.data !== 'object' || event.data === null) return
      const message = event.data as { type?: string; data?: Record<string, unknown> }
      if (message.type === 'payload-document-event') router.refresh()
      if (message.type === 'payload-live-preview' && message.data) {
        const { title, dek } = message.data
        setTyped({ title: typeof title === 'string' ? title : undefined, dek: typeof dek === 'string' ? dek : undefined })
      }
    }
    window.addEventListener('message', onMessage)
    if (window.parent !== window) window.parent.postMessage({ type: 'payload-live-preview', ready: true }, window.location.origin)
    return () => window.removeEventListener('message', onMessage)
  }, [router])
  return <TypedFields.Provider value={typed}>{children}</TypedFields.Provider>
}

/** A text field as the editor is typing it, else as saved. Outside a live preview, the saved text. */
export function LiveText({ field, saved }: { field: keyof Typed; saved: string }) {
  const typed = useContext(TypedFields)[field]
  return <>{typed && typed.trim() !== '' ? typed : saved}</>
}
