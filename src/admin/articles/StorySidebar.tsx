'use client'
// The story's sidebar: the publish gate's verdict on every image, then the workflow (stage, moves, notes, log).
import { useDocumentInfo } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import { useStoryRefreshKey } from '../storyEvents'
import '../panels.scss'
import { PublishReadinessPanel } from './PublishReadinessPanel'
import { loadStoryData, type StoryData } from './storyData'
import { WorkflowPanel } from './WorkflowPanel'

export function StorySidebar() {
  const { id } = useDocumentInfo()
  const refreshKey = useStoryRefreshKey()
  const [data, setData] = useState<StoryData | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (id === undefined || id === null) return
    let isCurrent = true
    loadStoryData(id)
      .then((loaded) => {
        if (!isCurrent) return
        setData(loaded)
        setError(null)
      })
      .catch((failure: Error) => isCurrent && setError(failure.message))
    return () => {
      isCurrent = false
    }
  }, [id, refreshKey])

  if (id === undefined || id === null) {
    return (
      <div className="nr-panel" data-testid="publish-readiness">
        <h3>Publish readiness</h3>
        <p className="nr-muted">Save the story once to check its images and move it through review.</p>
      </div>
    )
  }
  return (
    <>
      <PublishReadinessPanel data={data} error={error} />
      <WorkflowPanel id={id} story={data?.story ?? null} />
    </>
  )
}

export default StorySidebar
