'use client'
// Next to the Publish button: why publishing would be refused, before anyone clicks it.
import { useDocumentInfo } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import { getJSON } from '../adminApi'
import { useStoryRefreshKey } from '../storyEvents'
import '../panels.scss'
import { type Readiness, whyPublishingIsBlocked } from './storyData'

export function PublishBlockedNotice() {
  const { id } = useDocumentInfo()
  const refreshKey = useStoryRefreshKey()
  const [reasons, setReasons] = useState<string[]>([])

  useEffect(() => {
    if (id === undefined || id === null) return
    let isCurrent = true
    getJSON<Readiness>(`/api/articles/${id}/publish-readiness`)
      .then((readiness) => isCurrent && setReasons(whyPublishingIsBlocked({ readiness })))
      .catch(() => isCurrent && setReasons([]))
    return () => {
      isCurrent = false
    }
  }, [id, refreshKey])

  if (reasons.length === 0) return null
  return (
    <div className="nr-publish-notice" role="status" data-testid="publish-blocked">
      <span aria-hidden>⚠</span>
      <span>Publishing is blocked: {reasons.join('; ')}.</span>
    </div>
  )
}

export default PublishBlockedNotice
