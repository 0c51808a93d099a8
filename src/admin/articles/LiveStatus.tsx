'use client'
// Whether readers see a story, in lists and "where used" tables: "Live" or "Not live", never a bare true/false.
import type { DefaultCellComponentProps } from 'payload'
import React from 'react'

export function LiveStatusCell({ cellData }: DefaultCellComponentProps) {
  return cellData === true ? <strong>Live</strong> : <span>Not live</span>
}

/** The edit form shows nothing for it: the document's status beside the title already says whether it is live. */
export function LiveStatusField() {
  return null
}
