'use client'
// Names this browser tab's editing session, so the server can tell a tab's own saves apart from another
// tab's (src/concurrentEditing/recentSaves.ts). Renders nothing.
import { useField } from '@payloadcms/ui'
import { useEffect, useRef } from 'react'

export function EditingSessionField({ path }: { path: string }) {
  const { value, setValue } = useField<string | null>({ path })
  const session = useRef<string>(crypto.randomUUID())
  useEffect(() => {
    // On opening, and whenever the server's answer to a save put something else in the form.
    if (value !== session.current) setValue(session.current, true)
  }, [value, setValue])
  return null
}
