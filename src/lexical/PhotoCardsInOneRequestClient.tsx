'use client'
// Installs src/lexical/photoCardReads.ts in the admin: the story editor's image cards read their photos in one list
// read instead of one request each. Installed when the editor's code loads, before any card mounts and asks; every
// request other than a card's read goes to the browser's fetch untouched.
import { createClientFeature } from '@payloadcms/richtext-lexical/client'

import { gatherPhotoCardReads } from './photoCardReads'

const INSTALLED = Symbol.for('newsroom.photoCardReadsGathered')

if (typeof window !== 'undefined' && !(window as unknown as Record<symbol, boolean>)[INSTALLED]) {
  ;(window as unknown as Record<symbol, boolean>)[INSTALLED] = true
  window.fetch = gatherPhotoCardReads({ fetch: window.fetch.bind(window) })
}

export const PhotoCardsInOneRequestClient = createClientFeature({})
