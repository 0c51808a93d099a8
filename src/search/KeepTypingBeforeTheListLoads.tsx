'use client'
// The stories list's search box is on the page, server-rendered, a moment before React takes it over. Text typed in
// that moment stayed in the box but never reached React, which then put its own empty value back at its first
// re-render (the list syncing its URL): typing right after the list appeared was wiped. When React takes over, this
// hands such text to it as the typing it was, so the search runs.
import { useLayoutEffect } from 'react'

const SEARCH_BOX_ID = 'search-filter-input'

/**
 * Passes text typed into a server-rendered input before hydration on to React's onChange. React sets an input's
 * `defaultValue` to its own value when it takes it over, so a different `value` was typed by someone; React only
 * reports a change from the value it saw last, hence the step through the default value.
 */
export function handEarlyTypingToReact(input: HTMLInputElement): boolean {
  const typed = input.value
  if (typed === input.defaultValue) return false
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set
  if (!setValue) return false
  setValue.call(input, input.defaultValue)
  input.dispatchEvent(new Event('input', { bubbles: true }))
  setValue.call(input, typed)
  input.dispatchEvent(new Event('input', { bubbles: true }))
  if (document.activeElement === input) input.setSelectionRange(typed.length, typed.length)
  return true
}

export function KeepTypingBeforeTheListLoads() {
  // A layout effect: it runs as React takes the page over, before anything re-renders the search box.
  useLayoutEffect(() => {
    const input = document.getElementById(SEARCH_BOX_ID)
    if (input instanceof HTMLInputElement) handEarlyTypingToReact(input)
  }, [])
  return null
}

export default KeepTypingBeforeTheListLoads
