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
  const [line, setLine] = useState<string | null>(null)
  const [isLoading, setIsLoading] = useState(false)

  useEffect(() => {
    if (creditId === undefined) {
      setLine(null)
      return
    }
    let isCurrent = true
    setIsLoading(true)
    getJSON<{ creditLine?: string | null }>(`/api/photo-credits/${creditId}?depth=0`)
      .then((credit) => isCurrent && setLine(credit.creditLine ?? null))
      .catch(() => isCurrent && setLine(null))
      .finally(() => isCurrent && setIsLoading(false))
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
      {isLoading && !line ? 'Loading the credit line…' : (line ?? 'This credit does not name anyone yet.')}
    </p>
  )
}

export default CreditLinePreview
