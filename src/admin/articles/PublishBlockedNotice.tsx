'use client'
// Next to the Publish button: why publishing would be refused, before anyone clicks it.
import React from 'react'

import '../panels.scss'
import { whyPublishingIsBlocked } from './storyData'
import { useEditorialPanels } from './useEditorialPanels'

export function PublishBlockedNotice() {
  const { data } = useEditorialPanels()
  const reasons = data?.readiness ? whyPublishingIsBlocked({ readiness: data.readiness }) : []
  if (reasons.length === 0) return null
  return (
    <div className="nr-publish-notice" role="status" data-testid="publish-blocked">
      <span aria-hidden>⚠</span>
      <span>Publishing is blocked: {reasons.join('; ')}.</span>
    </div>
  )
}

export default PublishBlockedNotice
