'use client'
// Names this browser tab's editing session, so the server can tell a tab's own saves apart from another
// tab's (src/concurrentEditing/recentSaves.ts). Renders nothing.
import { useField } from '@payloadcms/ui'
import { useEffect, useRef } from 'react'

// randomUUID needs a secure context (https or localhost); an admin on plain http still gets a tab id.
const newSessionId = () =>
  typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 14)}`

export function EditingSessionField({ path }: { path: string }) {
  const { value, setValue } = useField<string | null>({ path })
  const session = useRef<string>(newSessionId())
  useEffect(() => {
    // On opening, and whenever the server's answer to a save put something else in the form.
    if (value !== session.current) setValue(session.current, true)
  }, [value, setValue])
  return null
}
