'use client'
// The story's sidebar: the publish gate's verdict on every image, then the workflow (stage, moves, notes, log).
import React from 'react'

import '../panels.scss'
import { PublishReadinessPanel } from './PublishReadinessPanel'
import { useEditorialPanels } from './useEditorialPanels'
import { WorkflowPanel } from './WorkflowPanel'

export function StorySidebar() {
  const { id, data, error } = useEditorialPanels()

  if (id === null) {
    return (
      <div className="nr-panel" data-testid="publish-readiness">
        <h3>Publish readiness</h3>
        <p className="nr-muted">Save the story once to check its images and move it through review.</p>
      </div>
    )
  }
  return (
    <>
      <PublishReadinessPanel data={data} error={error ?? data?.readinessRefusal ?? null} />
      <WorkflowPanel id={id} panels={data} />
    </>
  )
}

export default StorySidebar
