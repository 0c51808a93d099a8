'use client'
// Under the media item's credit picker: the credit line exactly as readers will see it, live as the credit changes.
import { useFormFields } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import { getJSON } from '../adminApi'
import { idOf } from '../../fields/relationIds'
import '../panels.scss'

export function CreditLinePreview() {
  const creditValue = useFormFields(([fields]) => fields.credit?.value)
  const creditId = idOf(creditValue)
  // The line is kept with the credit it belongs to, so a newly chosen credit never shows the previous one's line
  // while its own loads.
  const [loaded, setLoaded] = useState<{ creditId: typeof creditId; line: string | null } | null>(null)

  useEffect(() => {
    if (creditId === undefined) return
    let isCurrent = true
    getJSON<{ creditLine?: string | null }>(`/api/photo-credits/${creditId}?depth=0`)
      .then((credit) => isCurrent && setLoaded({ creditId, line: credit.creditLine ?? null }))
      .catch(() => isCurrent && setLoaded({ creditId, line: null }))
    return () => {
      isCurrent = false
    }
  }, [creditId])

  if (creditId === undefined) {
    return (
      <p className="nr-credit-preview nr-credit-preview--empty" data-testid="credit-line-preview">
        No credit yet: choose one, or create it with the + button. Stories cannot be published with this image until it has one.
      </p>
    )
  }
  return (
    <p className="nr-credit-preview" data-testid="credit-line-preview">
      {loaded?.creditId !== creditId ? 'Loading the credit line…' : (loaded.line ?? 'This credit does not name anyone yet.')}
    </p>
  )
}

export default CreditLinePreview
